import "server-only";
// Reconcile's repairs of the warm pool: slots whose process died, pool streams that are orphans,
// slots MUX no longer backs, trim and top-up (docs/architecture.md, "MUX at fleet scale").
import { and, eq, inArray, lt } from "drizzle-orm";
import { getDb, livestreams, muxStreamPool, type PoolSlot } from "../db";
import { muxFleetConfig } from "../config";
import { deleteLiveStream, isMuxNotFound, liveStreamStatus, muxEnvironment } from "./mux";
import { REFILL_BUDGET_MS, refillPool } from "./pool-refill";

/** How long a slot may stay `creating` or `claimed` before reconcile takes its process for dead. */
export const STALE_SLOT_MS = 2 * 60_000;

export type PoolReport = {
  /** Pool streams made by this run. */
  made: number;
  /** Pool streams deleted: trimmed, of a claim whose go-live died, or no longer idle. */
  deleted: string[];
  /** Slots forgotten: their creator died mid-create, or MUX no longer has their stream. */
  forgotten: number;
};

export const emptyPoolReport = (): PoolReport => ({ made: 0, deleted: [], forgotten: 0 });

/**
 * Reconcile, before its orphan scan: slots whose process died. A `creating` slot older than
 * STALE_SLOT_MS is forgotten (a stream its POST made is then an orphan for the scan). A
 * `claimed` slot that old: if the broadcast linked the stream, only the slot goes; otherwise
 * its stream is deleted, not returned: a claimer that was only slow would otherwise fail to
 * link it and delete it under its next owner.
 */
export async function repairStaleSlots(pace: () => Promise<void>, report: PoolReport): Promise<void> {
  if (!(await poolInUse())) return;
  const db = await getDb();
  const cutoff = new Date(Date.now() - STALE_SLOT_MS);
  const environment = muxEnvironment();
  const stale = await db
    .delete(muxStreamPool)
    .where(and(eq(muxStreamPool.environment, environment), eq(muxStreamPool.state, "creating"), lt(muxStreamPool.createdAt, cutoff)))
    .returning({ id: muxStreamPool.id });
  report.forgotten += stale.length;
  const claims = await db
    .delete(muxStreamPool)
    .where(and(eq(muxStreamPool.environment, environment), eq(muxStreamPool.state, "claimed"), lt(muxStreamPool.claimedAt, cutoff)))
    .returning();
  for (const claim of claims) {
    const streamId = claim.muxLiveStreamId;
    if (!streamId) continue;
    const [linked] = await db.select({ id: livestreams.id }).from(livestreams).where(eq(livestreams.muxLiveStreamId, streamId)).limit(1);
    if (linked) continue;
    // If this fails the stream (passthrough pool:<slot>, no slot, no row) is an orphan for the scan.
    await pace();
    await deleteLiveStream(streamId);
    report.deleted.push(streamId);
  }
}

/**
 * Reconcile's orphan scan, for streams tagged `pool:<slot>`: those to delete. Kept: the stream
 * of its slot; any stream of a slot still `creating` (its POST may be about to record it); a
 * stream a broadcast linked, by the same rule as streams tagged with a row id (kept unless its
 * row failed before it had an egress; kept while the row is `starting`).
 */
export async function poolOrphans(streams: readonly { id: string; slotId: string }[]): Promise<string[]> {
  if (streams.length === 0) return [];
  const db = await getDb();
  const slots = await db
    .select({ id: muxStreamPool.id, state: muxStreamPool.state, muxLiveStreamId: muxStreamPool.muxLiveStreamId })
    .from(muxStreamPool)
    .where(inArray(muxStreamPool.id, [...new Set(streams.map((s) => s.slotId))]));
  const rows = await db
    .select({ muxLiveStreamId: livestreams.muxLiveStreamId, status: livestreams.status, egressId: livestreams.egressId })
    .from(livestreams)
    .where(inArray(livestreams.muxLiveStreamId, streams.map((s) => s.id)));
  const slotById = new Map(slots.map((s) => [s.id, s]));
  const rowByStream = new Map(rows.map((r) => [r.muxLiveStreamId, r]));
  return streams
    .filter((stream) => {
      const slot = slotById.get(stream.slotId);
      if (slot && (slot.muxLiveStreamId === stream.id || slot.state === "creating")) return false;
      const row = rowByStream.get(stream.id);
      if (row && (row.status === "starting" || !(row.status === "failed" && row.egressId === null))) return false;
      return true;
    })
    .map((s) => s.id);
}

