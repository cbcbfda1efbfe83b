import "server-only";
// Removing a member: one transaction, then their broadcast stopped and LiveKit told; the
// removal stands if an upstream fails (docs/architecture.md, "Rooms and roles"; tests/integration/room-authority.test.ts).
import { LivestreamError } from "../contract";
import { removeParticipant, logUpstream, upstreamFailure } from "../upstream";
import { getActiveLivestream, stopLivestream } from "../livestream";
import { deleteMembership } from "../rooms";
import { revokeLinksMadeBy } from "../watch";

/** What a removal did: the broadcast it stopped, the links it revoked, and what is left to finish (sentences). */
export type MemberRemoval = {
  removed: true;
  stoppedLivestreamId: string | null;
  revokedShareLinks: number;
  revokedInviteId: string | null;
  problems: string[];
};

/** Removes `memberId` from `room` (owner only); `revokeInvite`: also revoke the invite they joined with. */
export async function removeMember(room: string, ownerId: string, memberId: string, options: { revokeInvite?: boolean } = {}): Promise<MemberRemoval> {
  let revokedShareLinks = 0;
  const { revokedInviteId } = await deleteMembership(room, ownerId, memberId, {
    revokeInvite: options.revokeInvite ?? false,
    alsoInTx: async (tx) => {
      revokedShareLinks = await revokeLinksMadeBy(tx, room, memberId);
    },
  });
  const problems: string[] = [];

  // The owner may control every broadcast of their room; only the removed member's is stopped.
  const live = await getActiveLivestream(room, ownerId);
  let stoppedLivestreamId: string | null = null;
  if (live && live.userId === memberId) {
    try {
      stoppedLivestreamId = (await stopLivestream(live.id, ownerId)).livestreamId;
    } catch (error) {
      // conflict: another stop got there first, which is what was wanted.
      if (error instanceof LivestreamError && error.code === "conflict") stoppedLivestreamId = live.id;
      else {
        const known = error instanceof LivestreamError ? error : upstreamFailure("LiveKit", "Could not stop their broadcast", error);
        problems.push(`Their broadcast could not be stopped cleanly (${known.message}). It no longer answers to them, and golive's reconcile finishes stopping it.`);
      }
    }
  }

  try {
    await removeParticipant(room, memberId);
  } catch (error) {
    logUpstream("LiveKit", `could not remove participant from room "${room}"`, error);
    problems.push("LiveKit could not take them out of the room just now: they stay connected until they leave, and can't rejoin.");
  }

  return { removed: true, stoppedLivestreamId, revokedShareLinks, revokedInviteId, problems };
}
