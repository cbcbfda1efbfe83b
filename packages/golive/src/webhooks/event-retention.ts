import "server-only";
// Forgetting applied webhook event ids once no sender can deliver them again (reconcile asks,
// each run); the table is this folder's (tests/unit/source-rules.test.ts, table owners).
import { lt } from "drizzle-orm";
import { getDb, webhookEvents } from "../db";

/**
 * How long applied webhook event ids are kept: longer than MUX retries a delivery (about a
 * day) and than a captured LiveKit request stays valid (its JWT expires within minutes).
 */
const WEBHOOK_EVENT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export async function forgetOldWebhookEvents(now: Date = new Date()): Promise<void> {
  const db = await getDb();
  await db.delete(webhookEvents).where(lt(webhookEvents.receivedAt, new Date(now.getTime() - WEBHOOK_EVENT_RETENTION_MS)));
}