/**
 * Reconcile, after its orphan scan: ready slots whose stream the scan didn't see are checked
 * with MUX (gone → the slot is forgotten; no longer idle → slot and stream go); the pool is
 * trimmed to MUX_STREAM_POOL_SIZE (the newest extras deleted) and topped up within `refillBudgetMs`.
 */
export async function maintainPool(
  pace: () => Promise<void>,
  seen: ReadonlySet<string> | undefined,
  report: PoolReport,
  refillBudgetMs: number = REFILL_BUDGET_MS,
): Promise<void> {
  if (!(await poolInUse())) return;
  const db = await getDb();
  const environment = muxEnvironment();
  const ready = await db
    .select()
    .from(muxStreamPool)
    .where(and(eq(muxStreamPool.environment, environment), eq(muxStreamPool.state, "ready")))
    .orderBy(muxStreamPool.createdAt, muxStreamPool.id);
  for (const slot of ready) {
    if (!slot.muxLiveStreamId || seen?.has(slot.muxLiveStreamId)) continue;
    await checkSlot(slot, pace, report);
  }

  const { poolSize } = muxFleetConfig();
  const extras = db
    .select({ id: muxStreamPool.id })
    .from(muxStreamPool)
    .where(and(eq(muxStreamPool.environment, environment), eq(muxStreamPool.state, "ready")))
    // The oldest `poolSize` stay (claims take the oldest first); the rest are the extras.
    .orderBy(muxStreamPool.createdAt, muxStreamPool.id)
    .offset(poolSize)
    .for("update", { skipLocked: true });
  // The slot goes first, so nobody claims a stream about to be deleted; a failed delete leaves
  // an orphan (pool passthrough, no slot) for the next scan.
  const trimmed = await db
    .delete(muxStreamPool)
    .where(and(inArray(muxStreamPool.id, extras), eq(muxStreamPool.state, "ready")))
    .returning({ muxLiveStreamId: muxStreamPool.muxLiveStreamId });
  for (const { muxLiveStreamId } of trimmed) {
    if (!muxLiveStreamId) continue;
    await pace();
    await deleteLiveStream(muxLiveStreamId);
    report.deleted.push(muxLiveStreamId);
  }
  if (poolSize > 0) report.made += await refillPool(refillBudgetMs);
}

/** The pool is on, or off with slots left to clean up (a pool off and empty costs no MUX call). */
async function poolInUse(): Promise<boolean> {
  if (muxFleetConfig().poolSize > 0) return true;
  const db = await getDb();
  const [any] = await db.select({ id: muxStreamPool.id }).from(muxStreamPool).limit(1);
  return any !== undefined;
}

async function checkSlot(slot: PoolSlot, pace: () => Promise<void>, report: PoolReport): Promise<void> {
  const streamId = slot.muxLiveStreamId;
  if (!streamId) return;
  const db = await getDb();
  await pace();
  let status: string;
  try {
    status = await liveStreamStatus(streamId);
  } catch (error) {
    if (!isMuxNotFound(error)) throw error;
    const forgotten = await db.delete(muxStreamPool).where(and(eq(muxStreamPool.id, slot.id), eq(muxStreamPool.state, "ready"))).returning({ id: muxStreamPool.id });
    report.forgotten += forgotten.length;
    return;
  }
  if (status === "idle") return;
  // Something used or disabled it: a go-live must never be handed it.
  const removed = await db.delete(muxStreamPool).where(and(eq(muxStreamPool.id, slot.id), eq(muxStreamPool.state, "ready"))).returning({ id: muxStreamPool.id });
  if (removed.length === 0) return;
  await pace();
  await deleteLiveStream(streamId);
  report.deleted.push(streamId);
}

