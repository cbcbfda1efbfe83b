import "server-only";
// The per-user cap on live broadcasts (LIVESTREAM_MAX_LIVE_PER_USER), held under concurrency by a
// per-user lock (docs/architecture.md, "MUX at fleet scale"; tests/integration/fair-share.test.ts).
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Livestream, livestreams, liveStatuses } from "../db";
import { maxLivePerUser } from "../config";
import { LivestreamError } from "../contract";
import { insertStarting, type StartingFields } from "./status";

/**
 * Inserts a `starting` row for `values.userId` unless that user already holds the cap of live
 * rows (`too_many`). Undefined, as insertStarting: the room is already live.
 */
export async function insertStartingWithinCap(values: StartingFields): Promise<Livestream | undefined> {
  const cap = maxLivePerUser();
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Key space of its own ("golive:live:" + user): no other lock of the app collides with it.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`golive:live:${values.userId}`}, 0))`);
    const [held] = await tx
      .select({ n: count() })
      .from(livestreams)
      .where(and(eq(livestreams.userId, values.userId), inArray(livestreams.status, [...liveStatuses])));
    const n = held?.n ?? 0;
    if (n >= cap) throw tooManyLive(n, cap);
    return insertStarting(values, tx);
  });
}

function tooManyLive(held: number, cap: number): LivestreamError {
  const plural = (k: number) => (k === 1 ? "live broadcast" : "live broadcasts");
  return new LivestreamError(
    "too_many",
    `You already have ${held} ${plural(held)}, and one account may have at most ${cap} at once. End one of them before going live in another room.`,
  );
}
