import "server-only";
// The warm pool of MUX live streams (docs/architecture.md, "MUX at fleet scale"). MUX takes
// about one POST per second per environment, so sixty classrooms going live at 9:00 would
// queue for a minute; with streams made ahead of time a go-live makes no MUX call at the click.
//
// - Every pool stream has exactly the settings a go-live makes by default (POOL_STREAM below:
//   public playback on the stream and its recording, standard latency, 12 h, no captions). A
//   go-live asking for anything else makes its own stream, as before.
// - Its `passthrough` is `pool:<slot id>`: reconcile knows a pool stream without asking MUX.
// - A slot is written `creating` before its POST (a crash mid-create leaves a trace), becomes
//   `ready`, and is taken by one guarded UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED)
//   → `claimed` with the broadcast's id: two go-lives never get the same stream. The go-live
//   links the stream to its row and deletes the slot; from then on the row owns the stream,
//   exactly like one it made itself.
// - A crash after the claim (the row never linked) is repaired by reconcile once the claim is
//   older than STALE_SLOT_MS: the stream is **deleted**, not returned. Returning it could hand
//   one stream to two broadcasts if the claimer was only slow (its link, guarded by the row's
//   status, would fail and its cleanup would delete the stream under the new owner); deleting
//   is idempotent, and costs one POST to replace.
// - Refills happen after every go-live that asked for a stream, once it answered (in the
//   background, in this process), and in every reconcile run, through the shared POST pace
//   (mux-pace.ts), only with a slot free now: they yield to go-lives. The slot count is
//   checked under the pace row's lock, so instances don't overfill; reconcile trims what is
//   over MUX_STREAM_POOL_SIZE (0 empties it).
import { randomUUID } from "node:crypto";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "../db";
import { rowsOf } from "../db";
import { livestreams } from "../db";
import { muxRateLimits, muxStreamPool, type PoolSlot } from "../db";
import { muxFleetConfig } from "../config";
import { deferPosts, passSendGate, postIntervalMs, queueAheadMs, sleep } from "./mux-pace";
import { createLiveStream, deleteLiveStream, isMuxNotFound, liveStreamStatus, muxEnvironment, type MuxLiveStream, rateLimitedFor } from "./mux";
import { MAX_DURATION } from "../contract";
import { logUpstream } from "./failures";

const PREFIX = "pool:";
const uuid = z.uuid();

/** What every pool stream is made with: what a go-live makes when it asks for nothing else. */
export const POOL_STREAM = { latencyMode: "standard", maxDuration: MAX_DURATION.max, playbackPolicy: "public" } as const;

/** How long a slot may stay `creating` or `claimed` before reconcile takes its process for dead. */
export const STALE_SLOT_MS = 2 * 60_000;

/** How long a refill may go on (waiting for free POST slots) before it leaves the rest for later. */
const REFILL_BUDGET_MS = 30_000;

export const poolPassthrough = (slotId: string) => `${PREFIX}${slotId}`;

/** The slot a MUX passthrough names, if it is a pool one. */
export function poolSlotOf(passthrough: string | undefined): string | undefined {
  if (!passthrough?.startsWith(PREFIX)) return undefined;
  const id = passthrough.slice(PREFIX.length);
  return uuid.safeParse(id).success ? id : undefined;
}

/** Whether a go-live with these settings can take a pool stream (anything but the defaults can't). */
export function isPoolable(input: { latencyMode: string; maxDuration: number; visibility: string; captions?: string | null }): boolean {
  return input.latencyMode === POOL_STREAM.latencyMode && input.maxDuration === POOL_STREAM.maxDuration && input.visibility === "public" && !input.captions;
}

export type ClaimedStream = { slotId: string; mux: MuxLiveStream };

/**
 * Takes a ready pool stream for broadcast `livestreamId`, or undefined when the pool is off or
 * empty. No MUX call. The caller links it to its row, then calls `endClaim`, and calls
 * `refillSoon` once its go-live has answered: a refill begun at the claim shares the database
 * and the event loop with the go-live's own steps (on PGlite, one connection: 10–20 ms of a
 * ~100 ms go-live at 40 ms per upstream call; docs/benchmarks.md, "Fleet scale").
 */
