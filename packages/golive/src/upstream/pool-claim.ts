import "server-only";
// The warm pool's slots as a go-live sees them: which go-lives may take one, the claim, its end
// (docs/architecture.md, "MUX at fleet scale"; tests/integration/stream-pool.test.ts).
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb, muxStreamPool } from "../db";
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

/** Whether a go-live with these settings can take a pool stream (anything but the defaults can't). */
export function isPoolable(input: { latencyMode: string; maxDuration: number; visibility: string; captions?: string | null }): boolean {
  return input.latencyMode === POOL_STREAM.latencyMode && input.maxDuration === POOL_STREAM.maxDuration && input.visibility === "public" && !input.captions;
}

/** A pool stream taken for a broadcast, and the slot that held it (for `endClaim`). */
export type ClaimedStream = { slotId: string; stream: MuxLiveStream };

/**
 * Takes a ready pool stream for broadcast `livestreamId`, or undefined when the pool is off or
 * empty. No MUX call; two claims never get the same slot (FOR UPDATE SKIP LOCKED). The caller
 * links it to its row, then calls `endClaim`, and calls `refillSoon` once its go-live has
 * answered: a refill begun at the claim would compete with the go-live's own steps.
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
  return { slotId: slot.id, stream: { id: slot.muxLiveStreamId, streamKey: slot.muxStreamKey, playbackId: slot.muxPlaybackId } };
}

/** The claim is over (the row links the stream, or the stream was deleted): the slot goes. */
export async function endClaim(slotId: string): Promise<void> {
  const db = await getDb();
  await db.delete(muxStreamPool).where(and(eq(muxStreamPool.id, slotId), eq(muxStreamPool.state, "claimed")));
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
