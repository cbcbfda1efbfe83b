import "server-only";
// Who may take a room live. The default rule: a signed-in user may broadcast a room only
// while they are a participant in it (LiveKit identity = their user id), so a stranger who
// knows a room's name cannot broadcast it.
//
// To change the rule (e.g. hosts by role, or identities that aren't user ids), replace the
// body of `assertMayBroadcast`: it is the only place the service asks. Throw
// LivestreamError("forbidden", …) for 403, ("room_unavailable", …) for 422.
import { LivestreamError } from "./errors";
import { roomServiceClient, twirpCode, upstreamFailure } from "./upstream";

const emptyRoom = (roomName: string) =>
  new LivestreamError(
    "room_unavailable",
    `Room "${roomName}" can't go live: LiveKit has no such room with people in it. Join the room (at least one participant) before going live.`,
  );

export async function assertMayBroadcast(roomName: string, userId: string): Promise<void> {
  let identities: string[];
  try {
    identities = (await roomServiceClient().listParticipants(roomName)).map((p) => p.identity);
  } catch (error) {
    if (twirpCode(error) === "not_found") throw emptyRoom(roomName);
    throw upstreamFailure("LiveKit", "Could not check who is in the room", error);
  }
  if (identities.length === 0) throw emptyRoom(roomName);
  if (!identities.includes(userId)) {
    throw new LivestreamError("forbidden", `You can only go live from a room you are in: join "${roomName}" first.`);
  }
}

export { emptyRoom };
