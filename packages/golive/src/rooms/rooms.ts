import "server-only";
// Rooms that belong to someone (docs/architecture.md, "Rooms and roles").
//
// A room name nobody owns is claimed, in one insert that only one user can win, by the
// first signed-in user who opens it (or takes it live while LiveKit lists them in it).
// From then on only its members get a LiveKit token for it, with their role's grants:
//   host   — publish, subscribe, data; may take the room live
//   guest  — publish, subscribe, data; may not take it live
//   viewer — subscribe only
// The owner is a host and can't be removed. Others join with an invite link the owner
// made: signed (HMAC of its id), expiring, revocable, usable by any signed-in user. A removed
// member comes back only through an invite made after their removal.
import { and, count, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { userNames } from "../config";
import { getDb } from "../db";
import { livestreams, liveStatuses } from "../db";
import { type RoomInvite, type RoomRole, roomInvites, roomMembers, roomRemovals, rooms } from "../db";
import { badRequest, LivestreamError } from "../contract";
import { INVITE_HOURS } from "../contract";
import { endedLinkSql, linkState, newestFirst, signedIdToken, verifySignedIdToken, workingLinkSql } from "./signed-ids";

const uuid = z.uuid();

export type RoomAccess = { room: string; role: RoomRole; owner: boolean };

export type RoomSummary = RoomAccess & { createdAt: Date };

export type RoomMemberView = {
  userId: string;
  name: string;
  role: RoomRole;
  owner: boolean;
  joinedAt: Date;
  /** The invite that gave them their role (null: the owner, or joined before golive kept it). */
  inviteId: string | null;
  /** Their broadcast in this room that is starting, live or stopping, if any. */
  liveLivestreamId: string | null;
};

/** Active (unexpired, unrevoked) invites a room may have at once; every one of them stays listed. */
export const MAX_ACTIVE_INVITES = 50;
/** Ended (expired or revoked) invites listed besides the active ones, newest first. */
const ENDED_INVITES_LISTED = 50;

export type InviteView = {
  id: string;
  room: string;
  role: RoomRole;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  /** "active" until it expires or is revoked. */
  state: "active" | "expired" | "revoked";
};

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
 * with it: one round trip fewer on its critical path, docs/benchmarks.md "Fleet scale").
 * `holds` is undefined for a room nobody owns: there is no row to ask it with.
 */
