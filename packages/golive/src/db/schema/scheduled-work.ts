// Who runs the in-process schedule now: one lease row per job, taken with one guarded upsert, so
// one instance at a time runs it (docs/architecture.md, "Reconcile at fleet scale").
import { text, timestamp } from "drizzle-orm/pg-core";
import { goliveSchema } from "./golive-schema";

export const scheduledWork = goliveSchema.table("scheduled_work", {
  /** The job, e.g. "reconcile". */
  name: text("name").primaryKey(),
  /** The instance holding the lease (a random id per process). */
  holder: text("holder").notNull(),
  leaseUntil: timestamp("lease_until", { withTimezone: true }).notNull(),
  lastRunAt: timestamp("last_run_at", { withTimezone: true }),
});
