import "server-only";
// `Idempotency-Key` for go-live: a retry with the same key answers the first result and starts
// nothing new (tests/integration/idempotency.test.ts).
import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { getDb, idempotencyKeys } from "../db";
import {
  badRequest,
  LivestreamError,
  type StartLivestreamResult,
  startLivestreamResultSchema,
} from "../contract";

const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** A claim with no answer this old belongs to a request that died; it may be taken over. */
const ABANDONED_AFTER_MS = 2 * 60 * 1000;

const keySchema = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/);


/** The fingerprint a key is bound to; stream keys are hashed, never stored. */
export function requestHashOf(request: unknown): string {
  return createHash("sha256").update(JSON.stringify(request)).digest("hex");
}

/** Throws the 400 unless `idempotencyKey` is a well-formed key; before anything is claimed. */
export function assertIdempotencyKey(idempotencyKey: string): void {
  if (!keySchema.safeParse(idempotencyKey).success) {
    throw badRequest("Idempotency-Key must be 1–255 printable ASCII characters without spaces.");
  }
}

/**
 * Runs `start` at most once per (user, key) within 24 h: a retry of the same request gets
 * the first answer, another request with the key (or one while the first runs) a 409.
 * Called by the service itself, so the route and the server actions share it.
 */
export async function onceForKey(
  userId: string,
  idempotencyKey: string,
  requestHash: string,
  start: () => Promise<StartLivestreamResult>,
): Promise<StartLivestreamResult> {
  assertIdempotencyKey(idempotencyKey);
  const db = await getDb();
  const mine = and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, idempotencyKey));
  const now = Date.now();

  await db.delete(idempotencyKeys).where(and(mine, lt(idempotencyKeys.createdAt, new Date(now - KEY_LIFETIME_MS))));
  const [claimed] = await db.insert(idempotencyKeys).values({ userId, key: idempotencyKey, requestHash }).onConflictDoNothing().returning();

  if (!claimed) {
    const [first] = await db.select().from(idempotencyKeys).where(mine).limit(1);
    if (!first) return onceForKey(userId, idempotencyKey, requestHash, start); // released meanwhile
    if (first.requestHash !== requestHash) {
      throw new LivestreamError("conflict", "This Idempotency-Key was already used for a different request. Use a new key.");
    }
    const answer = startLivestreamResultSchema.safeParse(first.response);
    if (answer.success) return answer.data;
    if (now - first.createdAt.getTime() < ABANDONED_AFTER_MS) {
      throw new LivestreamError("conflict", "A request with this Idempotency-Key is still in progress. Try again in a moment.");
    }
    await db.delete(idempotencyKeys).where(and(mine, eq(idempotencyKeys.createdAt, first.createdAt)));
    return onceForKey(userId, idempotencyKey, requestHash, start);
  }

  try {
    const result = await start();
    await db.update(idempotencyKeys).set({ response: result }).where(mine);
    return result;
  } catch (error) {
    await db.delete(idempotencyKeys).where(mine);
    throw error;
  }
}
