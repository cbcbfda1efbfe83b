import "server-only";
// The owner's list of people removed from their room, "let back in", and whether a user was
// removed (docs/architecture.md, "Rooms and roles"; tests/integration/let-back-in.test.ts).
import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb, roomMembers, roomRemovals } from "../db";
import { userNames } from "../config";
import { LivestreamError } from "../contract";
import { assertOwner } from "./rooms";

export type RemovalView = { userId: string; name: string; removedAt: Date };

/** Who the owner removed from `room` and who hasn't come back, newest removal first (owner only). */
export async function listRemovals(room: string, ownerId: string): Promise<RemovalView[]> {
  await assertOwner(room, ownerId);
  const db = await getDb();
  const rows = await db
    .select({ userId: roomRemovals.userId, removedAt: roomRemovals.removedAt })
    .from(roomRemovals)
    .leftJoin(roomMembers, and(eq(roomMembers.roomName, roomRemovals.roomName), eq(roomMembers.userId, roomRemovals.userId)))
    .where(and(eq(roomRemovals.roomName, room), isNull(roomMembers.userId)))
    .orderBy(desc(roomRemovals.removedAt));
  const names = await userNames(rows.map((r) => r.userId));
  return rows.map((r) => ({ ...r, name: names.get(r.userId) ?? "" }));
}

/** Clears the removal of `userId` from `room` (owner only); answers the removal that was cleared. */
export async function letBackIn(room: string, ownerId: string, userId: string): Promise<RemovalView> {
  await assertOwner(room, ownerId);
  const db = await getDb();
  const [cleared] = await db
    .delete(roomRemovals)
    .where(and(eq(roomRemovals.roomName, room), eq(roomRemovals.userId, userId)))
    .returning({ userId: roomRemovals.userId, removedAt: roomRemovals.removedAt });
  if (!cleared) throw new LivestreamError("not_found", `That person was not removed from room "${room}".`);
  const names = await userNames([userId]);
  return { ...cleared, name: names.get(userId) ?? "" };
}

/** Whether the owner of `room` removed `userId` from it (and they haven't come back): their room page says so. */
export async function wasRemovedFrom(room: string, userId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ removedAt: roomRemovals.removedAt })
    .from(roomRemovals)
    .leftJoin(roomMembers, and(eq(roomMembers.roomName, roomRemovals.roomName), eq(roomMembers.userId, roomRemovals.userId)))
    .where(and(eq(roomRemovals.roomName, room), eq(roomRemovals.userId, userId), isNull(roomMembers.userId)))
    .limit(1);
  return row !== undefined;
}
