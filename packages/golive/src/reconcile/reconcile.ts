import "server-only";
// Reconciliation: puts Postgres and the upstream services back in agreement after a crash,
// a lost webhook or a timeout (docs/architecture.md, invariant 2). Run it from a cron
// (`npm run reconcile` or POST /api/video/livestream/reconcile). Safe with several app
// instances: rows are leased with FOR UPDATE SKIP LOCKED, so two runs never work on the same
// broadcast, and every status change is the same guarded update the service uses (status.ts).
//
// At fleet scale (docs/architecture.md, "Reconcile at fleet scale"):
// - fair: a run takes live rows least recently checked first (`reconcile_checked_at`, nulls
//   first), a page at a time, each row at most once per run; a row is marked checked once
//   examined (also when that failed), so no row is examined again before every other due
//   row has been, and every live row is examined within ceil(rows / rows per run) runs;
// - cheap: one `ListEgress({active: true})` per run is the snapshot of running egresses; a
//   row whose egress is in it costs no LiveKit call. Only a row whose egress is missing from
//   it asks LiveKit about that egress (to learn how it ended). MUX is called only for rows that
//   need it (a `starting` row with a running egress, an end to complete, a stream to delete),
//   paced at `muxCallsPerSecond`;
// - bounded: no row is started after `timeBudgetMs`, at most `maxPages` pages per run; rows
//   not reached keep their place at the front for the next run.
//
// For each live row that hasn't changed for `olderThanMs`:
//   egress known    → running (in the snapshot): `stopping` rows are stopped, `starting` ones
//                     marked active if MUX says media flows, others left alone;
//                     not running → ask LiveKit how it ended; finish/fail the row and complete MUX.
//   egress unknown  → a start or stop died midway: stop any unlinked egress of ours in the
//                     room, delete the MUX stream (found by id, or by passthrough = row id),
//                     fail the row (or complete it, if it was stopping).
// Starts that failed in the last hour without an egress id get their lost egress (if
// LiveKit made one after all) stopped.
// Then MUX streams tagged with a row id that no row links (SDK-retry duplicates, streams of
// failed starts) are deleted — pool streams (`pool:<slot>`) only when neither their slot nor
// a row holds them (stream-pool.ts: the pool is repaired before the scan, checked, trimmed and
// topped up after it; docs/architecture.md, "MUX at fleet scale") — and ids of webhook events
// older than the senders' retries, and
// presence records older than anyone trusts, are forgotten. Recorded parts whose asset webhooks
// were lost are read from MUX's `recent_asset_ids` (recording-sync.ts).
import { and, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../db";
import { type EgressInfo, EgressStatus } from "livekit-server-sdk";
import { type Livestream, type LivestreamStatus, livestreams, liveStatuses, pendingEgressEvents } from "../db";
import { webhookEvents } from "../db";
import { applyEgressUpdate, isEgressEnded } from "../livestream";
import { prunePresence } from "../rooms";
import { syncRecordings } from "../livestream";
import { transition } from "../livestream";
import { stopUnlinkedEgress } from "../livestream";
import { egressUpdateFrom, findEgress, listActiveEgresses, stopEgress } from "../upstream";
import { completeLiveStream, deleteLiveStream, listLiveStreams, liveStreamStatus } from "../upstream";
import { logUpstream } from "../upstream";
import { emptyPoolReport, maintainPool, type PoolReport, poolOrphans, poolSlotOf, repairStaleSlots } from "../upstream";

export type ReconcileOptions = {
  /** Only rows unchanged for this long (default 2 min: longer than a slow start takes). */
  olderThanMs?: number;
  /** Rows per page (default 50): one lease, one transaction. */
  limit?: number;
  /**
   * Pages per run (default 20, so at most 1,000 rows a run: 1,000 live broadcasts and a crashed
   * start are all examined within 2 runs, about 3 s of work on PGlite; `npm run bench:scale`,
   * docs/benchmarks.md "Fleet scale"). The time budget, not this cap, bounds a slow run.
   */
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

export type ReconcileReport = {
  examined: number;
  /** Pages of rows leased. */
  pages: number;
  /** True when the time budget ended the run with rows still due (they go first next run). */
  outOfTime: boolean;
  /** Row ids moved to completed or failed, with the status they got. */
  ended: { id: string; status: LivestreamStatus }[];
  muxStreamsDeleted: string[];
  egressesStopped: string[];
  /** The stream pool: streams made, deleted (trimmed, dead claims, no longer idle), slots forgotten. */
  pool: PoolReport;
  /** Rows or streams we couldn't settle this run (upstream trouble); the next run retries. */
  errors: number;
};

const LEASE_MS = 60_000;
const DEFAULT_MAX_PAGES = 20;
/**
 * How long applied webhook event ids are kept: longer than MUX retries a delivery (about a
 * day) and than a captured LiveKit request stays valid (its JWT expires within minutes).
 */
const WEBHOOK_EVENT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** What one run shares: its start (each row once per run), the egress snapshot, the MUX pace. */
type Run = {
  startedAt: Date;
  deadline: number;
  /** Running egresses by id: the run's one ListEgress. */
  running: Map<string, EgressInfo>;
  /** Resolves when the next MUX request may go out. */
  mux: () => Promise<void>;
  report: ReconcileReport;
};

/** Spaces calls at least 1/perSecond apart (the SDK's own retries of one call not counted). */
function pacer(perSecond: number): () => Promise<void> {
  const gapMs = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + gapMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  };
}

export async function reconcile(options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const report: ReconcileReport = { examined: 0, pages: 0, outOfTime: false, ended: [], muxStreamsDeleted: [], egressesStopped: [], pool: emptyPoolReport(), errors: 0 };
  const startedAt = new Date();
  const limit = options.limit ?? 50;
  const mux = pacer(options.muxCallsPerSecond ?? 5);

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
    await settleDueRows(run, options.olderThanMs ?? 120_000, limit, options.maxPages ?? DEFAULT_MAX_PAGES);
    await stopLostEgressesOfFailedStarts(run);
    await stopEgressesOfEndedRows(run);
  }
  report.errors += await syncRecordings(mux, options.olderThanMs ?? 120_000);
  // Events kept for an egress no start ever recorded (its start died) will never be applied.
  const db = await getDb();
  await db.delete(pendingEgressEvents).where(lt(pendingEgressEvents.receivedAt, new Date(Date.now() - LOST_EGRESS_WINDOW_MS)));
  await db.delete(webhookEvents).where(lt(webhookEvents.receivedAt, new Date(Date.now() - WEBHOOK_EVENT_RETENTION_MS)));
  await prunePresence();
  await poolStep("repair the stream pool", report, () => repairStaleSlots(mux, report.pool));
  const seen = await deleteOrphanMuxStreams(options.muxScanLimit ?? 500, mux, report);
  await poolStep("maintain the stream pool", report, () => maintainPool(mux, seen, report.pool));
  return report;
}

