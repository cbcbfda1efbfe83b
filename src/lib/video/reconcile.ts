import "server-only";
// Reconciliation: puts Postgres and the upstream services back in agreement after a crash,
// a lost webhook or a timeout (docs/architecture.md, invariant 2). Run it from a cron
// (`npm run reconcile` or POST /api/video/livestream/reconcile). Safe with several app
// instances: rows are leased with FOR UPDATE SKIP LOCKED, so two runs never work on the same
// broadcast, and every status change is the same guarded update the service uses (status.ts).
//
// For each live row that hasn't changed for `olderThanMs`:
//   egress known    → ask LiveKit; ended or unknown → finish/fail the row and complete MUX;
//                     still running → `stopping` rows are stopped, others left (and marked
//                     active if MUX says media flows).
//   egress unknown  → a start or stop died midway: stop any unlinked egress of ours in the
//                     room, delete the MUX stream (found by id, or by passthrough = row id),
//                     fail the row (or complete it, if it was stopping).
// Starts that failed in the last hour without an egress id get their lost egress (if
// LiveKit made one after all) stopped.
// Then MUX streams tagged with a row id that no row links (SDK-retry duplicates, streams of
// failed starts) are deleted, and ids of webhook events older than the senders' retries are
// forgotten.
import { and, eq, gt, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { EgressStatus } from "livekit-server-sdk";
import { type Livestream, type LivestreamStatus, livestreams, liveStatuses, pendingEgressEvents, webhookEvents } from "@/lib/db/schema";
import { applyEgressUpdate, egressUpdateFrom, isEgressEnded } from "./events";
import { transition } from "./status";
import { stopUnlinkedEgress } from "./stray-egress";
import { findEgress, stopEgress } from "./livekit";
import { completeLiveStream, deleteLiveStream, listLiveStreams, liveStreamStatus } from "./mux";
import { logUpstream } from "./upstream";

export type ReconcileOptions = {
  /** Only rows unchanged for this long (default 2 min: longer than a slow start takes). */
  olderThanMs?: number;
  /** Rows per run (default 50). */
  limit?: number;
  /** MUX live streams to scan for orphans (default 500, i.e. 5 list calls). */
  muxScanLimit?: number;
};

export type ReconcileReport = {
  examined: number;
  /** Row ids moved to completed or failed, with the status they got. */
  ended: { id: string; status: LivestreamStatus }[];
  muxStreamsDeleted: string[];
  egressesStopped: string[];
  /** Rows or streams we couldn't settle this run (upstream trouble); the next run retries. */
  errors: number;
};

const LEASE_MS = 60_000;
/**
 * How long applied webhook event ids are kept: longer than MUX retries a delivery (about a
 * day) and than a captured LiveKit request stays valid (its JWT expires within minutes).
 */
const WEBHOOK_EVENT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export async function reconcile(options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const report: ReconcileReport = { examined: 0, ended: [], muxStreamsDeleted: [], egressesStopped: [], errors: 0 };
  const rows = await leaseStaleRows(options.olderThanMs ?? 120_000, options.limit ?? 50);
  report.examined = rows.length;
  for (const row of rows) {
    try {
      await settleRow(row, report);
    } catch (error) {
      report.errors += 1;
      logUpstream("reconcile", `could not settle livestream ${row.id}`, error);
    } finally {
      await release(row.id);
    }
  }
  await stopLostEgressesOfFailedStarts(options.limit ?? 50, report);
  // Events kept for an egress no start ever recorded (its start died) will never be applied.
  const db = await getDb();
  await db.delete(pendingEgressEvents).where(lt(pendingEgressEvents.receivedAt, new Date(Date.now() - LOST_EGRESS_WINDOW_MS)));
  await db.delete(webhookEvents).where(lt(webhookEvents.receivedAt, new Date(Date.now() - WEBHOOK_EVENT_RETENTION_MS)));
  await deleteOrphanMuxStreams(options.muxScanLimit ?? 500, report);
  return report;
}

/** How long after a failed start its lost egress is still looked for. */
const LOST_EGRESS_WINDOW_MS = 60 * 60 * 1000;

/**
 * A start whose egress answer was lost failed without an egress id; the start itself tries
 * to stop the egress LiveKit may have made anyway, and this retries that for an hour in case
 * LiveKit was unreachable then too. Stopping is idempotent, so concurrent runs are harmless.
 */
async function stopLostEgressesOfFailedStarts(limit: number, report: ReconcileReport): Promise<void> {
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
      ),
    )
    .limit(limit);
  for (const { roomName, muxStreamKey } of failedStarts) {
    if (!muxStreamKey) continue;
    try {
      const stopped = await stopUnlinkedEgress(roomName, muxStreamKey);
      if (stopped) report.egressesStopped.push(stopped);
    } catch (error) {
      report.errors += 1;
      logUpstream("reconcile", `could not look for a lost egress in room "${roomName}"`, error);
    }
  }
}

