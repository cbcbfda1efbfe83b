import "server-only";
// Removing a member takes effect on everything at once (docs/architecture.md, "Rooms and
// roles"). In order:
// 1. One transaction: the membership goes, the removal is recorded (the invite they joined
//    with no longer lets them back), their working share links for the room's broadcasts are
//    revoked, and — if asked — the invite they joined with too. From its commit on, the rule in
//    broadcast-policy.ts gives them nothing in this room: every control they try is a 404.
// 2. Their live broadcast in the room is stopped by the ordinary stop, as the owner would
//    (egress stopped, MUX completed, the recording finalised by MUX's webhooks).
// 3. LiveKit takes them out of the room now (RemoveParticipant), not when their token expires.
// Steps 2 and 3 call upstreams that can fail; the removal stands either way and the answer
// says what is left: a stop whose StopEgress failed leaves the row `failed` ("The egress may
// still be running."), and reconcile stops that egress (docs/architecture.md, "Reconcile");
// a failed RemoveParticipant leaves them connected until they leave, unable to get a new token.
import { LivestreamError } from "../contract";
import { removeParticipant } from "../upstream";
import { getActiveLivestream, stopLivestream } from "../livestream";
import { deleteMembership } from "../rooms";
import { revokeLinksMadeBy } from "../watch";
import { logUpstream, upstreamFailure } from "../upstream";

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
