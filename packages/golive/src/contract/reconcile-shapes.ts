// The reconcile route's answer: one run's report (docs/reference/operations.md, "Reconciliation").
import "./zod-jitless"; // first, as in every schema module the browser runs
import { z } from "zod";
import { livestreamStatuses } from "./shapes";

export const reconcileReportSchema = z.object({
  examined: z.number(),
  /** Pages of rows leased. */
  pages: z.number(),
  /** True when the time budget ended the run with rows still due (they go first next run). */
  outOfTime: z.boolean(),
  /** Row ids moved to completed or failed, with the status they got. */
  ended: z.array(z.object({ id: z.string(), status: z.enum(livestreamStatuses) })),
  muxStreamsDeleted: z.array(z.string()),
  egressesStopped: z.array(z.string()),
  /** The stream pool: streams made, deleted (trimmed, dead claims, no longer idle), slots forgotten. */
  pool: z.object({ made: z.number(), deleted: z.array(z.string()), forgotten: z.number() }),
  /** Rows or streams we couldn't settle this run (upstream trouble); the next run retries. */
  errors: z.number(),
});
export type ReconcileReport = z.output<typeof reconcileReportSchema>;
