import "server-only";
// Who may read, change and stop a broadcast: the one rule every control asks, replaceable by
// host apps (docs/architecture.md, "Rooms and roles"; tests/integration/room-authority.test.ts).
import { type SQL, sql } from "drizzle-orm";
import { livestreams, roomMembers, rooms } from "../db";

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

/**
 * mayControlBroadcast as two halves that indexes walk newest first, so the list reads a page
 * rather than sorting every row the caller may control (the OR of the rule leaves Postgres only
 * a scan of the whole table: docs/benchmarks.md, "Lists"): the caller's own broadcasts
 * (`user_id` leads `livestreams_user_created_idx`), and those of the rooms the caller owns
 * (`room_name` leads `livestreams_room_created_idx`, walked room by room). Both keep the rule as
 * a filter, so they never admit more than it; together they admit all of it while the rule lets
 * a caller control someone else's broadcast only as its room's owner: change the two together
 * (tests/integration/room-authority.test.ts lists an owner's rooms' broadcasts). They overlap
 * (the owner's own broadcasts in their rooms): the list takes their union.
 */
export function mayControlBroadcastHalves(userId: string): { own: SQL<boolean>; ofOwnedRoom: SQL<boolean> } {
  const rule = mayControlBroadcast(userId);
  return {
    own: sql<boolean>`(${livestreams.userId} = ${userId} and ${rule})`,
    // Inside the per-room walk, `rooms` is the owned room being walked (livestream/list-query.ts).
    ofOwnedRoom: sql<boolean>`(${livestreams.roomName} = ${rooms.name} and ${rule})`,
  };
}
