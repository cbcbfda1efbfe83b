import "server-only";
// Rooms that belong to someone: the claim, opening and creating a room, the caller's role and
// its LiveKit grants (docs/architecture.md, "Rooms and roles"; tests/integration/rooms.test.ts).
import { and, eq, type SQL, sql } from "drizzle-orm";
import { type Database, descNullsLast, getDb, prepared, type RoomRole, roomMembers, rooms } from "../db";
import { LivestreamError, type RoomAccess, type RoomSummary } from "../contract";

export type { RoomAccess, RoomSummary };

/** What a LiveKit token grants each role (the token route adds roomJoin and the room). */
export const grantsOf: Record<RoomRole, { canPublish: boolean; canSubscribe: boolean; canPublishData: boolean }> = {
  host: { canPublish: true, canSubscribe: true, canPublishData: true },
  guest: { canPublish: true, canSubscribe: true, canPublishData: true },
  viewer: { canPublish: false, canSubscribe: true, canPublishData: false },
};

const notYours = (room: string) =>
  new LivestreamError("not_found", `Room "${room}" not found, or it belongs to someone else: ask its owner for an invite link.`);

const ownerOnly = (room: string) => new LivestreamError("forbidden", `Only the owner of room "${room}" can manage its members and invites.`);

/** The caller's role in a room, or null when the room is owned by someone else and they aren't a member. `unowned` when nobody owns it yet. */
export async function roleIn(room: string, userId: string): Promise<RoomAccess | "unowned" | null> {
  return (await roleInAsking(room, userId, sql<boolean>`true`)).access;
}

/**
 * `roleIn`, and whether `condition` holds, in one query (go-live asks its presence record
 * with it: one round trip fewer on its critical path).
 * `holds` is undefined for a room nobody owns: there is no row to ask it with.
 */
export async function roleInAsking(room: string, userId: string, condition: SQL<boolean>): Promise<{ access: RoomAccess | "unowned" | null; holds: boolean | undefined }> {
  const db = await getDb();
  const [row] = await prepared(
    db
      .select({ ownerId: rooms.ownerId, role: roomMembers.role, holds: condition })
      .from(rooms)
      .leftJoin(roomMembers, and(eq(roomMembers.roomName, rooms.name), eq(roomMembers.userId, userId)))
      .where(eq(rooms.name, room))
      .limit(1),
  );
  if (!row) return { access: "unowned", holds: undefined };
  const holds = row.holds === true;
  if (!row.role) return { access: null, holds };
  return { access: { room, role: row.role, owner: row.ownerId === userId }, holds };
}

/**
 * Claims `room` for `userId` if nobody owns it; one insert decides between concurrent
 * claimers. Answers the caller's access afterwards (null: someone else won it and the
 * caller isn't a member).
 */
export async function claimRoom(room: string, userId: string): Promise<{ created: boolean; access: RoomAccess | null }> {
  const db = await getDb();
  // `created`: this call's insert won. The same user claiming twice at once gets one `created`.
  const created = await db.transaction(async (tx) => {
    const [claimed] = await tx.insert(rooms).values({ name: room, ownerId: userId }).onConflictDoNothing().returning();
    if (claimed) await tx.insert(roomMembers).values({ roomName: room, userId, role: "host" });
    return claimed !== undefined;
  });
  const access = await roleIn(room, userId);
  return { created, access: access === "unowned" ? null : access };
}

/**
 * Opening a room (its page, a LiveKit token, `POST /api/rooms`): a room nobody owns becomes
 * the caller's; otherwise the caller's role, or 404 when they have none.
 */
export async function openRoom(room: string, userId: string): Promise<RoomAccess> {
  const access = await roleIn(room, userId);
  if (access === "unowned") {
    const { access: claimed } = await claimRoom(room, userId);
    if (claimed) return claimed;
    throw notYours(room);
  }
  if (!access) throw notYours(room);
  return access;
}

/**
 * `POST /api/rooms {name}`: `created` when the caller just claimed it; their access when they
 * already belong to it; 409 when someone else owns it.
 */
export async function createRoom(room: string, userId: string): Promise<{ created: boolean; access: RoomAccess }> {
  const before = await roleIn(room, userId);
  if (before !== "unowned") {
    if (before) return { created: false, access: before };
    throw new LivestreamError("conflict", `Room "${room}" belongs to someone else: pick another name, or ask its owner for an invite link.`);
  }
  const { created, access } = await claimRoom(room, userId);
  if (!access) throw new LivestreamError("conflict", `Room "${room}" belongs to someone else: pick another name, or ask its owner for an invite link.`);
  return { created, access };
}

/** Rooms the caller owns or belongs to, newest membership first, along room_members_user_idx (tests/integration/list-plans.test.ts). */
export function listRoomsQuery(db: Database, userId: string) {
  return db
    .select({ room: roomMembers.roomName, role: roomMembers.role, ownerId: rooms.ownerId, createdAt: roomMembers.createdAt })
    .from(roomMembers)
    .innerJoin(rooms, eq(rooms.name, roomMembers.roomName))
    .where(eq(roomMembers.userId, userId))
    .orderBy(descNullsLast(roomMembers.createdAt), descNullsLast(roomMembers.roomName))
    .limit(200);
}

/** Rooms the caller owns or belongs to, newest membership first. */
export async function listRooms(userId: string): Promise<RoomSummary[]> {
  const rows = await listRoomsQuery(await getDb(), userId);
  return rows.map((r) => ({ room: r.room, role: r.role, owner: r.ownerId === userId, createdAt: r.createdAt }));
}

/** Throws unless `userId` owns `room` (not_found for a room not theirs, forbidden for a member who isn't its owner). */
export async function assertOwner(room: string, userId: string): Promise<void> {
  const access = await roleIn(room, userId);
  if (access === "unowned" || !access) throw notYours(room);
  if (!access.owner) throw ownerOnly(room);
}
