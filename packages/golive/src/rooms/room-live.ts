import "server-only";
// Whether a room is on air, for any of its members: what a guest's on-air cue needs and nothing
// more (docs/architecture.md, "Rooms and roles"; tests/integration/room-live.test.ts).
import { and, eq, sql } from "drizzle-orm";
import { LivestreamError } from "../contract";
import { livestreams } from "../db";
import { roleInAsking } from "./rooms";

const notYours = (room: string) =>
  new LivestreamError("not_found", `Room "${room}" not found, or it belongs to someone else: ask its owner for an invite link.`);

/**
 * True while the room's broadcast is `active` (MUX has its media: viewers see the room); not
 * while it is still starting or already stopping. Asked in the query that reads the caller's
 * role, so a stranger or a removed member learns nothing (404, as for any room not theirs).
 */
export async function isRoomLive(room: string, userId: string): Promise<boolean> {
  const onAir = sql<boolean>`exists (select 1 from ${livestreams} where ${and(eq(livestreams.roomName, room), eq(livestreams.status, "active"))})`;
  const { access, holds } = await roleInAsking(room, userId, onAir);
  if (access === "unowned" || !access) throw notYours(room);
  return holds === true;
}
