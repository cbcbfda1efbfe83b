import "server-only";
// Who is in which LiveKit room, kept from LiveKit's presence webhooks in `room_presence`, and
// the ordering rule that keeps a late event from undoing a newer one
// (docs/architecture.md, "Presence"; tests/integration/presence.test.ts).
import { and, eq, gt, isNull, lt, type SQL, sql } from "drizzle-orm";
import { getDb, roomPresence } from "../db";
import type { PresenceEvent } from "../upstream";

/**
 * How long a "present" row is trusted after its session joined. One hour: hosts go live soon
 * after joining their studio, so almost every go-live is answered from Postgres; a longer
 * session costs one ListParticipants call per go-live, which is what every go-live cost
 * before. And it bounds what a lost `participant_left` costs to an hour.
 */
export const PRESENCE_TRUST_MS = 60 * 60 * 1000;
/** Rows whose session joined longer ago than this are pruned by reconcile (none is trusted by then). */
export const PRESENCE_RETENTION_MS = 24 * 60 * 60 * 1000;

export type { PresenceEvent };

/** Applies a presence event (the ordering rule above), in one statement. */
export async function applyPresenceEvent(event: PresenceEvent): Promise<void> {
  const db = await getDb();
  await db.execute(presenceWrite(event, new Date(), sql`true`));
}

/**
 * The one statement a presence event makes, applied only where `gate` holds (webhooks/once.ts
 * gates it on recording the event's id in the same statement).
 */
export function presenceWrite(event: PresenceEvent, nowDate: Date, gate: SQL): SQL {
  const p = roomPresence;
  // Times as text cast in SQL: drizzle's postgres.js driver hands a raw statement's Date to the
  // wire unserialised (its column mappers do that for builder queries).
  const time = (date: Date | null) => sql`${date === null ? null : date.toISOString()}::timestamptz`;
  const now = time(nowDate);
  if (event.kind === "room_finished") {
    const sameInstance = event.roomSid ? sql`${p.roomSid} = ${event.roomSid}` : sql`${p.joinedAt} < ${time(new Date(event.at + 1000))}`;
    const olderInstance = event.roomCreatedAtMs > 0 ? sql` or ${p.joinedAt} < ${time(new Date(event.roomCreatedAtMs))}` : sql``;
    return sql`update ${p} set left_at = ${time(new Date(event.at))}, updated_at = ${now}
      where ${p.roomName} = ${event.roomName} and ${p.leftAt} is null and (${sameInstance}${olderInstance}) and ${gate}`;
  }
  // The row lock of INSERT … ON CONFLICT serialises events about one identity; its WHERE is the
  // ordering rule. Casts: a SELECT list's parameters have no type to take from the columns.
  const leftAt = event.kind === "left" ? new Date(event.at) : null;
  const row = sql`select ${event.roomName}::text, ${event.identity}::text, ${event.roomSid}::text, ${event.participantSid}::text,
    ${time(new Date(event.joinedAtMs))}, ${time(leftAt)}, ${now} where ${gate}`;
  const sameJoinTime = sql`excluded.joined_at = room_presence.joined_at`;
  // joined: a newer session is present; a tie with another session can't be ordered: "left".
  // left: the same session (or a tie) leaves; a newer one is recorded as already gone.
  const [leftAtOnConflict, applies] =
    event.kind === "joined"
      ? [sql`case when ${sameJoinTime} then coalesce(room_presence.left_at, now()) else null end`, sql`excluded.joined_at > room_presence.joined_at or (${sameJoinTime} and excluded.participant_sid <> room_presence.participant_sid)`]
      : [sql`case when ${sameJoinTime} then coalesce(room_presence.left_at, excluded.left_at) else excluded.left_at end`, sql`excluded.joined_at >= room_presence.joined_at`];
  return sql`insert into ${p} (room_name, identity, room_sid, participant_sid, joined_at, left_at, updated_at) ${row}
    on conflict (room_name, identity) do update set room_sid = excluded.room_sid, participant_sid = excluded.participant_sid,
      joined_at = excluded.joined_at, updated_at = ${now}, left_at = ${leftAtOnConflict}
    where ${applies}`;
}

/**
 * True when the presence webhooks say `identity` is in `roomName` now: a row whose session
 * hasn't left and joined less than PRESENCE_TRUST_MS ago. False means "don't know": ask LiveKit.
 */
export async function presentPerWebhooks(roomName: string, identity: string, now: Date = new Date()): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.select({ identity: roomPresence.identity }).from(roomPresence).where(trustedPresence(roomName, identity, now)).limit(1);
  return row !== undefined;
}

/** `presentPerWebhooks` as an SQL condition, for a query that asks it along with something else. */
export function presentPerWebhooksSql(roomName: string, identity: string, now: Date = new Date()): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${roomPresence} where ${trustedPresence(roomName, identity, now)})`;
}

function trustedPresence(roomName: string, identity: string, now: Date): SQL | undefined {
  return and(
    eq(roomPresence.roomName, roomName),
    eq(roomPresence.identity, identity),
    isNull(roomPresence.leftAt),
    gt(roomPresence.joinedAt, new Date(now.getTime() - PRESENCE_TRUST_MS)),
  );
}

/** Deletes rows of sessions that joined longer ago than PRESENCE_RETENTION_MS; returns how many. */
export async function prunePresence(now: Date = new Date()): Promise<number> {
  const db = await getDb();
  const gone = await db
    .delete(roomPresence)
    .where(lt(roomPresence.joinedAt, new Date(now.getTime() - PRESENCE_RETENTION_MS)))
    .returning({ identity: roomPresence.identity });
  return gone.length;
}
