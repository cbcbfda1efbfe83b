import "server-only";
// Who is in which LiveKit room, kept from LiveKit's presence webhooks in `room_presence`, and
// the ordering rule that keeps a late event from undoing a newer one
// (docs/architecture.md, "Presence"; tests/integration/presence.test.ts).
import { and, eq, gt, isNull, lt, or, type SQL, sql } from "drizzle-orm";
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

export async function applyPresenceEvent(event: PresenceEvent): Promise<void> {
  const db = await getDb();
  const now = new Date();
  if (event.kind === "room_finished") {
    const sameInstance = event.roomSid ? eq(roomPresence.roomSid, event.roomSid) : lt(roomPresence.joinedAt, new Date(event.at + 1000));
    const olderInstance = event.roomCreatedAtMs > 0 ? lt(roomPresence.joinedAt, new Date(event.roomCreatedAtMs)) : undefined;
    await db
      .update(roomPresence)
      .set({ leftAt: new Date(event.at), updatedAt: now })
      .where(and(eq(roomPresence.roomName, event.roomName), isNull(roomPresence.leftAt), or(sameInstance, olderInstance)));
    return;
  }

  const values = {
    roomName: event.roomName,
    identity: event.identity,
    roomSid: event.roomSid,
    participantSid: event.participantSid,
    joinedAt: new Date(event.joinedAtMs),
    leftAt: event.kind === "left" ? new Date(event.at) : null,
    updatedAt: now,
  };
  // One statement per event: the row lock of INSERT … ON CONFLICT serialises events about one
  // identity, and the WHERE is the ordering rule above.
  const existing = {
    joinedAt: sql`${roomPresence}.${sql.identifier("joined_at")}`,
    participantSid: sql`${roomPresence}.${sql.identifier("participant_sid")}`,
    leftAt: sql`${roomPresence}.${sql.identifier("left_at")}`,
  };
  const sameJoinTime = sql`excluded.joined_at = ${existing.joinedAt}`;
  const replace = { roomSid: sql`excluded.room_sid`, participantSid: sql`excluded.participant_sid`, joinedAt: sql`excluded.joined_at`, updatedAt: now };
  if (event.kind === "joined") {
    await db
      .insert(roomPresence)
      .values(values)
      .onConflictDoUpdate({
        target: [roomPresence.roomName, roomPresence.identity],
        // A newer session is present; a tie with another session can't be ordered: "left".
        set: { ...replace, leftAt: sql`case when ${sameJoinTime} then coalesce(${existing.leftAt}, now()) else null end` },
        setWhere: sql`excluded.joined_at > ${existing.joinedAt} or (${sameJoinTime} and excluded.participant_sid <> ${existing.participantSid})`,
      });
    return;
  }
  await db
    .insert(roomPresence)
    .values(values)
    .onConflictDoUpdate({
      target: [roomPresence.roomName, roomPresence.identity],
      // The same session (or a tie) leaves; a newer one is recorded as already gone.
      set: { ...replace, leftAt: sql`case when ${sameJoinTime} then coalesce(${existing.leftAt}, excluded.left_at) else excluded.left_at end` },
      setWhere: sql`excluded.joined_at >= ${existing.joinedAt}`,
    });
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
