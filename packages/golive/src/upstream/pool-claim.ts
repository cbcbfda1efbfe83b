import "server-only";
// The warm pool's slots as a go-live sees them: which go-lives may take one, the claim, its end
// (docs/architecture.md, "MUX at fleet scale"; tests/integration/stream-pool.test.ts).
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { type Database, getDb, muxStreamPool, prepared } from "../db";
import { muxFleetConfig } from "../config";
import { MAX_DURATION } from "../contract";
import { muxEnvironment, type MuxLiveStream } from "./mux";

const PREFIX = "pool:";
const uuid = z.uuid();

/** What every pool stream is made with: what a go-live makes when it asks for nothing else. */
export const POOL_STREAM = { latencyMode: "standard", maxDuration: MAX_DURATION.max, playbackPolicy: "public" } as const;

/** A pool stream's `passthrough`: reconcile knows a pool stream without asking MUX. */
export const poolPassthrough = (slotId: string) => `${PREFIX}${slotId}`;

/** The slot a MUX passthrough names, if it is a pool one. */
export function poolSlotOf(passthrough: string | undefined): string | undefined {
  if (!passthrough?.startsWith(PREFIX)) return undefined;
  const id = passthrough.slice(PREFIX.length);
  return uuid.safeParse(id).success ? id : undefined;
}

/**
 * Whether a go-live with these settings can take a pool stream (anything but the defaults can't).
 * A title is MUX's `meta.title` of the stream and its recordings, which only the create sets:
 * a titled go-live makes its own stream rather than add an update call (docs/architecture.md, "Broadcast details").
 */
export function isPoolable(input: { latencyMode: string; maxDuration: number; visibility: string; captions?: string | null; title?: string }): boolean {
  return input.latencyMode === POOL_STREAM.latencyMode && input.maxDuration === POOL_STREAM.maxDuration && input.visibility === "public" && !input.captions && input.title === undefined;
}

/** A database handle or a transaction of it: the take runs in the go-live's claim of its room. */
type Executor = Pick<Database, "select" | "delete">;

/**
 * Takes (deletes) a ready pool stream, or undefined when the pool is off or empty. No MUX call;
 * two takers never get the same slot (FOR UPDATE SKIP LOCKED). Run it in the transaction that
 * inserts the row linking the stream (livestream/room-claim.ts): the row owns the stream from
 * the commit on, and a go-live refused after the take (its room live, over its cap) gives the
 * slot back by rolling back. The caller calls `refillSoon` once its go-live has answered: a
 * refill begun at the take would compete with the go-live's own steps.
 */
export async function takePooledStream(tx: Executor): Promise<MuxLiveStream | undefined> {
  if (muxFleetConfig().poolSize === 0) return undefined;
  const next = tx
    .select({ id: muxStreamPool.id })
    .from(muxStreamPool)
    .where(and(eq(muxStreamPool.environment, muxEnvironment()), eq(muxStreamPool.state, "ready")))
    .orderBy(muxStreamPool.createdAt, muxStreamPool.id)
    .limit(1)
    .for("update", { skipLocked: true });
  const [slot] = await prepared(tx.delete(muxStreamPool).where(and(inArray(muxStreamPool.id, next), eq(muxStreamPool.state, "ready"))).returning());
  if (!slot?.muxLiveStreamId || !slot.muxPlaybackId || !slot.muxStreamKey) return undefined;
  return { id: slot.muxLiveStreamId, streamKey: slot.muxStreamKey, playbackId: slot.muxPlaybackId };
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
