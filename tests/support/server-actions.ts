// Calls the app's server actions (src/app/actions/) in plain Node the way Next.js runs one:
// inside a request scope whose headers are the caller's (their session cookie), so the
// actions' `headers()` reads them. The scope is Next's own AsyncLocalStorage; only the
// fields `headers()` and `cookies()` read are filled in. Import this before any action.
import "./next-request-scope";
import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";
import { RequestCookiesAdapter } from "next/dist/server/web/spec-extension/adapters/request-cookies";
import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";

type WorkStore = Parameters<typeof workAsyncStorage.run>[0];
type WorkUnitStore = Parameters<typeof workUnitAsyncStorage.run>[0];

/** Runs `call` as a server action invoked by a browser holding `cookie` (none: signed out). */
export function callAction<T>(cookie: string | undefined, call: () => Promise<T>): Promise<T> {
  const headers = new Headers({ "next-action": "test", ...(cookie ? { cookie } : {}) });
  const cookies = RequestCookiesAdapter.seal(new RequestCookies(headers));
  const work = { route: "/", forceStatic: false, dynamicShouldError: false, isStaticGeneration: false } as unknown as WorkStore;
  const unit = { type: "request", phase: "action", headers, cookies, mutableCookies: cookies, userspaceMutableCookies: cookies } as unknown as WorkUnitStore;
  return workAsyncStorage.run(work, () => workUnitAsyncStorage.run(unit, call));
}
