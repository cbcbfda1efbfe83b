// What every authenticated route shares: the host's session check, the cross-site refusal and the
// error mapping, so a route reads parse → one service call → typed response (docs/architecture.md,
// "The host", "Module map").
import { errorJson, errorResponse } from "./errors";
import type { SessionHost, SessionUser } from "./session-host";

export type Handler = (request: Request) => Promise<Response>;
type UserHandler = (request: Request, user: SessionUser) => Promise<Response>;

const isRead = (request: Request) => request.method === "GET" || request.method === "HEAD";

/**
 * Defence in depth against cross-site requests (a host's session cookie is usually SameSite=Lax
 * already): a browser's state-changing request from another origin is refused. Requests without
 * an Origin header (curl, servers) are not browsers' cross-site requests and pass.
 */
function crossSite(request: Request, session: SessionHost): boolean {
  if (isRead(request)) return false;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true; // "null" (sandboxed frames, some redirects) or garbage
  }
  // Same origin: the host the browser addressed. `request.url` can't tell, because `next dev`
  // rewrites its host to the one it listens on (127.0.0.1 arrives as localhost).
  const hosts = [request.headers.get("host"), new URL(request.url).host];
  const publicUrl = session.publicUrl?.();
  if (publicUrl) hosts.push(new URL(publicUrl).host);
  return !hosts.includes(originHost);
}

/**
 * An answer for one signed-in person: no shared cache (a CDN, a proxy) may keep it, and no
 * browser may store it. Errors too — a 404 says whether something exists for this user.
 */
export function privateAnswer(response: Response): Response {
  try {
    response.headers.set("cache-control", "private, no-store");
    return response;
  } catch {
    // Immutable headers (a Response.redirect): copy it.
    const copy = new Response(response.body, response);
    copy.headers.set("cache-control", "private, no-store");
    return copy;
  }
}

/**
 * A handler for signed-in people only. Every method but GET and HEAD asks the host for a
 * fresh session (checked in its database); `writes: true` does so for a GET that changes
 * something (claims a room, grants a LiveKit seat).
 */
export function withSession(session: SessionHost, handler: UserHandler, { writes = false }: { writes?: boolean } = {}): Handler {
  return async (request) => privateAnswer(await authenticated(session, request, handler, writes));
}

async function authenticated(session: SessionHost, request: Request, handler: UserHandler, writes: boolean): Promise<Response> {
  try {
    const user = await session.getSessionUser(request.headers, { fresh: writes || !isRead(request) });
    if (!user) return errorJson("unauthorized", "Sign in to continue.");
    if (crossSite(request, session)) return errorJson("forbidden", "Requests from other sites are refused.");
    return await handler(request, user);
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * Like withSession, for the one route a share-link holder without an account calls too (the
 * watch page's token renewal, docs/architecture.md "Private broadcasts"): `user` is null
 * without a session, and the handler decides. Cross-site browser requests are refused all the same.
 */
export function withOptionalSession(session: SessionHost, handler: (request: Request, user: SessionUser | null) => Promise<Response>): Handler {
  return async (request) => {
    try {
      if (crossSite(request, session)) return privateAnswer(errorJson("forbidden", "Requests from other sites are refused."));
      return privateAnswer(await handler(request, await session.getSessionUser(request.headers, { fresh: false })));
    } catch (error) {
      return privateAnswer(errorResponse(error));
    }
  };
}
