import "server-only";
// Who may read, change and stop a broadcast (docs/architecture.md, "Rooms and roles"): every
// control — status, list, PATCH, DELETE, share links, by id and by room, routes and server
// actions — asks only this rule, as a condition on the `livestreams` row in the same query
// that reads it, so the caller's role is the one in the database at that moment (no cached
// role). A broadcast belongs to its room and its starter:
// - the room's owner may control every broadcast in a room they own;
// - the starter may while they are a host of the room right now (removed, or no longer a
//   host: nothing, exactly like a stranger);
// - in a room nobody owns (broadcasts from before rooms had owners), the starter, as before.
// Everyone else finds nothing (404). Apps with their own access model replace the body of
// `mayControlBroadcast`; it is the only place the service asks. Enforced by
// tests/integration/room-authority.test.ts.
import { type SQL, sql } from "drizzle-orm";
import { livestreams } from "../db";
import { roomMembers, rooms } from "../db";

/** True for the `livestreams` rows `userId` may read, change and stop. */
export function mayControlBroadcast(userId: string): SQL<boolean> {
  return sql<boolean>`(
    exists (select 1 from ${rooms} where ${rooms.name} = ${livestreams.roomName} and ${rooms.ownerId} = ${userId})
    or (${livestreams.userId} = ${userId} and (
      exists (select 1 from ${roomMembers} where ${roomMembers.roomName} = ${livestreams.roomName} and ${roomMembers.userId} = ${userId} and ${roomMembers.role} = 'host')
      or not exists (select 1 from ${rooms} where ${rooms.name} = ${livestreams.roomName})
    ))
  )`;
}
