import "server-only";
// Each webhook event applied once, by its sender's id, in `webhook_events`
// (tests/integration/webhooks.test.ts, "applied webhook events are remembered by id").
import { and, eq, sql } from "drizzle-orm";
import { type Database, getDb, rowsOf, webhookEvents, type WebhookSource } from "../db";
import { type PresenceEvent, presenceWrite } from "../rooms";

// Named prepared statements, one set per database handle: on postgres.js a builder query is two
// round trips (Parse/Describe, then Bind/Execute), a prepared one is one (docs/architecture.md,
// "Upstream facts"); every egress and MUX event runs both.
function statementsFor(db: Database) {
  const source = sql.placeholder("source");
  const eventId = sql.placeholder("eventId");
  return {
    seen: db
      .select({ eventId: webhookEvents.eventId })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.source, source), eq(webhookEvents.eventId, eventId)))
      .limit(1)
      .prepare("golive_webhook_seen"),
    record: db.insert(webhookEvents).values({ source, eventId }).onConflictDoNothing().prepare("golive_webhook_record"),
  };
}
const prepared = new WeakMap<Database, ReturnType<typeof statementsFor>>();

/**
 * Applies a verified webhook event unless an event with the same id was applied before: an
 * exact replay (a retry of a delivered event, a duplicate delivery, or a captured request sent
 * again) is acknowledged and changes nothing. Returns false for a replay.
 *
 * The id is recorded only after the event was applied: a process that dies in between leaves
 * no record, so the sender's retry is applied rather than lost. Two deliveries of one event
 * racing each other may both apply it, which every handler tolerates (they are idempotent and
 * never move a state backwards). Presence events, whose effect is one statement, are recorded
 * in that statement instead (`applyPresenceEventOnce`).
 */
export async function applyWebhookOnce(source: WebhookSource, eventId: string, apply: () => Promise<void>): Promise<boolean> {
  const db = await getDb();
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = statementsFor(db)));
  const [seen] = await statements.seen.execute({ source, eventId });
  if (seen) return false;
  await apply();
  await statements.record.execute({ source, eventId });
  return true;
}

/**
 * A presence event once per id: recording the id and applying the event are one statement, so a
 * crash leaves neither (the sender's retry applies it), a replay changes nothing (not even a
 * session reconcile has since pruned), and two deliveries racing each other serialise on
 * webhook_events' key (docs/architecture.md, "Presence"; tests/integration/webhooks.test.ts).
 * False for a replay.
 */
export async function applyPresenceEventOnce(eventId: string, event: PresenceEvent): Promise<boolean> {
  const db = await getDb();
  const fresh = sql`insert into ${webhookEvents} (source, event_id) values ('livekit', ${eventId}) on conflict do nothing returning 1`;
  const applied = presenceWrite(event, new Date(), sql`exists (select 1 from fresh)`);
  const result = await db.execute(sql`with fresh as (${fresh}), applied as (${applied} returning 1) select count(*)::int as fresh from fresh`);
  return rowsOf(result).some((row) => Reflect.get(Object(row), "fresh") === 1);
}
