import "server-only";
// What a viewer gets for a playback id: which broadcast it is, and — for a private one, only
// when watch-policy.ts lets them in — MUX playback tokens for the player (docs/architecture.md,
// "Private broadcasts"). Tokens are signed here, locally (no MUX request), for one hour: a
// revoked share link gets no new ones, and one already handed out stops working when it
// expires. Nothing here logs a token or a share secret.
import { eq, or } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { livestreams, type LivestreamStatus } from "@/lib/db/schema";
import { muxSigningKey } from "@/lib/env";
import type { CaptionLanguage, Visibility } from "./contract";
import { type PlaybackTokens, signPlaybackTokens } from "./mux";
import { livestreamIdOfPart } from "./recordings";
import { sharedLivestreamId } from "./share-links";
import { mayWatch } from "./watch-policy";

export const PLAYBACK_TOKEN_LIFETIME = "1h";

export type WatchTarget = {
  livestreamId: string;
  roomName: string;
  visibility: Visibility;
  captions: CaptionLanguage | null;
} & (
  | { kind: "live"; status: LivestreamStatus; vodPlaybackId: string | null }
  | { kind: "recording"; startedAt: Date | null; endedAt: Date | null }
);

/** `public`: no token needed; `signed`: the player needs these; `refused`: the policy said no. */
export type PlaybackGrant = { kind: "public" } | { kind: "signed"; tokens: PlaybackTokens } | { kind: "refused" };

async function findWatchTarget(playbackId: string): Promise<(WatchTarget & { ownerId: string }) | null> {
  const db = await getDb();
  const [direct] = await db
    .select()
    .from(livestreams)
    .where(or(eq(livestreams.muxPlaybackId, playbackId), eq(livestreams.vodPlaybackId, playbackId)))
    .limit(1);
  // An earlier recorded part (the row names only the latest): the same broadcast, the same rule.
  const partOf = direct ? undefined : await livestreamIdOfPart(playbackId);
  const [row] = direct ? [direct] : partOf ? await db.select().from(livestreams).where(eq(livestreams.id, partOf)).limit(1) : [];
  if (!row) return null;
  const common = { livestreamId: row.id, roomName: row.roomName, visibility: row.visibility, captions: row.captions, ownerId: row.userId };
  if (row.muxPlaybackId !== playbackId) {
    return { ...common, kind: "recording", startedAt: row.startedAt, endedAt: row.endedAt };
  }
  return { ...common, kind: "live", status: row.status, vodPlaybackId: row.vodPlaybackId };
}

/**
 * The broadcast behind `playbackId` and what this viewer may play of it; null when no broadcast
 * has that playback id. `shareToken` is the `?share=` of a share link, if the request had one.
 */
export async function watchAccess(
  playbackId: string,
  viewer: { userId: string | null; shareToken?: string | null },
): Promise<{ target: WatchTarget; grant: PlaybackGrant } | null> {
  const found = await findWatchTarget(playbackId);
  if (!found) return null;
  const { ownerId, ...target } = found;
  return { target, grant: await grantFor(playbackId, { ...target, ownerId }, viewer) };
}

/** Tokens for a playback id of a broadcast the caller already holds (the owner's recordings page). */
export async function ownerPlaybackTokens(playbackId: string): Promise<PlaybackTokens | null> {
  const key = muxSigningKey();
  return key ? signPlaybackTokens(playbackId, key, PLAYBACK_TOKEN_LIFETIME) : null;
}

async function grantFor(
  playbackId: string,
  broadcast: { livestreamId: string; ownerId: string; visibility: Visibility },
  viewer: { userId: string | null; shareToken?: string | null },
): Promise<PlaybackGrant> {
  if (broadcast.visibility === "public") return { kind: "public" };
  const shared = viewer.shareToken ? await sharedLivestreamId(viewer.shareToken) : null;
  if (!mayWatch(broadcast, { userId: viewer.userId, sharedLivestreamId: shared })) return { kind: "refused" };
  const tokens = await ownerPlaybackTokens(playbackId);
  // Going private needs the signing key (startLivestream refuses otherwise); one removed since
  // leaves nothing to sign with: the viewer is told, not given a broken player.
  return tokens ? { kind: "signed", tokens } : { kind: "refused" };
}