export async function claimPooledStream(livestreamId: string): Promise<ClaimedStream | undefined> {
  if (muxFleetConfig().poolSize === 0) return undefined;
  const environment = muxEnvironment();
  const db = await getDb();
  const next = db
    .select({ id: muxStreamPool.id })
    .from(muxStreamPool)
    .where(and(eq(muxStreamPool.environment, environment), eq(muxStreamPool.state, "ready")))
    .orderBy(muxStreamPool.createdAt, muxStreamPool.id)
    .limit(1)
    .for("update", { skipLocked: true });
  const [slot] = await db
    .update(muxStreamPool)
    .set({ state: "claimed", livestreamId, claimedAt: new Date() })
    .where(and(inArray(muxStreamPool.id, next), eq(muxStreamPool.state, "ready")))
    .returning();
  if (!slot?.muxLiveStreamId || !slot.muxPlaybackId || !slot.muxStreamKey) return undefined;
  return { slotId: slot.id, mux: { id: slot.muxLiveStreamId, stream_key: slot.muxStreamKey, playback_ids: [{ id: slot.muxPlaybackId, policy: "public" }] } };
}

/** The claim is over (the row links the stream, or the stream was deleted): the slot goes. */
export async function endClaim(slotId: string): Promise<void> {
  const db = await getDb();
  await db.delete(muxStreamPool).where(and(eq(muxStreamPool.id, slotId), eq(muxStreamPool.state, "claimed")));
}

// One refill at a time per process; a claim during one asks for another round after it.
let refilling: Promise<number> | undefined;
let again = false;
// Whether the current refill has begun (it waits for its go-live's answer first).
let begun = false;

/**
 * How long after the go-live's last step its refill begins, outside a Next.js request (the
 * tests' route server, scripts): the answer has left by then. Its writes would otherwise hold
 * up the answer (on PGlite each query blocks the event loop): ~8 ms of a go-live at 40 ms per
 * upstream call (docs/benchmarks.md, "Fleet scale").
 */
const REFILL_AFTER_ANSWER_MS = 50;

/**
 * Starts a background refill once the current request has answered (or asks the running one
 * for another round). In a Next.js request that is `after()`, which also keeps a serverless
 * function alive until the refill is done; elsewhere a short timer. Never throws.
 */
export function refillSoon(): void {
  if (muxFleetConfig().poolSize === 0) return;
  if (refilling) {
    // A refill that hasn't begun yet will see this claim; one under way needs another round.
    if (begun) again = true;
    return;
  }
  again = false;
  begun = false;
  let begin = () => {};
  const answered = new Promise<void>((resolve) => (begin = resolve));
  const run: Promise<number> = answered
    .then(() => {
      begun = true;
      return refillPool();
    })
    .catch((error: unknown) => {
      logUpstream("MUX", "could not refill the stream pool", error);
      return 0;
    })
    .finally(() => {
      refilling = undefined;
      if (again) refillSoon();
    });
  refilling = run;
  try {
    after(() => {
      begin();
      return run;
    });
  } catch {
    // Not in a Next.js request scope.
    setTimeout(begin, REFILL_AFTER_ANSWER_MS);
  }
}

/** Resolves once this process's background refills are done (tests, scripts). */
export async function poolRefillsSettled(): Promise<void> {
  while (refilling) await refilling;
}

let stopping = false;

/** Ends this process's refills after their current step (shutdown, tests); later claims start new ones. */
export async function stopPoolRefills(): Promise<void> {
  stopping = true;
  again = false;
  try {
    await poolRefillsSettled();
  } finally {
    stopping = false;
  }
}

type RefillStep = { kind: "full" } | { kind: "wait"; ms: number } | { kind: "slot"; id: string };

/**
 * Under the pace row's lock: if the pool of `environment` is short of `size` and a POST slot
 * is free now, reserves that slot and writes a `creating` pool slot, in one transaction.
 */
