import "server-only";
// What a viewer gets for a playback id: the broadcast, and for a private one the rule's verdict
// and short-lived MUX playback tokens (docs/architecture.md, "Private broadcasts"; tests/integration/private-watchers.test.ts).
import { and, eq, or, type SQL, sql } from "drizzle-orm";
import { getDb, livestreams, type LivestreamStatus, roomMembers, rooms } from "../db";
import { muxSigningKey, playbackTokenSeconds, privateWatchers } from "../config";
import type { CaptionLanguage, Visibility, RoomRole } from "../contract";
import { type PlaybackTokens, signPlaybackTokens } from "../upstream";
import { livestreamIdOfPart } from "../livestream";
import { sharedLivestreamId } from "./share-links";
import { mayWatch, type WatchedBroadcast } from "./policy";

export type WatchTarget = {
  livestreamId: string;
  roomName: string;
  visibility: Visibility;
  captions: CaptionLanguage | null;
  /** The broadcast's title and description; null when not given. Shown only to who may watch it. */
  title: string | null;
  description: string | null;
} & (
  | { kind: "live"; status: LivestreamStatus; vodPlaybackId: string | null }
  | { kind: "recording"; startedAt: Date | null; endedAt: Date | null }
);

/**
 * `public`: no token needed; `signed`: the player needs these tokens, which stop working at
 * `expiresAt`; `refused`: the rule said no.
 */
export type PlaybackGrant = { kind: "public" } | { kind: "signed"; tokens: PlaybackTokens; expiresAt: Date } | { kind: "refused" };

type Found = { target: WatchTarget; broadcast: WatchedBroadcast; roomRole: RoomRole | null };

async function findWatchTarget(playbackId: string, userId: string | null): Promise<Found | null> {
  const db = await getDb();
  const byPlaybackId = (matches: SQL | undefined) =>
    db
      .select({ row: livestreams, roomOwnerId: rooms.ownerId, roomRole: roomMembers.role })
      .from(livestreams)
      .leftJoin(rooms, eq(rooms.name, livestreams.roomName))
      // The viewer's membership now: a removed member has no row, so no role.
      .leftJoin(roomMembers, and(eq(roomMembers.roomName, livestreams.roomName), userId === null ? sql<boolean>`false` : eq(roomMembers.userId, userId)))
      .where(matches)
      .limit(1);
  let [found] = await byPlaybackId(or(eq(livestreams.muxPlaybackId, playbackId), eq(livestreams.vodPlaybackId, playbackId)));
  if (!found) {
    // An earlier recorded part (the row names only the latest): the same broadcast, the same rule.
    const partOf = await livestreamIdOfPart(playbackId);
    if (partOf) [found] = await byPlaybackId(eq(livestreams.id, partOf));
  }
  if (!found) return null;
  const { row, roomOwnerId, roomRole } = found;
  const common = { livestreamId: row.id, roomName: row.roomName, visibility: row.visibility, captions: row.captions, title: row.title, description: row.description };
  const broadcast: WatchedBroadcast = { livestreamId: row.id, visibility: row.visibility, starterId: row.userId, roomOwnerId };
  const target: WatchTarget =
    row.muxPlaybackId !== playbackId
      ? { ...common, kind: "recording", startedAt: row.startedAt, endedAt: row.endedAt }
      : { ...common, kind: "live", status: row.status, vodPlaybackId: row.vodPlaybackId };
  return { target, broadcast, roomRole };
}

/**
 * The broadcast behind `playbackId` and what this viewer may play of it; null when no broadcast
 * has that playback id. `shareToken` is the `?share=` of a share link, if the request had one.
 */
export async function watchAccess(
  playbackId: string,
  viewer: { userId: string | null; shareToken?: string | null },
): Promise<{ target: WatchTarget; grant: PlaybackGrant } | null> {
  const found = await findWatchTarget(playbackId, viewer.userId);
  if (!found) return null;
  return { target: found.target, grant: await grantFor(playbackId, found, viewer) };
}

async function grantFor(playbackId: string, found: Found, viewer: { userId: string | null; shareToken?: string | null }): Promise<PlaybackGrant> {
  const { broadcast, roomRole } = found;
  if (broadcast.visibility === "public") return { kind: "public" };
  const shared = viewer.shareToken ? await sharedLivestreamId(viewer.shareToken) : null;
  if (!mayWatch(broadcast, { userId: viewer.userId, roomRole, sharedLivestreamId: shared }, privateWatchers())) return { kind: "refused" };
  const key = muxSigningKey();
  // Going private needs the signing key (startLivestream refuses otherwise); one removed since
  // leaves nothing to sign with: the viewer is told, not given a broken player.
  if (!key) return { kind: "refused" };
  const seconds = playbackTokenSeconds();
  // MUX's SDK dates `exp` from the whole second it signs in; this one is never later than it.
  const expiresAt = new Date((Math.floor(Date.now() / 1000) + seconds) * 1000);
  return { kind: "signed", tokens: await signPlaybackTokens(playbackId, key, `${seconds}s`), expiresAt };
}

/** A private playback id's thumbnail token for the recordings page's viewer, when the rule lets them watch it. */
export async function thumbnailToken(playbackId: string, userId: string): Promise<string | undefined> {
  const access = await watchAccess(playbackId, { userId });
  return access?.grant.kind === "signed" ? access.grant.tokens.thumbnail : undefined;
}
