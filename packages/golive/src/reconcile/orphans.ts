import "server-only";
// What upstream runs with no live row behind it: lost egresses of failed starts, egresses of
// ended broadcasts, MUX streams no row links (docs/architecture.md, "Reconcile at fleet scale").
import { and, eq, gt, inArray, isNotNull, isNull, lt } from "drizzle-orm";
import { EgressStatus } from "livekit-server-sdk";
import { z } from "zod";
import { anyOf, getDb, livestreams, pendingEgressEvents } from "../db";
import { stopUnlinkedEgress } from "../livestream";
import { listLiveStreams, logUpstream, poolOrphans, poolSlotOf, stopEgress } from "../upstream";
import { completeMux, deleteMux } from "./mux-calls";
import type { ReconcileReport, Run } from "./run";

/** How long after a failed start its lost egress is still looked for. */
const LOST_EGRESS_WINDOW_MS = 60 * 60 * 1000;

/** Events kept for an egress no start ever recorded (its start died) will never be applied. */
export async function forgetLostEgressEvents(): Promise<void> {
  const db = await getDb();
  await db.delete(pendingEgressEvents).where(lt(pendingEgressEvents.receivedAt, new Date(Date.now() - LOST_EGRESS_WINDOW_MS)));
}

/**
 * A start whose egress answer was lost failed without an egress id; the start itself tries
 * to stop the egress LiveKit may have made anyway, and this retries that for an hour in case
 * LiveKit was unreachable then too. Only rooms with a running egress in the snapshot can have
 * one. Stopping is idempotent, so concurrent runs are harmless.
 */
export async function stopLostEgressesOfFailedStarts(run: Run): Promise<void> {
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
        anyOf(livestreams.roomName, rooms),
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
export async function stopEgressesOfEndedRows(run: Run): Promise<void> {
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
    .where(and(inArray(livestreams.status, ["completed", "failed"]), anyOf(livestreams.egressId, running)));
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

const uuid = z.uuid();
/** MUX's list page (mux.ts `listLiveStreams`): rows are looked up a page at a time, and each page request is paced. */
const MUX_PAGE = 100;

/**
 * MUX streams this app made (passthrough = a row id) that no row links: duplicates from an
 * SDK retry, or streams of starts that failed before their cleanup finished. Streams of rows still
 * `starting` are left alone: their start may be about to link them. Pool streams
 * (`pool:<slot>`) go only when neither their slot nor a row holds them (upstream/pool-repairs.ts).
 * Answers the ids the scan saw, for the pool's check of its streams (undefined: the scan failed).
 */
export async function deleteOrphanMuxStreams(scanLimit: number, mux: () => Promise<void>, report: ReconcileReport): Promise<ReadonlySet<string> | undefined> {
  if (scanLimit <= 0) return undefined;
  let batch: { id: string; rowId: string }[] = [];
  let pool: { id: string; slotId: string }[] = [];
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
