import "server-only";
// Each webhook event applied once, by its sender's id, in `webhook_events`
// (tests/integration/webhooks.test.ts, "applied webhook events are remembered by id").
import { and, eq } from "drizzle-orm";
import { getDb, webhookEvents, type WebhookSource } from "../db";

/**
 * Applies a verified webhook event unless an event with the same id was applied before: an
 * exact replay (a retry of a delivered event, a duplicate delivery, or a captured request sent
 * again) is acknowledged and changes nothing. Returns false for a replay.
 *
 * The id is recorded only after the event was applied: a process that dies in between leaves
 * no record, so the sender's retry is applied rather than lost. Two deliveries of one event
 * racing each other may both apply it, which every handler tolerates (they are idempotent and
 * never move a state backwards).
 */
export async function applyWebhookOnce(source: WebhookSource, eventId: string, apply: () => Promise<void>): Promise<boolean> {
  const db = await getDb();
  const same = and(eq(webhookEvents.source, source), eq(webhookEvents.eventId, eventId));
  const [seen] = await db.select({ eventId: webhookEvents.eventId }).from(webhookEvents).where(same).limit(1);
  if (seen) return false;
  await apply();
  await db.insert(webhookEvents).values({ source, eventId }).onConflictDoNothing();
  return true;
}
