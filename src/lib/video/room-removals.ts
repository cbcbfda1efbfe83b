import "server-only";
// The owner's list of people removed from their room, and "let back in" (docs/architecture.md,
// "Rooms and roles"): a removal sticks until the owner clears it (or the person accepts an
// invite made after it); cleared, the invite they joined with lets them in again if it still
// works. Enforced by tests/integration/let-back-in.test.ts.
import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { roomMembers, roomRemovals, user } from "@/lib/db/schema";
import { LivestreamError } from "./errors";
import { assertOwner } from "./rooms";

export type RemovalView = { userId: string; name: string; removedAt: Date };

/** Who the owner removed from `room` and who hasn't come back, newest removal first (owner only). */
export async function listRemovals(room: string, ownerId: string): Promise<RemovalView[]> {
  await assertOwner(room, ownerId);
  const db = await getDb();
  return db
    .select({ userId: roomRemovals.userId, name: user.name, removedAt: roomRemovals.removedAt })
    .from(roomRemovals)
    .innerJoin(user, eq(user.id, roomRemovals.userId))
    .leftJoin(roomMembers, and(eq(roomMembers.roomName, roomRemovals.roomName), eq(roomMembers.userId, roomRemovals.userId)))
    .where(and(eq(roomRemovals.roomName, room), isNull(roomMembers.userId)))
    .orderBy(desc(roomRemovals.removedAt));
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
  const [person] = await db.select({ name: user.name }).from(user).where(eq(user.id, userId));
  return { ...cleared, name: person?.name ?? "" };
}