async function poolStep(what: string, report: ReconcileReport, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    report.errors += 1;
    logUpstream("reconcile", `could not ${what}`, error);
  }
}

async function settleDueRows(run: Run, olderThanMs: number, limit: number, maxPages: number): Promise<void> {
  const { report } = run;
  for (let page = 0; page < maxPages; page++) {
    if (Date.now() >= run.deadline) {
      report.outOfTime = true;
      return;
    }
    const rows = await leaseDueRows(run.startedAt, olderThanMs, limit);
    if (rows.length === 0) return;
    report.pages += 1;
    for (const row of rows) {
      if (Date.now() >= run.deadline) {
        // Not reached: released unchecked, so it is among the first next run.
        report.outOfTime = true;
        await release(row.id, false);
        continue;
      }
      report.examined += 1;
      try {
        await settleRow(row, run);
      } catch (error) {
        report.errors += 1;
        logUpstream("reconcile", `could not settle livestream ${row.id}`, error);
      } finally {
        // Checked even when it failed: a row that keeps failing must not hold the front.
        await release(row.id, true);
      }
    }
    if (rows.length < limit) return;
  }
}

/** How long after a failed start its lost egress is still looked for. */
const LOST_EGRESS_WINDOW_MS = 60 * 60 * 1000;

/**
 * A start whose egress answer was lost failed without an egress id; the start itself tries
 * to stop the egress LiveKit may have made anyway, and this retries that for an hour in case
 * LiveKit was unreachable then too. Only rooms with a running egress in the snapshot can have
 * one. Stopping is idempotent, so concurrent runs are harmless.
 */
