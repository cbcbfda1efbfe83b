import "server-only";
// One reconcile pass and its report: puts Postgres and the upstreams back in agreement after a
// crash, a lost webhook or a timeout (docs/architecture.md, "Reconcile at fleet scale").
import type { EgressInfo } from "livekit-server-sdk";
import type { ReconcileReport } from "../contract";
import { enforceGuardrails, syncRecordings } from "../livestream";
import { prunePresence } from "../rooms";
import {
  listActiveEgresses,
  logUpstream,
  emptyPoolReport,
  maintainPool,
  type PoolReport,
  repairStaleSlots,
} from "../upstream";
import { forgetOldWebhookEvents } from "../webhooks";
import { pacer } from "./mux-calls";
import {
  deleteOrphanMuxStreams,
  forgetLostEgressEvents,
  stopEgressesOfEndedRows,
  stopLostEgressesOfFailedStarts,
} from "./orphans";
import { settleDueRows } from "./rows";

export type ReconcileOptions = {
  /** Only rows unchanged for this long (default 2 min: longer than a slow start takes). */
  olderThanMs?: number;
  /** Rows per page (default 200): one lease statement, and one release for the healthy ones among them. */
  limit?: number;
  /** Pages per run (default 100: 20,000 rows, so a crash among 10,000 live broadcasts is found in one run). The time budget, not this cap, bounds a slow run. */
  maxPages?: number;
  /**
   * No row is started after this long (default 40 s: under the 60 s lease and a
   * once-a-minute cron). The orphan scan after it is bounded by `muxScanLimit`.
   */
  timeBudgetMs?: number;
  /** MUX live streams to scan for orphans (default 500, i.e. 5 list calls). */
  muxScanLimit?: number;
  /** MUX requests per second at most (default 5: MUX's documented limit for other than POST). */
  muxCallsPerSecond?: number;
};

export type { ReconcileReport };


/** What one run shares: its start (each row once per run), the egress snapshot, the MUX pace. */
export type Run = {
  startedAt: Date;
  deadline: number;
  /** Running egresses by id: the run's one ListEgress. */
  running: Map<string, EgressInfo>;
  /** Resolves when the next MUX request may go out. */
  mux: () => Promise<void>;
  report: ReconcileReport;
};

const DEFAULT_MAX_PAGES = 100;
const DEFAULT_PAGE_ROWS = 200;

export async function reconcile(options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const report: ReconcileReport = { examined: 0, pages: 0, outOfTime: false, ended: [], muxStreamsDeleted: [], egressesStopped: [], pool: emptyPoolReport(), errors: 0 };
  const startedAt = new Date();
  const olderThanMs = options.olderThanMs ?? 120_000;
  const mux = pacer(options.muxCallsPerSecond ?? 5);

  // Guardrails first: a broadcast nobody is in any more is stopped as a stop does, before its row
  // is judged (docs/architecture.md, "Guardrails").
  await guardrailStep(report);

  let running: Map<string, EgressInfo> | undefined;
  try {
    running = new Map((await listActiveEgresses()).map((info) => [info.egressId, info]));
  } catch (error) {
    // Without the snapshot no row can be judged: they keep their place for the next run.
    report.errors += 1;
    logUpstream("reconcile", "could not list LiveKit's running egresses", error);
  }
  if (running) {
    const run: Run = { startedAt, deadline: startedAt.getTime() + (options.timeBudgetMs ?? 40_000), running, mux, report };
    await settleDueRows(run, olderThanMs, options.limit ?? DEFAULT_PAGE_ROWS, options.maxPages ?? DEFAULT_MAX_PAGES);
    await stopLostEgressesOfFailedStarts(run);
    await stopEgressesOfEndedRows(run);
  }
  report.errors += await syncRecordings(mux, olderThanMs);
  await forgetLostEgressEvents();
  await forgetOldWebhookEvents();
  await prunePresence();
  await poolStep("repair the stream pool", report, () => repairStaleSlots(mux, report.pool));
  const seen = await deleteOrphanMuxStreams(options.muxScanLimit ?? 500, mux, report);
  await poolStep("maintain the stream pool", report, () => maintainPool(mux, seen, report.pool));
  return report;
}

async function guardrailStep(report: ReconcileReport): Promise<void> {
  try {
    const { stopped, errors } = await enforceGuardrails();
    report.errors += errors;
    for (const stop of stopped) if (stop.status !== "stopping") report.ended.push({ id: stop.id, status: stop.status });
  } catch (error) {
    report.errors += 1;
    logUpstream("reconcile", "could not check the guardrails", error);
  }
}

async function poolStep(what: string, report: ReconcileReport, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    report.errors += 1;
    logUpstream("reconcile", `could not ${what}`, error);
  }
}
