// Calls the app's server actions (src/app/actions/, the sign-in form's) in plain Node the way
// Next.js runs one: inside Next's own request scope, in its "action" phase, built by Next's
// own request store from the caller's headers. So the actions' `headers()` and `cookies()`
// are Next's real ones (sealed headers, cookies that may be set only while the action runs),
// and the cookies an action sets are collected as the Set-Cookie values of its response.
// Import this (or ./next-request-scope) before any action.
import "./next-request-scope";
import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";
import { createRequestStore } from "next/dist/server/async-storage/request-store";

type WorkStore = Parameters<typeof workAsyncStorage.run>[0];

/** What an action returned, or threw (e.g. `redirect()`), and the Set-Cookie values of its response. */
export type ActionRun<T> = { result: T; cookies: string[] } | { thrown: unknown; cookies: string[] };

/** Runs `action` as a server action of a request with these headers. */
export async function withRequest<T>(requestHeaders: Record<string, string>, action: () => Promise<T>): Promise<ActionRun<T>> {
  let cookies: string[] = [];
  const request = createRequestStore({
    phase: "action",
    headers: new Headers({ "next-action": "test", ...requestHeaders }),
    // Next passes every cookie modified so far, each time one is.
    onUpdateCookies: (modified) => {
      cookies = modified;
    },
    url: { pathname: "/" },
    rootParams: {},
    implicitTags: { tags: [], expirationsByCacheKind: new Map() },
    resumeDataCache: null,
    previewProps: undefined,
    isHmrRefresh: false,
    serverComponentsHmrCache: undefined,
    hmrRefreshHash: undefined,
    stagedFallbackParams: null,
  });
  // Only the fields `headers()` and `cookies()` read; the rest of a work store is a render's.
  const work = { route: "/", forceStatic: false, dynamicShouldError: false, isStaticGeneration: false } as unknown as WorkStore;
  try {
    const result = await workAsyncStorage.run(work, () => workUnitAsyncStorage.run(request, action));
    return { result, cookies };
  } catch (thrown) {
    return { thrown, cookies };
  }
}

/** Runs `call` as a server action invoked by a browser holding `cookie` (none: signed out); what it returned. */
export async function callAction<T>(cookie: string | undefined, call: () => Promise<T>): Promise<T> {
  const run = await withRequest(cookie ? { cookie } : {}, call);
  if ("thrown" in run) throw run.thrown;
  return run.result;
}
