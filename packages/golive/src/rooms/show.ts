import "server-only";
// The room's show document, kept in LiveKit's room metadata so a custom template and every
// browser in the room read the same one; only the owner or a host changes it
// (docs/architecture.md, "Rooms and roles"; tests/integration/room-show.test.ts).
import { LivestreamError, type Show, serializeShow } from "../contract";
import { updateRoomMetadata, upstreamFailure } from "../upstream";
import { roleIn } from "./rooms";

const notYours = (room: string) =>
  new LivestreamError("not_found", `Room "${room}" not found, or it belongs to someone else: ask its owner for an invite link.`);

const notHost = (room: string) => new LivestreamError("forbidden", `Only a host of room "${room}" can change its show: ask its owner for a host invite.`);

const closed = (room: string) =>
  new LivestreamError("room_unavailable", `Room "${room}" is not open on LiveKit, so its show can't be set: join the room first.`);

/** Sets `room`'s show as `userId`; resolves the show as stored. */
export async function setShow(room: string, userId: string, show: Show): Promise<Show> {
  const access = await roleIn(room, userId);
  // A stranger learns no more than for any other room they don't belong to.
  if (access === "unowned" || !access) throw notYours(room);
  if (!access.owner && access.role !== "host") throw notHost(room);
  const metadata = serializeShow(show);
  let updated: boolean;
  try {
    updated = await updateRoomMetadata(room, metadata);
  } catch (error) {
    throw upstreamFailure("LiveKit", "Could not set the room's show", error);
  }
  if (!updated) throw closed(room);
  return show;
}
