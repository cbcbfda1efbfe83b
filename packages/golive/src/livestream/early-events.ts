import "server-only";
// Egress events that overtake StartRoomCompositeEgress's answer, kept in pending_egress_events
// (masked) until the start records the egress (tests/integration/egress-webhooks.test.ts, "egress events that overtake").
import { and, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb, livestreams, pendingEgressEvents, prepared } from "../db";
import { maskerFor } from "../destinations";
import { type EgressUpdate, nanosOf, timeFromNanos } from "../upstream";

// LiveKit's unix nanoseconds as a decimal string: int64 doesn't fit a JSON number.
const nanos = z
  .string()
  .regex(/^\d+$/)
  .transform((text) => BigInt(text));
const time = nanos.transform(timeFromNanos);

/** An update as stored; the times (and `retries`) are absent from updates stored before they were kept. */
const storedUpdate = z.object({
  egressId: z.string().min(1),
  roomName: z.string(),
  status: z.number().int(),
  error: z.string(),
  updatedAt: nanos.transform((ns) => (ns > BigInt(0) ? ns : undefined)).optional(),
  streams: z.array(
    z.object({
      url: z.string(),
      status: z.number().int(),
      error: z.string(),
      startedAt: time.optional(),
      endedAt: time.optional(),
      retries: z.number().int().nonnegative().optional(),
      lastRetryAt: time.optional(),
    }),
  ),
});

const nanosText = (at: Date | undefined) => (at === undefined ? undefined : nanosOf(at).toString());

/** An update with its upstream text (LiveKit's error messages) masked, in its stored form. */
function storable(update: EgressUpdate, mask: (text: string) => string): z.input<typeof storedUpdate> {
  return {
    ...update,
    error: mask(update.error),
    updatedAt: update.updatedAt?.toString(),
    streams: update.streams.map((s) => ({
      ...s,
      error: mask(s.error),
      startedAt: nanosText(s.startedAt),
      endedAt: nanosText(s.endedAt),
      lastRetryAt: nanosText(s.lastRetryAt),
    })),
  };
}

/** A stored update read back; undefined for one that no longer parses. */
export function storedEgressUpdate(stored: unknown): EgressUpdate | undefined {
  const parsed = storedUpdate.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Keeps an update no row has recorded the egress of, if a start in its room is still in flight
 * (the event overtook StartRoomCompositeEgress's answer). False when none is: not ours.
 */
export async function keepForStartInFlight(update: EgressUpdate): Promise<boolean> {
  const db = await getDb();
  const [inFlight] = await prepared(
    db
      .select({ id: livestreams.id, muxStreamKey: livestreams.muxStreamKey, destinationUrlsSealed: livestreams.destinationUrlsSealed, destinationKeyHashes: livestreams.destinationKeyHashes })
      .from(livestreams)
      .where(and(eq(livestreams.roomName, update.roomName), inArray(livestreams.status, ["starting", "active"]), isNull(livestreams.egressId)))
      .limit(1),
  );
  if (!inFlight) return false;
  await db.insert(pendingEgressEvents).values({ egressId: update.egressId, update: storable(update, maskerFor([inFlight])) });
  return true;
}

/** Takes (deletes and returns) the updates kept for an egress, in arrival order. */
export async function takeKeptUpdates(egressId: string): Promise<EgressUpdate[]> {
  const db = await getDb();
  const kept = await prepared(db.delete(pendingEgressEvents).where(eq(pendingEgressEvents.egressId, egressId)).returning());
  return kept
    .sort((a, b) => a.seq - b.seq)
    .flatMap((row) => {
      const update = storedEgressUpdate(row.update);
      return update ? [update] : [];
    });
}
