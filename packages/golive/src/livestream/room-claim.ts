import "server-only";
// The one transaction that claims a room for a go-live (docs/architecture.md, "Broadcast
// lifecycle"): under a per-user lock, the starter's live broadcasts counted against
// LIVESTREAM_MAX_LIVE_PER_USER ("MUX at fleet scale"; tests/integration/fair-share.test.ts) and
// their host membership held; for a go-live the pool can serve, a pool stream taken; then the
// `starting` row, linked to that stream (tests/integration/stream-pool.test.ts).
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Livestream, livestreams, liveStatuses, prepared, roomMembers } from "../db";
import { maxLivePerUser } from "../config";
import { LivestreamError } from "../contract";
import { notHost } from "../rooms";
import { type MuxLiveStream, takePooledStream } from "../upstream";
import { insertStarting, type StartingFields } from "./status";

export type RoomClaim = {
  row: Livestream;
  /** The pool stream the row was inserted linked to; undefined: the go-live makes its own. */
  pooled?: MuxLiveStream;
};

export type ClaimOptions = {
  /** Whether a pool stream may serve this go-live (upstream/pool-claim.ts, `isPoolable`). */
  poolable: boolean;
  /** The row's MUX columns for a pool stream it is inserted with. */
  linkedTo: (stream: MuxLiveStream) => Partial<StartingFields>;
};

/**
 * Inserts the `starting` row for `values.userId`. Throws `too_many` when that user already holds
 * the cap of live rows, and `forbidden` when they are no longer a host of the room: a removal
 * that committed after go-live's role check would otherwise find no broadcast of theirs to stop.
 * The membership row is read FOR SHARE, so a removal racing this one waits for its commit and
 * then finds the row, or wins and this one sees no host. Undefined: the room is already live
 * (the partial unique index), and a pool stream taken is given back.
 */
export async function claimRoomForStart(values: StartingFields, options: ClaimOptions): Promise<RoomClaim | undefined> {
  const cap = maxLivePerUser();
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      // Key space of its own ("golive:live:" + user): no other lock of the app collides with it.
      // A statement of its own: the count below then sees every go-live that held the lock before.
      await prepared(tx.select({ locked: sql`pg_advisory_xact_lock(hashtextextended(${`golive:live:${values.userId}`}, 0))` }).from(sql`(values (1)) as one`));
      const held = sql<number>`(${tx
        .select({ n: count() })
        .from(livestreams)
        .where(and(eq(livestreams.userId, values.userId), inArray(livestreams.status, [...liveStatuses])))})`.mapWith(Number);
      const [membership] = await prepared(
        tx
          .select({ role: roomMembers.role, held })
          .from(roomMembers)
          .where(and(eq(roomMembers.roomName, values.roomName), eq(roomMembers.userId, values.userId)))
          .for("share"),
      );
      if (membership?.role !== "host") throw notHost(values.roomName);
      if (membership.held >= cap) throw tooManyLive(membership.held, cap);
      const pooled = options.poolable ? await takePooledStream(tx) : undefined;
      const row = await insertStarting({ ...values, ...(pooled ? options.linkedTo(pooled) : {}) }, tx);
      if (!row) throw roomLive;
      return { row, pooled };
    });
  } catch (error) {
    if (error === roomLive) return undefined;
    throw error;
  }
}

/** Rolls the claim back (a pool stream taken goes back to the pool); never leaves this file. */
const roomLive = new Error("the room is already live");

function tooManyLive(held: number, cap: number): LivestreamError {
  const plural = (k: number) => (k === 1 ? "live broadcast" : "live broadcasts");
  return new LivestreamError(
    "too_many",
    `You already have ${held} ${plural(held)}, and one account may have at most ${cap} at once. End one of them before going live in another room.`,
  );
}