async function nextRefillStep(environment: string, size: number, intervalMs: number): Promise<RefillStep> {
  const db = await getDb();
  await db.insert(muxRateLimits).values({ environment, postNextAt: new Date(0) }).onConflictDoNothing();
  return db.transaction(async (tx) => {
    const locked = await tx.execute(
      sql`select greatest(0, extract(epoch from (post_next_at - clock_timestamp()))::double precision * 1000) as ahead_ms from mux_rate_limits where environment = ${environment} for update`,
    );
    const aheadMs = rowsOf(locked).map((r) => z.object({ ahead_ms: z.coerce.number() }).parse(r))[0]?.ahead_ms ?? 0;
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(muxStreamPool)
      .where(and(eq(muxStreamPool.environment, environment), inArray(muxStreamPool.state, ["creating", "ready"])));
    if ((count?.n ?? 0) >= size) return { kind: "full" };
    if (aheadMs > 0) return { kind: "wait", ms: aheadMs };
    await tx.execute(
      sql`update mux_rate_limits set post_next_at = greatest(post_next_at, clock_timestamp()) + (${intervalMs}::double precision * interval '1 millisecond'), updated_at = now() where environment = ${environment}`,
    );
    const id = randomUUID();
    await tx.insert(muxStreamPool).values({ id, environment, state: "creating" });
    return { kind: "slot", id };
  });
}

/**
 * Makes pool streams until the pool holds MUX_STREAM_POOL_SIZE (counting those being made),
 * taking only POST slots that are free now (waiting, without reserving, while go-lives have
 * the queue), for at most `budgetMs`. Answers how many it made.
 */
export async function refillPool(budgetMs: number = REFILL_BUDGET_MS): Promise<number> {
  const { poolSize } = muxFleetConfig();
  if (poolSize === 0) return 0;
  const environment = muxEnvironment();
  const intervalMs = postIntervalMs();
  const deadline = Date.now() + budgetMs;
  let made = 0;
  while (Date.now() < deadline && !stopping) {
    const step = await nextRefillStep(environment, poolSize, intervalMs);
    if (step.kind === "full") break;
    if (step.kind === "wait") {
      // A little after the slot frees, so a go-live that queued meanwhile goes first.
      await sleep(Math.min(step.ms + intervalMs / 4, Math.max(0, deadline - Date.now())));
      continue;
    }
    if (!(await passSendGate(environment, Date.now() + intervalMs, intervalMs))) {
      await dropSlot(step.id);
      continue;
    }
    let stream: MuxLiveStream;
    try {
      stream = await createLiveStream({ ...POOL_STREAM, passthrough: poolPassthrough(step.id) });
    } catch (error) {
      await dropSlot(step.id);
      const hint = rateLimitedFor(error);
      if (hint === null) throw error;
      await deferPosts(environment, hint ?? intervalMs);
      continue;
    }
    const db = await getDb();
    const [ready] = await db
      .update(muxStreamPool)
      .set({ state: "ready", muxLiveStreamId: stream.id, muxPlaybackId: stream.playback_ids[0]?.id ?? null, muxStreamKey: stream.stream_key })
      .where(and(eq(muxStreamPool.id, step.id), eq(muxStreamPool.state, "creating")))
      .returning({ id: muxStreamPool.id });
    if (!ready) {
      // Reconcile took the slot for dead meanwhile: nobody else knows this stream.
      await deleteLiveStream(stream.id).catch((error: unknown) => logUpstream("MUX", `could not delete pool stream ${stream.id}`, error));
      continue;
    }
    made += 1;
  }
  return made;
}

async function dropSlot(id: string): Promise<void> {
  const db = await getDb();
  await db.delete(muxStreamPool).where(and(eq(muxStreamPool.id, id), eq(muxStreamPool.state, "creating")));
}

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
 * its stream is deleted (see the top of this file for why not returned).
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

/** How long until a POST slot is free (0 = now): for reports and tests. */
export async function postQueueMs(): Promise<number> {
  return queueAheadMs(muxEnvironment());
}

/**
 * The pool rows only (the dev launcher, after its sandbox restarted: the new sandbox has none
 * of these streams). Never deletes anything at MUX.
 */
export async function forgetStreamPool(): Promise<number> {
  const db = await getDb();
  const forgotten = await db.delete(muxStreamPool).returning({ id: muxStreamPool.id });
  return forgotten.length;
}