async function stopLostEgressesOfFailedStarts(run: Run): Promise<void> {
  const running = [...run.running.values()];
  const rooms = [...new Set(running.map((info) => info.roomName))];
  if (rooms.length === 0) return;
  const db = await getDb();
  const failedStarts = await db
    .select({ roomName: livestreams.roomName, muxStreamKey: livestreams.muxStreamKey })
    .from(livestreams)
    .where(
      and(
        eq(livestreams.status, "failed"),
        isNull(livestreams.egressId),
        isNotNull(livestreams.muxStreamKey),
        gt(livestreams.endedAt, new Date(Date.now() - LOST_EGRESS_WINDOW_MS)),
        inArray(livestreams.roomName, rooms),
      ),
    );
  for (const { roomName, muxStreamKey } of failedStarts) {
    if (!muxStreamKey) continue;
    try {
      const stopped = await stopUnlinkedEgress(roomName, muxStreamKey, running);
      if (stopped) run.report.egressesStopped.push(stopped);
    } catch (error) {
      run.report.errors += 1;
      logUpstream("reconcile", `could not look for a lost egress in room "${roomName}"`, error);
    }
  }
}

/**
 * A broadcast that ended while its egress kept running: a stop whose StopEgress failed leaves
 * its row `failed` ("The egress may still be running."), and no live row names that egress
 * any more, so nothing else would ever stop it — it would stream to MUX and every extra
 * destination for as long as the room stays open, and MUX would never finalise the recording
 * (docs/architecture.md, invariant 2; tests/integration/reconcile.test.ts). Its egress is
 * stopped and its MUX stream completed. Only egresses STARTING or ACTIVE in the snapshot: an
 * ENDING one is already on its way out. One query per run, whatever the number of rows.
 */
async function stopEgressesOfEndedRows(run: Run): Promise<void> {
  // Not the ones this run already stopped (a stop that died, finished above).
  const handled = new Set(run.report.egressesStopped);
  const running = [...run.running.values()]
    .filter((info) => (info.status === EgressStatus.EGRESS_STARTING || info.status === EgressStatus.EGRESS_ACTIVE) && !handled.has(info.egressId))
    .map((info) => info.egressId);
  if (running.length === 0) return;
  const db = await getDb();
  const ended = await db
    .select({ egressId: livestreams.egressId, muxLiveStreamId: livestreams.muxLiveStreamId, muxStreamKey: livestreams.muxStreamKey })
    .from(livestreams)
    .where(and(inArray(livestreams.status, ["completed", "failed"]), inArray(livestreams.egressId, running)));
  for (const { egressId, muxLiveStreamId, muxStreamKey } of ended) {
    if (!egressId) continue;
    try {
      await stopEgress(egressId);
      run.report.egressesStopped.push(egressId);
      await completeMux(muxLiveStreamId, run);
    } catch (error) {
      run.report.errors += 1;
      logUpstream("reconcile", `could not stop egress ${egressId} of an ended broadcast`, error, muxStreamKey ? [muxStreamKey] : []);
    }
  }
}

