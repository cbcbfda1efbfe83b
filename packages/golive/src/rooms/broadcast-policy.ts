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
 * (`user_id` leads `livestreams_user_created_idx`), filtered by the rule itself, and every
 * broadcast of each room the caller owns (`room_name` leads `livestreams_room_created_idx`,
 * walked room by room), which is the rule's first case as it stands, so that walk reads the
 * index alone. Together they admit exactly the rule while it says "the owner of its room, for
 * every broadcast there; otherwise only its starter": change the three together
 * (tests/integration/room-authority.test.ts lists an owner's rooms' broadcasts). They overlap
 * (the owner's own broadcasts in their rooms): the list takes their union.
 */
export function mayControlBroadcastHalves(userId: string): { own: SQL<boolean>; ofOwnedRoom: SQL<boolean> } {
  return {
    own: sql<boolean>`(${livestreams.userId} = ${userId} and ${mayControlBroadcast(userId)})`,
    // Inside the per-room walk, `rooms` is the caller's room being walked (livestream/list-query.ts).
    ofOwnedRoom: sql<boolean>`(${livestreams.roomName} = ${rooms.name} and ${rooms.ownerId} = ${userId})`,
  };
}
