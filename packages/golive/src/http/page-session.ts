// The signed-in user of a host's page, from the host's own session lookup (docs/architecture.md,
// "The host"). It reads the request's headers, so a page calls it in a component under
// <Suspense>: that is what `cacheComponents` asks of request-time reads, and no segment sets `dynamic`.
import { headers } from "next/headers";
import type { SessionHost, SessionUser } from "./session-host";

export type PageSession = {
  /** The signed-in user of this request, or null. `fresh` for a page whose opening writes (the room page claims a name). */
  sessionUser(options?: { fresh?: boolean }): Promise<SessionUser | null>;
  /** The signed-in user, or a redirect to the host's sign-in path with `?next=returnTo`, to come back here. */
  pageUser(returnTo: string, options?: { fresh?: boolean }): Promise<SessionUser>;
  /** The host's sign-in path with `?next=returnTo`, for a page's own "Sign in" link. */
  signInHref(returnTo: string): string;
};

export function pageSession(session: SessionHost, signInPath: string): PageSession {
  const sessionUser = async ({ fresh = false }: { fresh?: boolean } = {}) => session.getSessionUser(await headers(), { fresh });
  const signInHref = (returnTo: string) => `${signInPath}?next=${encodeURIComponent(returnTo)}`;
  return {
    sessionUser,
    signInHref,
    async pageUser(returnTo, options) {
      const user = await sessionUser(options);
      // Loaded here, not at the top: next/navigation needs React, and the host file is also loaded
      // outside Next (scripts/dev.ts settles the sandbox's broadcasts; tests/e2e/dev-log.test.ts).
      if (user) return user;
      const { redirect } = await import("next/navigation");
      return redirect(signInHref(returnTo));
    },
  };
}