/**
 * Leases the next page of due rows: live, unchanged for `olderThanMs`, not leased by another
 * run, not yet checked by this run; least recently checked first (never-checked first), then
 * the longest unchanged.
 */
async function leaseDueRows(runStartedAt: Date, olderThanMs: number, limit: number): Promise<Livestream[]> {
  const db = await getDb();
  const now = new Date();
  const due = db
    .select({ id: livestreams.id })
    .from(livestreams)
    .where(
      and(
        inArray(livestreams.status, [...liveStatuses]),
        lt(livestreams.updatedAt, new Date(now.getTime() - olderThanMs)),
        or(isNull(livestreams.reconcileLeaseUntil), lt(livestreams.reconcileLeaseUntil, now)),
        or(isNull(livestreams.reconcileCheckedAt), lt(livestreams.reconcileCheckedAt, runStartedAt)),
      ),
    )
    .orderBy(sql`${livestreams.reconcileCheckedAt} asc nulls first`, livestreams.updatedAt, livestreams.id)
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(livestreams)
    .set({ reconcileLeaseUntil: new Date(now.getTime() + LEASE_MS) })
    .where(inArray(livestreams.id, due))
    .returning();
}

async function release(id: string, checked: boolean): Promise<void> {
  const db = await getDb();
  await db
    .update(livestreams)
    .set({ reconcileLeaseUntil: null, ...(checked ? { reconcileCheckedAt: new Date() } : {}) })
    .where(eq(livestreams.id, id));
}

/** A stop that died is completed; a start that died is failed. */
async function finish(row: Livestream, report: ReconcileReport): Promise<void> {
  const done =
    row.status === "stopping"
      ? await transition({ id: row.id }, { to: "completed" }, { from: ["stopping"] })
      : await transition({ id: row.id }, { to: "failed", reason: "Going live was interrupted before the broadcast started; it was cleaned up." }, { from: ["starting", "active"] });
  if (done) report.ended.push({ id: row.id, status: done.status });
}

async function settleRow(row: Livestream, run: Run): Promise<void> {
  const { report } = run;
  if (row.egressId) return settleWithEgress(row, row.egressId, run);

  // A start (or a stop of a start) died before the egress was recorded.
  const stray = row.muxStreamKey ? await stopUnlinkedEgress(row.roomName, row.muxStreamKey, [...run.running.values()]) : undefined;
  if (stray) report.egressesStopped.push(stray);
  if (row.status === "stopping") {
    await completeMux(row.muxLiveStreamId, run);
    return finish(row, report);
  }
  if (row.muxLiveStreamId) await deleteMux(row.muxLiveStreamId, run.mux, report);
  await finish(row, report);
}

async function settleWithEgress(row: Livestream, egressId: string, run: Run): Promise<void> {
  const { report } = run;
  // Running per the snapshot; not in it means it ended (or LiveKit forgot it): only then is
  // LiveKit asked about this egress, and only to learn how it ended.
  const snapshot = run.running.get(egressId);

  if (row.status === "stopping") {
    // A stop died midway: finish it.
    if (snapshot) {
      await stopEgress(egressId);
      report.egressesStopped.push(egressId);
    }
    await completeMux(row.muxLiveStreamId, run);
    return finish(row, report);
  }

  const info = snapshot ?? (await findEgress(egressId));
  if (!info || isEgressEnded(info.status)) {
    // The egress ended and we missed the event: handle it as the webhook would have (which
    // completes the MUX stream). Its error text is redacted by applyEgressUpdate, like a webhook's.
    await run.mux();
    await applyEgressUpdate(
      info ? egressUpdateFrom(info) : { egressId, roomName: row.roomName, status: EgressStatus.EGRESS_FAILED, error: "LiveKit no longer knows this egress.", streams: [] },
    );
    const db = await getDb();
    const [after] = await db.select({ status: livestreams.status }).from(livestreams).where(eq(livestreams.id, row.id));
    if (after?.status === "completed" || after?.status === "failed") report.ended.push({ id: row.id, status: after.status });
    return;
  }

  // Still running. A missed `video.live_stream.active` is repaired from MUX's own status.
  if (row.status === "starting" && row.muxLiveStreamId) {
    await run.mux();
    if ((await liveStreamStatus(row.muxLiveStreamId)) === "active") await transition({ id: row.id }, { to: "active" });
  }
}

