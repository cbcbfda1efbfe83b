// What golive's routes and actions need of the host's sessions (docs/architecture.md, "The host").

/** The signed-in person as the host knows them; `id` is also the LiveKit identity. */
export type SessionUser = { id: string; name?: string };

/**
 * The host's session lookup. `fresh: true` (every write, and GETs that write) must check the
 * session in the host's database, past any cookie cache: a signed-out session's copied cookie
 * must not write. Reads may answer from a cache.
 */
export type GetSessionUser = (headers: Headers, options: { fresh: boolean }) => Promise<SessionUser | null>;

export type SessionHost = {
  getSessionUser: GetSessionUser;
  /** The app's public URL, if it has one: the same-origin check trusts its host too, and links are built on it. */
  publicUrl?: () => string | undefined;
};

/** Where links golive answers (invites, share links) point: the public URL, else the request's own. */
export function linkUrl(session: SessionHost, path: string, request: Request): string {
  return new URL(path, session.publicUrl?.() ?? request.url).toString();
}