async function leaseStaleRows(olderThanMs: number, limit: number): Promise<Livestream[]> {
  const db = await getDb();
  const now = new Date();
  const stale = db
    .select({ id: livestreams.id })
    .from(livestreams)
    .where(
      and(
        inArray(livestreams.status, [...liveStatuses]),
        lt(livestreams.updatedAt, new Date(now.getTime() - olderThanMs)),
        or(isNull(livestreams.reconcileLeaseUntil), lt(livestreams.reconcileLeaseUntil, now)),
      ),
    )
    .orderBy(livestreams.updatedAt)
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(livestreams)
    .set({ reconcileLeaseUntil: new Date(now.getTime() + LEASE_MS) })
    .where(inArray(livestreams.id, stale))
    .returning();
}

async function release(id: string): Promise<void> {
  const db = await getDb();
  await db.update(livestreams).set({ reconcileLeaseUntil: null }).where(eq(livestreams.id, id));
}

/** A stop that died is completed; a start that died is failed. */
async function finish(row: Livestream, report: ReconcileReport): Promise<void> {
  const done =
    row.status === "stopping"
      ? await transition({ id: row.id }, { to: "completed" }, { from: ["stopping"] })
      : await transition({ id: row.id }, { to: "failed", reason: "Going live was interrupted before the broadcast started; it was cleaned up." }, { from: ["starting", "active"] });
  if (done) report.ended.push({ id: row.id, status: done.status });
}

async function settleRow(row: Livestream, report: ReconcileReport): Promise<void> {
  if (row.egressId) return settleWithEgress(row, row.egressId, report);

  // A start (or a stop of a start) died before the egress was recorded.
  const stray = row.muxStreamKey ? await stopUnlinkedEgress(row.roomName, row.muxStreamKey) : undefined;
  if (stray) report.egressesStopped.push(stray);
  if (row.status === "stopping") {
    await completeMux(row.muxLiveStreamId);
    return finish(row, report);
  }
  if (row.muxLiveStreamId) await deleteMux(row.muxLiveStreamId, report);
  await finish(row, report);
}

async function settleWithEgress(row: Livestream, egressId: string, report: ReconcileReport): Promise<void> {
  const info = await findEgress(egressId);
  const ended = !info || isEgressEnded(info.status);

  if (row.status === "stopping") {
    // A stop died midway: finish it.
    if (!ended) {
      await stopEgress(egressId);
      report.egressesStopped.push(egressId);
    }
    await completeMux(row.muxLiveStreamId);
    return finish(row, report);
  }

  if (ended) {
    // The egress ended and we missed the event: handle it as the webhook would have.
    // Its error text is redacted by applyEgressUpdate, like a webhook's.
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
    if ((await liveStreamStatus(row.muxLiveStreamId)) === "active") await transition({ id: row.id }, { to: "active" });
  }
}

async function completeMux(muxLiveStreamId: string | null): Promise<void> {
  if (muxLiveStreamId) await completeLiveStream(muxLiveStreamId);
}

async function deleteMux(muxLiveStreamId: string, report: ReconcileReport): Promise<void> {
  if (await deleteLiveStream(muxLiveStreamId)) report.muxStreamsDeleted.push(muxLiveStreamId);
}

const uuid = z.uuid();

/**
 * MUX streams this app made (passthrough = a row id) that no row links: duplicates from an
 * SDK retry, or streams of starts that failed before their cleanup finished. Streams of rows still
 * `starting` are left alone: their start may be about to link them.
 */
async function deleteOrphanMuxStreams(scanLimit: number, report: ReconcileReport): Promise<void> {
  const db = await getDb();
  let scanned = 0;
  try {
    for await (const stream of listLiveStreams()) {
      if (++scanned > scanLimit) break;
      const rowId = stream.passthrough;
      if (!rowId || !uuid.safeParse(rowId).success) continue;
      const [row] = await db
        .select({ status: livestreams.status, muxLiveStreamId: livestreams.muxLiveStreamId, egressId: livestreams.egressId })
        .from(livestreams)
        .where(eq(livestreams.id, rowId))
        .limit(1);
      // A failed row that never got an egress never used its stream: its cleanup just didn't finish.
      const unused = row?.status === "failed" && row.egressId === null;
      const linked = row?.muxLiveStreamId === stream.id;
      if ((linked && !unused) || row?.status === "starting") continue;
      await deleteMux(stream.id, report);
    }
  } catch (error) {
    report.errors += 1;
    logUpstream("reconcile", "could not scan MUX live streams", error);
  }
}
