// Who may watch a private broadcast: one pure, replaceable rule (docs/architecture.md,
// "Private broadcasts"; tests/unit/watch-policy.test.ts).
import type { Visibility, RoomRole } from "../contract";

/** LIVESTREAM_PRIVATE_WATCHERS: who besides share-link holders may watch a private broadcast. */
export type PrivateWatchers = "members" | "signed-in";

export type WatchedBroadcast = {
  livestreamId: string;
  visibility: Visibility;
  /** The user who started it. */
  starterId: string;
  /** The owner of its room, or null when golive has no owner on record for that room (a broadcast from before rooms had owners). */
  roomOwnerId: string | null;
};

export type Viewer = {
  /** The signed-in user, if any. */
  userId: string | null;
  /** That user's role in the broadcast's room now (room_members), or null when they are not a member (never were, or were removed). */
  roomRole: RoomRole | null;
  /** The broadcast a working share link of the request names (share-links.ts), if any. */
  sharedLivestreamId: string | null;
};

/**
 * Default: public broadcasts to anyone; a private one to holders of a working share link of it
 * and, with `members` (the default), to its room's owner and its room's current members of any
 * role — the starter too, but only while still a member, so removing them ends their watching
 * as well. With `signed-in`, to any signed-in user. Enforced by tests/unit/watch-policy.test.ts
 * and tests/integration/private-watchers.test.ts.
 */
export function mayWatch(broadcast: WatchedBroadcast, viewer: Viewer, privateWatchers: PrivateWatchers = "members"): boolean {
  if (broadcast.visibility === "public") return true;
  if (viewer.sharedLivestreamId === broadcast.livestreamId) return true;
  if (viewer.userId === null) return false;
  if (privateWatchers === "signed-in") return true;
  // No room on record: nobody's membership can be checked, so only the starter.
  if (broadcast.roomOwnerId === null) return viewer.userId === broadcast.starterId;
  return viewer.userId === broadcast.roomOwnerId || viewer.roomRole !== null;
}
