// Who may watch a private broadcast: one replaceable rule, like room-policy.ts is for going
// live (docs/architecture.md, "Private broadcasts"). Pure: the watch page and the recordings
// page ask it through watch-access.ts, which signs MUX playback tokens only when it says yes.
// A host app with its own audience model (ticket holders, a course's students) swaps this
// function; everything else stays.
import type { Visibility } from "./contract";

export type WatchedBroadcast = { livestreamId: string; ownerId: string; visibility: Visibility };

export type Viewer = {
  /** The signed-in user, if any. */
  userId: string | null;
  /** The broadcast a working share link of the request names (share-links.ts), if any. */
  sharedLivestreamId: string | null;
};

/** Default: public broadcasts to anyone; private ones to their owner, any signed-in user of this app, and share-link holders. */
export function mayWatch(broadcast: WatchedBroadcast, viewer: Viewer): boolean {
  if (broadcast.visibility === "public") return true;
  return viewer.userId !== null || viewer.sharedLivestreamId === broadcast.livestreamId;
}
