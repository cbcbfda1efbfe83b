// Ids of the signed webhook events already applied, per sender, so a replay is acknowledged and
// changes nothing; reconcile prunes old ones (docs/architecture.md, "Security model").
import { index, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { goliveSchema } from "./golive-schema";

export const webhookSources = ["mux", "livekit"] as const;
export type WebhookSource = (typeof webhookSources)[number];

export const webhookEvents = goliveSchema.table(
  "webhook_events",
  {
    source: text("source", { enum: webhookSources }).notNull(),
    /** MUX's event `id`; LiveKit's WebhookEvent `id`. */
    eventId: text("event_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.eventId] }), index("webhook_events_received_idx").on(t.receivedAt)],
);
