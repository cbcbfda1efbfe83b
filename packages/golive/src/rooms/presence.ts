import "server-only";
// Who is in which LiveKit room, kept from LiveKit's presence webhooks (`participant_joined`,
// `participant_left`, `room_finished`) in `room_presence` (docs/architecture.md, "Presence").
// Go-live trusts a recent "present" row (rooms/go-live-policy.ts) and asks LiveKit only without one.
//
// Webhooks arrive late, twice and out of order; replays are already dropped by event id
// (applyWebhookOnce). The ordering rule, so a late event never undoes a newer one:
//
// - Every participant event names a **session**: LiveKit's participant sid and its join time
//   (`joined_at_ms`, or `joined_at` × 1000; the event's own `created_at` only when LiveKit sent
//   neither). A reconnect or a second join is a new session with a later join time. The
//   event's `created_at` does not order anything: it has whole-second resolution, so a leave
//   and a rejoin within one second would tie.
// - A row holds the newest session seen for (room, identity) and whether it has left.
//   An event about an **older** session (earlier join time) changes nothing. An event about a
//   **newer** session replaces the row: joined → present, left → left (a left that overtakes
//   its own join leaves a "left" row behind, so the late join can't resurrect it).
// - Within **one** session, left is final: a join of a session that already left (its own
//   delivery was late) changes nothing.
// - Two sessions with the same join time but different sids can't be ordered: the row becomes
//   "left", i.e. go-live asks LiveKit. When in doubt, fail towards asking.
// - `room_finished` ends every session of that room instance (its room sid) and every session
//   that joined before the instance was created (an older instance, whose own end was lost):
//   a room name has one instance at a time.
//
// A lost `participant_left` leaves a stale "present" row. It is trusted only while its session
// is younger than PRESENCE_TRUST_MS (by LiveKit's join time), and until a newer event about
// that identity or the room's `room_finished` arrives: that is how long a host who left, whose
// leave was lost, could still take the room live (while someone else keeps the room open).
// Enforced by tests/integration/presence.test.ts.
import { and, eq, gt, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { getDb } from "../db";
import { roomPresence } from "../db";
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
