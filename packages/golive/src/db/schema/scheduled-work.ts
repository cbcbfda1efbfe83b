// Who runs the in-process schedule now (packages/golive/src/reconcile/scheduled-work.ts). Every long-running
// instance ticks, but only the one holding a job's lease runs it: a tick takes the lease with
// one guarded upsert (free, or expired, or already its own), so two instances never run the
// same job at once, and one that dies mid-run holds it only until its lease expires.
import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const scheduledWork = pgTable("scheduled_work", {
  /** The job, e.g. "reconcile". */
  name: text("name").primaryKey(),
  /** The instance holding the lease (a random id per process). */
  holder: text("holder").notNull(),
  leaseUntil: timestamp("lease_until", { withTimezone: true }).notNull(),
  lastRunAt: timestamp("last_run_at", { withTimezone: true }),
});
