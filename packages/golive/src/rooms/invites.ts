import "server-only";
// Invite links: made, listed and revoked by a room's owner, accepted by any signed-in user
// (docs/architecture.md, "Rooms and roles"; tests/integration/rooms.test.ts).
import { and, count, eq, isNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, descNullsLast, getDb, type RoomInvite, type RoomRole, roomInvites, roomMembers, roomRemovals, rooms } from "../db";
import { LivestreamError, INVITE_HOURS, type InviteView } from "../contract";

export type { InviteView };
import { assertOwner, type RoomAccess, roleIn } from "./rooms";
import {
  endedLinkSql,
  linkState,
  newestLinksFirst,
  signedIdToken,
  verifySignedIdToken,
  workingLinkSql,
} from "./signed-ids";

const uuid = z.uuid();

/** Active (unexpired, unrevoked) invites a room may have at once; every one of them stays listed. */
export const MAX_ACTIVE_INVITES = 50;
/** Ended (expired or revoked) invites listed besides the active ones, newest first. */
const ENDED_INVITES_LISTED = 50;


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

/**
 * A room's list of invites as two queries: every working one (found by room_invites_working_idx,
 * at most MAX_ACTIVE_INVITES, so their sort is small) and the newest ENDED_INVITES_LISTED ended
 * ones, walked newest first along room_invites_room_idx (tests/integration/list-plans.test.ts).
 */
export function listInvitesQueries(db: Database, room: string, now: Date) {
  const ofState = (state: SQL | undefined) =>
    db
      .select()
      .from(roomInvites)
      .where(and(eq(roomInvites.roomName, room), state))
      .orderBy(descNullsLast(roomInvites.createdAt), descNullsLast(roomInvites.id));
  return { working: ofState(workingLinkSql(roomInvites, now)), ended: ofState(endedLinkSql(roomInvites, now)).limit(ENDED_INVITES_LISTED) };
}

/** A room's invites, newest first: every active one (at most MAX_ACTIVE_INVITES), then the newest ENDED_INVITES_LISTED ended ones. */
export async function listInvites(room: string, userId: string): Promise<InviteView[]> {
  await assertOwner(room, userId);
  const now = new Date();
  const queries = listInvitesQueries(await getDb(), room, now);
  const [working, ended] = await Promise.all([queries.working, queries.ended]);
  return newestLinksFirst(working, ended).map((r) => view(r, now));
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