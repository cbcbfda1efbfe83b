import "server-only";
// Refills of the warm pool: one background run at a time per process, begun after the go-live
// answered, taking only POST turns free now (docs/architecture.md, "MUX at fleet scale").
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb, muxStreamPool } from "../db";
import { muxFleetConfig } from "../config";
import { logUpstream } from "./failures";
import {
  createLiveStream,
  deleteLiveStream,
  muxEnvironment,
  type MuxLiveStream,
  rateLimitedFor,
} from "./mux";
import {
  deferPosts,
  passSendGate,
  postIntervalMs,
  queueAheadMs,
  sleep,
  takeTurn,
  withPaceLock,
} from "./mux-pace";
import { POOL_STREAM, poolPassthrough } from "./pool-claim";

/** How long a refill may go on (waiting for free POST turns) before it leaves the rest for later. */
export const REFILL_BUDGET_MS = 30_000;

/**
 * How long after `refillSoon` its refill begins: the go-live calls it as it returns, and the
 * refill's queries would otherwise hold up the answer on its way out.
 */
const REFILL_AFTER_ANSWER_MS = 50;

// One refill at a time per process; a claim during one asks for another round after it.
let refilling: Promise<number> | undefined;
let again = false;
// Whether the current refill has begun (it waits for its go-live's answer first).
let begun = false;
let stopping = false;

/**
 * Starts a background refill shortly after the current go-live has answered (or asks the
 * running one for another round). Fire and forget: never throws; reconcile tops up the pool
 * too, so a process that ends first loses nothing.
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
  refilling = sleep(REFILL_AFTER_ANSWER_MS)
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
}

/** Resolves once this process's background refills are done (tests, scripts). */
export async function poolRefillsSettled(): Promise<void> {
  while (refilling) await refilling;
}

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
 * Under the pace row's lock, so instances don't overfill: if the pool of `environment` is short
 * of `size` and a POST turn is free now, takes it and writes a `creating` slot.
 */
function nextRefillStep(environment: string, size: number, intervalMs: number): Promise<RefillStep> {
  return withPaceLock(environment, async (tx): Promise<RefillStep> => {
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(muxStreamPool)
      .where(and(eq(muxStreamPool.environment, environment), inArray(muxStreamPool.state, ["creating", "ready"])));
    if ((count?.n ?? 0) >= size) return { kind: "full" };
    // Only a turn free now: a go-live is never behind more than the one refill POST on its way.
    if ((await takeTurn(tx, environment, 0, intervalMs)) === undefined) return { kind: "wait", ms: await queueAheadMs(environment, tx) };
    const id = randomUUID();
    await tx.insert(muxStreamPool).values({ id, environment, state: "creating" });
    return { kind: "slot", id };
  });
}

/**
 * Makes pool streams until the pool holds MUX_STREAM_POOL_SIZE (counting those being made),
 * taking only POST turns that are free now (waiting, without reserving, while go-lives have
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
      // A little after the turn frees, so a go-live that queued meanwhile goes first.
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
      .set({ state: "ready", muxLiveStreamId: stream.id, muxPlaybackId: stream.playbackId, muxStreamKey: stream.streamKey })
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

/** How long until a POST turn is free (0 = now): for reports and tests. */
export async function postQueueMs(): Promise<number> {
  return queueAheadMs(muxEnvironment());
}