async function completeMux(muxLiveStreamId: string | null, run: Run): Promise<void> {
  if (!muxLiveStreamId) return;
  await run.mux();
  await completeLiveStream(muxLiveStreamId);
}

async function deleteMux(muxLiveStreamId: string, mux: () => Promise<void>, report: ReconcileReport): Promise<void> {
  await mux();
  if (await deleteLiveStream(muxLiveStreamId)) report.muxStreamsDeleted.push(muxLiveStreamId);
}

const uuid = z.uuid();
/** MUX's list page (mux.ts `listLiveStreams`): rows are looked up a page at a time, and each page request is paced. */
const MUX_PAGE = 100;

/**
 * MUX streams this app made (passthrough = a row id) that no row links: duplicates from an
 * SDK retry, or streams of starts that failed before their cleanup finished. Streams of rows still
 * `starting` are left alone: their start may be about to link them.
 */
async function deleteOrphanMuxStreams(scanLimit: number, mux: () => Promise<void>, report: ReconcileReport): Promise<ReadonlySet<string> | undefined> {
  if (scanLimit <= 0) return undefined;
  let batch: { id: string; rowId: string }[] = [];
  let pool: { id: string; slotId: string }[] = [];
  // The ids the scan saw, for the pool's check of its streams (undefined: the scan failed).
  const seen = new Set<string>();
  let scanned = 0;
  try {
    await mux(); // the first page
    for await (const stream of listLiveStreams()) {
      scanned += 1;
      seen.add(stream.id);
      const rowId = stream.passthrough;
      const slotId = poolSlotOf(rowId);
      if (slotId) pool.push({ id: stream.id, slotId });
      else if (rowId && uuid.safeParse(rowId).success) batch.push({ id: stream.id, rowId });
      if (scanned >= scanLimit) break;
      if (scanned % MUX_PAGE === 0) {
        await deleteUnlinked(batch, mux, report);
        await deletePoolOrphans(pool, mux, report);
        batch = [];
        pool = [];
        await mux(); // the next page is asked for when the loop goes on
      }
    }
    await deleteUnlinked(batch, mux, report);
    await deletePoolOrphans(pool, mux, report);
    return seen;
  } catch (error) {
    report.errors += 1;
    logUpstream("reconcile", "could not scan MUX live streams", error);
    return undefined;
  }
}

async function deletePoolOrphans(streams: readonly { id: string; slotId: string }[], mux: () => Promise<void>, report: ReconcileReport): Promise<void> {
  for (const id of await poolOrphans(streams)) await deleteMux(id, mux, report);
}

/** One query for a page of tagged streams; deletes those no row uses. */
async function deleteUnlinked(streams: readonly { id: string; rowId: string }[], mux: () => Promise<void>, report: ReconcileReport): Promise<void> {
  if (streams.length === 0) return;
  const db = await getDb();
  const rows = await db
    .select({ id: livestreams.id, status: livestreams.status, muxLiveStreamId: livestreams.muxLiveStreamId, egressId: livestreams.egressId })
    .from(livestreams)
    .where(inArray(livestreams.id, [...new Set(streams.map((s) => s.rowId))]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const stream of streams) {
    const row = byId.get(stream.rowId);
    // A failed row that never got an egress never used its stream: its cleanup just didn't finish.
    const unused = row?.status === "failed" && row.egressId === null;
    const linked = row?.muxLiveStreamId === stream.id;
    if ((linked && !unused) || row?.status === "starting") continue;
    await deleteMux(stream.id, mux, report);
  }
}
