// Stand-in for `next/headers` under Vitest (see vitest.config.ts), so server actions run in
// plain Node as they do inside a request: `withRequest(headers, action)` gives the action the
// request's headers and collects the cookies it sets. Outside `withRequest` both calls throw,
// as Next's do outside a request.
import { AsyncLocalStorage } from "node:async_hooks";

export type SetCookie = { name: string; value: string; options: Record<string, unknown> };
type Scope = { headers: Headers; set: SetCookie[] };

const scope = new AsyncLocalStorage<Scope>();

function current(call: string): Scope {
  const store = scope.getStore();
  if (!store) throw new Error(`\`${call}\` was called outside a request scope (use withRequest in tests).`);
  return store;
}

export async function headers(): Promise<Headers> {
  return current("headers").headers;
}

const requestCookies = (store: Scope): Map<string, string> =>
  new Map(
    (store.headers.get("cookie") ?? "")
      .split(";")
      .map((part) => part.trim())
      .filter((part) => part.includes("="))
      .map((part) => [part.slice(0, part.indexOf("=")), part.slice(part.indexOf("=") + 1)] as const),
  );

export async function cookies() {
  const store = current("cookies");
  return {
    get: (name: string) => {
      const value = requestCookies(store).get(name);
      return value === undefined ? undefined : { name, value };
    },
    getAll: () => [...requestCookies(store)].map(([name, value]) => ({ name, value })),
    has: (name: string) => requestCookies(store).has(name),
    set: (name: string, value: string, options: Record<string, unknown> = {}) => {
      store.set.push({ name, value, options });
    },
    delete: (name: string) => {
      store.set.push({ name, value: "", options: { maxAge: 0 } });
    },
  };
}

/** Runs `action` as a server action of a request with these headers; what it returned (or threw) and the cookies it set. */
export async function withRequest<T>(
  requestHeaders: Record<string, string>,
  action: () => Promise<T>,
): Promise<{ result: T; cookies: SetCookie[] } | { thrown: unknown; cookies: SetCookie[] }> {
  const store: Scope = { headers: new Headers(requestHeaders), set: [] };
  try {
    const result = await scope.run(store, action);
    return { result, cookies: store.set };
  } catch (thrown) {
    return { thrown, cookies: store.set };
  }
}