export async function roleInAsking(room: string, userId: string, condition: SQL<boolean>): Promise<{ access: RoomAccess | "unowned" | null; holds: boolean | undefined }> {
  const db = await getDb();
  const [row] = await db
    .select({ ownerId: rooms.ownerId, role: roomMembers.role, holds: condition })
    .from(rooms)
    .leftJoin(roomMembers, and(eq(roomMembers.roomName, rooms.name), eq(roomMembers.userId, userId)))
    .where(eq(rooms.name, room))
    .limit(1);
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

/** Rooms the caller owns or belongs to, newest membership first. */
export async function listRooms(userId: string): Promise<RoomSummary[]> {
  const db = await getDb();
  const rows = await db
    .select({ room: roomMembers.roomName, role: roomMembers.role, ownerId: rooms.ownerId, createdAt: roomMembers.createdAt })
    .from(roomMembers)
    .innerJoin(rooms, eq(rooms.name, roomMembers.roomName))
    .where(eq(roomMembers.userId, userId))
    .orderBy(desc(roomMembers.createdAt))
    .limit(200);
  return rows.map((r) => ({ room: r.room, role: r.role, owner: r.ownerId === userId, createdAt: r.createdAt }));
}

/** Throws unless `userId` owns `room` (not_found for a room not theirs, forbidden for a member who isn't its owner). */
export async function assertOwner(room: string, userId: string): Promise<void> {
  const access = await roleIn(room, userId);
  if (access === "unowned" || !access) throw notYours(room);
  if (!access.owner) throw ownerOnly(room);
}

export async function listMembers(room: string, userId: string): Promise<RoomMemberView[]> {
  await assertOwner(room, userId);
  const db = await getDb();
  const rows = await db
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
    .orderBy(roomMembers.createdAt);
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

// ---------------------------------------------------------------- invites

/** The opaque token of an invite link (signed-ids.ts). */
export const inviteToken = (id: string): string => signedIdToken("golive room invite v1", id);

/** The invite id a token names, or null when it isn't one we signed. */
export const verifyInviteToken = (token: string): string | null => verifySignedIdToken("golive room invite v1", token);

function view(invite: RoomInvite, now: Date): InviteView {
  const state = linkState(invite, now);
  return {
    id: invite.id,
    room: invite.roomName,
    role: invite.role,
    createdAt: invite.createdAt,
    expiresAt: invite.expiresAt,
    revokedAt: invite.revokedAt,
    state,
  };
}

/**
 * A new invite link for `room`, made by its owner, while the room has fewer than
 * MAX_ACTIVE_INVITES active ones (409 beyond). The token is answered only here.
 */
export async function createInvite(
  room: string,
  userId: string,
  options: { role: RoomRole; expiresInHours?: number },
): Promise<InviteView & { token: string }> {
  await assertOwner(room, userId);
  const hours = options.expiresInHours ?? INVITE_HOURS.default;
  const db = await getDb();
  const invite = await db.transaction(async (tx) => {
    // The room's row lock makes the count and the insert one step: two creates at once can't both take the 50th place.
    await tx.select({ name: rooms.name }).from(rooms).where(eq(rooms.name, room)).for("update");
    const now = new Date();
    const [active] = await tx.select({ n: count() }).from(roomInvites).where(and(eq(roomInvites.roomName, room), workingLinkSql(roomInvites, now)));
    if ((active?.n ?? 0) >= MAX_ACTIVE_INVITES) {
      throw new LivestreamError(
        "conflict",
        `Room "${room}" already has ${MAX_ACTIVE_INVITES} working invite links, the most it can have at once: revoke one you no longer need, then make a new one.`,
      );
    }
    const [made] = await tx
      .insert(roomInvites)
      .values({ roomName: room, role: options.role, createdBy: userId, expiresAt: new Date(now.getTime() + hours * 3_600_000) })
      .returning();
    if (!made) throw new Error("insert returned no row");
    return made;
  });
  return { ...view(invite, new Date()), token: inviteToken(invite.id) };
}

/** A room's invites, newest first: every active one (at most MAX_ACTIVE_INVITES), then the newest ENDED_INVITES_LISTED ended ones. */
export async function listInvites(room: string, userId: string): Promise<InviteView[]> {
  await assertOwner(room, userId);
  const db = await getDb();
  const now = new Date();
  const ofRoom = eq(roomInvites.roomName, room);
  const [active, ended] = await Promise.all([
    db.select().from(roomInvites).where(and(ofRoom, workingLinkSql(roomInvites, now))).orderBy(desc(roomInvites.createdAt)),
    db
      .select()
      .from(roomInvites)
      .where(and(ofRoom, endedLinkSql(roomInvites, now)))
      .orderBy(desc(roomInvites.createdAt))
      .limit(ENDED_INVITES_LISTED),
  ]);
  return newestFirst(active, ended).map((r) => view(r, now));
}

/** Revokes an invite of one of the caller's rooms; the link stops working at once. */
export async function revokeInvite(inviteId: string, userId: string): Promise<InviteView> {
  const db = await getDb();
  const [invite] = uuid.safeParse(inviteId).success
    ? await db
        .select({ invite: roomInvites })
        .from(roomInvites)
        .innerJoin(rooms, eq(rooms.name, roomInvites.roomName))
        .where(and(eq(roomInvites.id, inviteId), eq(rooms.ownerId, userId)))
        .limit(1)
    : [];
  if (!invite) throw new LivestreamError("not_found", "Invite not found.");
  const [revoked] = await db
    .update(roomInvites)
    .set({ revokedAt: new Date() })
    .where(and(eq(roomInvites.id, inviteId), isNull(roomInvites.revokedAt)))
    .returning();
  return view(revoked ?? invite.invite, new Date());
}

const invalidInvite = () =>
  new LivestreamError("not_found", "This invite link is not valid: it may have expired or been revoked. Ask the room's owner for a new one.");

/** The invite a token names while it is usable (signed by us, not revoked, not expired). */
async function usableInvite(token: string): Promise<RoomInvite | undefined> {
  const id = verifyInviteToken(token);
  if (!id) return undefined;
  const db = await getDb();
  const [invite] = await db
    .select()
    .from(roomInvites)
    .where(and(eq(roomInvites.id, id), workingLinkSql(roomInvites, new Date())))
    .limit(1);
  return invite;
}

const removedSinceInvite = (room: string) =>
  new LivestreamError(
    "forbidden",
    `The owner of room "${room}" removed you after this invite link was made, so it no longer lets you in. Ask them for a new invite link.`,
  );

/** A role's rank, in SQL: an invite never lowers a role (host > guest > viewer). */
const rankSql = (role: SQL | string) => sql`(case ${role} when 'host' then 2 when 'guest' then 1 else 0 end)`;

/**
 * Accepts an invite link: the caller becomes a member with its role. A member keeps a
 * stronger role they already have (an invite never demotes), and the owner stays host. One
 * statement decides it (an upsert that keeps the higher role), so two accepts at once can't
 * lower a role. Someone removed from the room after the invite was made is refused (403).
 */
export async function acceptInvite(token: string, userId: string): Promise<RoomAccess> {
  const invite = await usableInvite(token);
  if (!invite) throw invalidInvite();
  const db = await getDb();
  const raises = sql`${rankSql(sql`excluded.role`)} > ${rankSql(sql`${roomMembers.role}`)}`;
  const joined = await db
    .insert(roomMembers)
    .select(
      db
        .select({
          roomName: sql<string>`${invite.roomName}`.as("room_name"),
          userId: sql<string>`${userId}`.as("user_id"),
          role: sql<RoomRole>`${invite.role}`.as("role"),
          inviteId: sql<string>`${invite.id}::uuid`.as("invite_id"),
          createdAt: sql<Date>`now()`.as("created_at"),
        })
        .from(sql`(select 1) as one`)
        .where(
          sql`not exists (select 1 from ${roomRemovals} where ${roomRemovals.roomName} = ${invite.roomName} and ${roomRemovals.userId} = ${userId} and ${roomRemovals.removedAt} >= ${invite.createdAt.toISOString()}::timestamptz)`,
        ),
    )
    .onConflictDoUpdate({
      target: [roomMembers.roomName, roomMembers.userId],
      set: {
        role: sql`case when ${raises} then excluded.role else ${roomMembers.role} end`,
        inviteId: sql`case when ${raises} then excluded.invite_id else ${roomMembers.inviteId} end`,
      },
    })
    .returning({ role: roomMembers.role });
  const access = await roleIn(invite.roomName, userId);
  if (access && access !== "unowned") return access;
  // Nothing was written and they are no member: the removal is newer than the invite.
  if (joined.length === 0) throw removedSinceInvite(invite.roomName);
  throw invalidInvite();
}

/** What an invite link offers, for its landing page; null when it isn't valid any more. */
export async function describeInvite(token: string): Promise<{ room: string; role: RoomRole; expiresAt: Date } | null> {
  const invite = await usableInvite(token);
  return invite ? { room: invite.roomName, role: invite.role, expiresAt: invite.expiresAt } : null;
}
