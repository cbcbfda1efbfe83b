import "server-only";
// A room's members as its owner sees them, and the database half of removing one
// (docs/architecture.md, "Rooms and roles"; tests/integration/room-authority.test.ts).
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { userNames } from "../config";
import {
  type Database,
  getDb,
  livestreams,
  liveStatuses,
  type RoomRole,
  roomInvites,
  roomMembers,
  roomRemovals,
  rooms,
} from "../db";
import { badRequest, LivestreamError, type RoomMemberView } from "../contract";

export type { RoomMemberView };
import { assertOwner } from "./rooms";


/** A room's members, first joined first, along room_members_room_created_idx (tests/integration/list-plans.test.ts). */
export function listMembersQuery(db: Database, room: string) {
  return (
    db
      .select({
        userId: roomMembers.userId,
        role: roomMembers.role,
        joinedAt: roomMembers.createdAt,
        inviteId: roomMembers.inviteId,
        ownerId: rooms.ownerId,
        liveLivestreamId: livestreams.id,
      })
      .from(roomMembers)
      .innerJoin(rooms, eq(rooms.name, roomMembers.roomName))
      // At most one broadcast per room is live (invariant 1), so this adds no rows.
      .leftJoin(livestreams, and(eq(livestreams.roomName, roomMembers.roomName), eq(livestreams.userId, roomMembers.userId), inArray(livestreams.status, [...liveStatuses])))
      .where(eq(roomMembers.roomName, room))
      .orderBy(asc(roomMembers.createdAt), asc(roomMembers.userId))
  );
}

export async function listMembers(room: string, userId: string): Promise<RoomMemberView[]> {
  await assertOwner(room, userId);
  const rows = await listMembersQuery(await getDb(), room);
  const names = await userNames(rows.map((r) => r.userId));
  return rows.map((r) => ({
    userId: r.userId,
    name: names.get(r.userId) ?? "",
    role: r.role,
    owner: r.userId === r.ownerId,
    joinedAt: r.joinedAt,
    inviteId: r.inviteId,
    liveLivestreamId: r.liveLivestreamId,
  }));
}

type Tx = Parameters<Parameters<Awaited<ReturnType<typeof getDb>>["transaction"]>[0]>[0];

/**
 * The database half of removing a member (member-removal.ts does the rest): in one
 * transaction, the membership goes, the removal is recorded (so the invite they joined with
 * no longer lets them back), the invite they joined with is revoked if asked, and `alsoInTx`
 * runs (their share links). From the commit on they control nothing in the room.
 */
export async function deleteMembership(
  room: string,
  userId: string,
  memberId: string,
  options: { revokeInvite: boolean; alsoInTx: (tx: Tx) => Promise<void> },
): Promise<{ revokedInviteId: string | null }> {
  await assertOwner(room, userId);
  if (memberId === userId) throw badRequest("The owner of a room can't be removed from it.");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(roomMembers)
      .where(and(eq(roomMembers.roomName, room), eq(roomMembers.userId, memberId)))
      .returning({ inviteId: roomMembers.inviteId });
    if (!removed) throw new LivestreamError("not_found", `That person is not a member of room "${room}".`);
    await tx
      .insert(roomRemovals)
      .values({ roomName: room, userId: memberId })
      .onConflictDoUpdate({ target: [roomRemovals.roomName, roomRemovals.userId], set: { removedAt: sql`now()` } });
    let revokedInviteId: string | null = null;
    if (options.revokeInvite && removed.inviteId) {
      await tx.update(roomInvites).set({ revokedAt: new Date() }).where(and(eq(roomInvites.id, removed.inviteId), isNull(roomInvites.revokedAt)));
      revokedInviteId = removed.inviteId;
    }
    await options.alsoInTx(tx);
    return { revokedInviteId };
  });
}
