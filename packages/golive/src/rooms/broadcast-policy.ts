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
