// POST /api/video/playback-tokens: the watch page's token renewal (docs/reference/api.md;
// docs/architecture.md, "Private broadcasts").
import { NextResponse } from "next/server";
import { readJson, withOptionalSession } from "@/lib/api/route";
import { badRequest, LivestreamError, playbackTokensBodySchema } from "@golive/next/contract";
import { playbackUrls, watchAccess } from "@golive/next/watch";

/**
 * Fresh playback tokens for a private broadcast the caller may still watch — the watch page
 * asks before its tokens expire: `{ player, expiresAt }` (the player source with the new
 * tokens). The caller is their session and/or `share` (a share link's token, sent in the body
 * so no request log holds it); no session is needed when the link works. Refused by the watch
 * rule (revoked or expired link, removed member) → 403; no such playback id → 404; public → 400.
 */
export const POST = withOptionalSession(async (request, user) => {
  const { playbackId, share } = await readJson(request, playbackTokensBodySchema);
  const access = await watchAccess(playbackId, { userId: user?.id ?? null, shareToken: share ?? null });
  if (!access) throw new LivestreamError("not_found", "There is no broadcast or recording with this playback id.");
  const { grant } = access;
  if (grant.kind === "public") throw badRequest("This broadcast is public: it plays without playback tokens.");
  if (grant.kind === "refused") {
    throw new LivestreamError("forbidden", "You can no longer watch this broadcast: your share link has expired or was revoked, or you are no longer a member of the room. Ask the host if you should still have access.");
  }
  return NextResponse.json({ player: playbackUrls().player(playbackId, grant.tokens), expiresAt: grant.expiresAt });
});
