// Share links of private broadcasts and the watch page's playback-token renewal
// (docs/reference/api.md; docs/architecture.md, "Private broadcasts").
import { badRequest, createShareLinkBodySchema, LivestreamError, playbackTokensBodySchema, revokeShareLinkBodySchema, shareLinksQuerySchema } from "../contract";
import { createShareLink, listShareLinks, playbackUrls, revokeShareLink, watchAccess } from "../watch";
import { readJson, readQuery } from "./body";
import { withOptionalSession, withSession } from "./session";
import { linkUrl, type SessionHost } from "./session-host";

export function shareLinkRoutes(session: SessionHost) {
  return {
    /**
     * A share link to your private broadcast: 201 { link, url }. The url (the watch page with its
     * signed token) is answered only here; the list shows links without it.
     */
    POST: withSession(session, async (request, user) => {
      const { livestreamId, expiresInHours } = await readJson(request, createShareLinkBodySchema);
      const { link, path } = await createShareLink(livestreamId, user.id, { expiresInHours });
      return Response.json({ link, url: linkUrl(session, path, request) }, { status: 201, headers: { "cache-control": "no-store" } });
    }),
    /** Your broadcast's share links: { links: [{ id, livestreamId, createdAt, expiresAt, revokedAt, state }] }. */
    GET: withSession(session, async (request, user) => {
      const { livestreamId } = readQuery(request, shareLinksQuerySchema);
      return Response.json({ links: await listShareLinks(livestreamId, user.id) });
    }),
    /** Revoke a share link: { link }. The watch page signs nothing more for it. */
    DELETE: withSession(session, async (request, user) => {
      const { linkId } = await readJson(request, revokeShareLinkBodySchema);
      return Response.json({ link: await revokeShareLink(linkId, user.id) });
    }),
  };
}

export function playbackTokenRoutes(session: SessionHost) {
  return {
    /**
     * Fresh playback tokens for a private broadcast the caller may still watch — the watch page
     * asks before its tokens expire: `{ player, expiresAt }` (the player source with the new
     * tokens). The caller is their session and/or `share` (a share link's token, sent in the body
     * so no request log holds it); no session is needed when the link works. Refused by the watch
     * rule (revoked or expired link, removed member) → 403; no such playback id → 404; public → 400.
     */
    POST: withOptionalSession(session, async (request, user) => {
      const { playbackId, share } = await readJson(request, playbackTokensBodySchema);
      const access = await watchAccess(playbackId, { userId: user?.id ?? null, shareToken: share ?? null });
      if (!access) throw new LivestreamError("not_found", "There is no broadcast or recording with this playback id.");
      const { grant } = access;
      if (grant.kind === "public") throw badRequest("This broadcast is public: it plays without playback tokens.");
      if (grant.kind === "refused") {
        throw new LivestreamError(
          "forbidden",
          "You can no longer watch this broadcast: your share link has expired or was revoked, or you are no longer a member of the room. Ask the host if you should still have access.",
        );
      }
      return Response.json({ player: playbackUrls().player(playbackId, grant.tokens), expiresAt: grant.expiresAt });
    }),
  };
}
