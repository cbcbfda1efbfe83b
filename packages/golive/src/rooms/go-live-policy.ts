import "server-only";
// Who may take a room live: a present host; the one rule go-live asks, replaceable by host apps
// (docs/architecture.md, "Rooms and roles"; tests/integration/rooms.test.ts).
import { LivestreamError } from "../contract";
import { claimRoom, roleInAsking } from "./rooms";
import { participantIdentities, upstreamFailure } from "../upstream";
import { presentPerWebhooks, presentPerWebhooksSql } from "./presence";

const emptyRoom = (roomName: string) =>
  new LivestreamError(
    "room_unavailable",
    `Room "${roomName}" can't go live: LiveKit has no such room with people in it. Join the room (at least one participant) before going live.`,
  );

const notHost = (roomName: string) =>
  new LivestreamError("forbidden", `Only a host of room "${roomName}" can take it live: ask its owner for a host invite.`);

/**
 * Refuses unless `userId` may take `roomName` live; a room nobody owns is claimed by them. A
 * replacement throws LivestreamError("forbidden", …) for 403, ("room_unavailable", …) for 422.
 */
export async function assertMayBroadcast(roomName: string, userId: string): Promise<void> {
  // The role and the presence record in one query (undefined presence: a room nobody owns).
  const { access, holds: present } = await roleInAsking(roomName, userId, presentPerWebhooksSql(roomName, userId));
  // Refused before asking LiveKit: a stranger learns nothing about who is in the room.
  if (access !== "unowned" && access?.role !== "host") throw notHost(roomName);
  // The webhooks' record saves a LiveKit call per go-live; without one, LiveKit decides.
  if (!(present ?? (await presentPerWebhooks(roomName, userId)))) await assertPresent(roomName, userId);
  if (access === "unowned") {
    const { access: claimed } = await claimRoom(roomName, userId);
    if (claimed?.role !== "host") throw notHost(roomName); // someone else claimed it first
  }
}

async function assertPresent(roomName: string, userId: string): Promise<void> {
  let identities: string[];
  try {
    // A room LiveKit doesn't have has nobody in it.
    identities = await participantIdentities(roomName);
  } catch (error) {
    throw upstreamFailure("LiveKit", "Could not check who is in the room", error);
  }
  if (identities.length === 0) throw emptyRoom(roomName);
  if (!identities.includes(userId)) {
    throw new LivestreamError("forbidden", `You can only go live from a room you are in: join "${roomName}" first.`);
  }
}

export { emptyRoom, notHost };
