import "server-only";
// What MUX's and LiveKit's signed events mean for a broadcast. Events arrive late, twice
// and out of order, so every handler is idempotent and every status change is guarded:
// a transition never goes backwards (`completed` never becomes `active` again). Events
// about streams and egresses we don't know are acknowledged and ignored.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { EgressInfo } from "livekit-server-sdk";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { type DestinationStatus, type Livestream, livestreams, pendingEgressEvents, type StoredDestination } from "@/lib/db/schema";
import { isMuxNotFound, logUpstream, muxClient } from "./upstream";

// ---------------------------------------------------------------- MUX

const playbackIds = z.array(z.object({ id: z.string(), policy: z.string().optional() })).nullish();

/** The part of a verified MUX event we use; anything else in it is ignored. */
export const muxEventSchema = z.object({
  type: z.string(),
  data: z.object({
    id: z.string(),
    live_stream_id: z.string().nullish(),
    playback_ids: playbackIds,
  }),
});
export type MuxEvent = z.output<typeof muxEventSchema>;

export async function applyMuxEvent(event: MuxEvent): Promise<void> {
  const db = await getDb();
  const { type, data } = event;
  switch (type) {
    case "video.live_stream.active":
      // Media reached MUX: the broadcast is really live.
      await db
        .update(livestreams)
        .set({ status: "active", updatedAt: new Date() })
        .where(and(eq(livestreams.muxLiveStreamId, data.id), eq(livestreams.status, "starting")));
      return;
    case "video.asset.created":
    case "video.asset.ready":
    case "video.asset.live_stream_completed": {
      if (!data.live_stream_id) return; // an asset that isn't a recording of a live stream
      const final = type === "video.asset.live_stream_completed";
      await db
        .update(livestreams)
        .set({
          muxAssetId: data.id,
          vodPlaybackId: data.playback_ids?.[0]?.id ?? null,
          ...(final ? { recordingFinalAt: new Date() } : {}),
          updatedAt: new Date(),
        })
        // A final recording is never replaced by a late "created"/"ready" of an older event.
        .where(and(eq(livestreams.muxLiveStreamId, data.live_stream_id), isNull(livestreams.recordingFinalAt)));
      return;
    }
    default:
      // connected / disconnected / idle / recording and the rest: LiveKit's egress events
      // say whether the broadcast ended; MUX's idle alone can be a reconnect window.
      return;
  }
}

// ---------------------------------------------------------------- LiveKit

/** LiveKit's EgressStatus values (livekit_egress.proto). */
const EGRESS = { STARTING: 0, ACTIVE: 1, ENDING: 2, COMPLETE: 3, FAILED: 4, ABORTED: 5, LIMIT_REACHED: 6 } as const;
/**
 * LiveKit's StreamInfo.Status values. ACTIVE is 0, protobuf's default, so a stream of an
 * egress that is still EGRESS_STARTING reads "ACTIVE" before any byte has left: only an
 * EGRESS_ACTIVE egress makes its ACTIVE streams live.
 */
const STREAM_STATUS: Record<number, DestinationStatus> = { 0: "live", 1: "finished", 2: "failed" };

export const egressUpdateSchema = z.object({
  egressId: z.string().min(1),
  roomName: z.string(),
  status: z.number().int(),
  error: z.string(),
  streams: z.array(z.object({ url: z.string(), status: z.number().int(), error: z.string() })),
});
export type EgressUpdate = z.output<typeof egressUpdateSchema>;

/** The part of LiveKit's EgressInfo (from a webhook or ListEgress) that these handlers read. */
export function egressUpdateFrom(info: EgressInfo): EgressUpdate {
  return {
    egressId: info.egressId,
    roomName: info.roomName,
    status: info.status,
    error: info.error,
    streams: info.streamResults.map((s) => ({ url: s.url, status: s.status, error: s.error })),
  };
}

const urlPrefix = (url: string) => url.slice(0, url.lastIndexOf("/") + 1);

/**
 * Each LiveKit stream result matched to our destination: same URL up to the (redacted) key,
 * first unmatched one in egress order — duplicates of one host keep their order.
 */
export function mergeStreamResults(
  destinations: readonly StoredDestination[],
  streams: EgressUpdate["streams"],
  egressStatus: number = EGRESS.ACTIVE,
): StoredDestination[] {
  const next = destinations.map((d) => ({ ...d }));
  const taken = new Set<number>();
  for (const stream of streams) {
    const index = next.findIndex((d, i) => !taken.has(i) && urlPrefix(d.maskedUrl) === urlPrefix(stream.url));
    const target = next[index];
    if (!target) continue;
    taken.add(index);
    const status = STREAM_STATUS[stream.status];
    target.status = status === "live" && egressStatus === EGRESS.STARTING ? "connecting" : (status ?? target.status);
    if (target.status === "failed" && stream.error) target.error = stream.error;
    else delete target.error;
  }
  return next;
}

function endReason(update: EgressUpdate): string | null {
  const detail = update.error ? `: ${update.error}` : ".";
  switch (update.status) {
    case EGRESS.FAILED:
      return `The LiveKit egress failed${detail}`;
    case EGRESS.ABORTED:
      return `The LiveKit egress was aborted${detail}`;
    case EGRESS.LIMIT_REACHED:
      return "The LiveKit egress reached its time limit.";
    default:
      return null; // EGRESS_COMPLETE: it ended normally (e.g. the room closed)
  }
}

const isEnded = (status: number) => status >= EGRESS.COMPLETE;

export async function applyEgressUpdate(update: EgressUpdate): Promise<void> {
  if (await applyToRecordedEgress(update)) return;
  // Not recorded yet? If a start in this room is still in flight, the event overtook
  // StartRoomCompositeEgress's answer: keep it for that start to apply.
  const db = await getDb();
  const [inFlight] = await db
    .select({ id: livestreams.id })
    .from(livestreams)
    .where(and(eq(livestreams.roomName, update.roomName), inArray(livestreams.status, ["starting", "active"]), isNull(livestreams.egressId)))
    .limit(1);
  if (!inFlight) return; // not ours: acknowledged and ignored
  await db.insert(pendingEgressEvents).values({ egressId: update.egressId, update });
  // The start may have recorded the id between our lookup and the insert; then nobody
  // else will apply it, so do it now (applying twice is harmless: handlers are idempotent).
  await applyPendingEgressEvents(update.egressId);
}

/**
 * Applies (and forgets) the events kept for an egress, in arrival order, once its row knows
 * it. Returns how many were applied.
 */
export async function applyPendingEgressEvents(egressId: string): Promise<number> {
  const db = await getDb();
  const [recorded] = await db.select({ id: livestreams.id }).from(livestreams).where(eq(livestreams.egressId, egressId)).limit(1);
  if (!recorded) return 0;
  const pending = await db.delete(pendingEgressEvents).where(eq(pendingEgressEvents.egressId, egressId)).returning();
  for (const event of pending.sort((a, b) => a.seq - b.seq)) {
    const parsed = egressUpdateSchema.safeParse(event.update);
    if (parsed.success) await applyToRecordedEgress(parsed.data);
  }
  return pending.length;
}

/** Applies an update to the row that recorded its egress; false when no row has. */
async function applyToRecordedEgress(update: EgressUpdate): Promise<boolean> {
  const db = await getDb();
  // Per-destination state: read-modify-write under a row lock, so two events for one egress
  // arriving together don't overwrite each other's results.
  const row = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(livestreams).where(eq(livestreams.egressId, update.egressId)).for("update").limit(1);
    if (!current) return undefined;
    const destinations = mergeStreamResults(current.destinations, update.streams, update.status);
    await tx.update(livestreams).set({ destinations }).where(eq(livestreams.id, current.id));
    return current;
  });
  if (!row) return false;
  if (isEnded(update.status)) await endedUnderneath(row, update);
  return true;
}

/** The egress ended while we still thought the broadcast live: finish the row and the recording. */
async function endedUnderneath(row: Livestream, update: EgressUpdate): Promise<void> {
  const db = await getDb();
  const reason = endReason(update);
  const [ended] = await db
    .update(livestreams)
    .set({ status: reason ? "failed" : "completed", failureReason: reason, endedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(livestreams.id, row.id), inArray(livestreams.status, ["starting", "active"])))
    .returning();
  // Not ours to finish: a stop is under way (it completes MUX itself) or it already ended.
  if (!ended?.muxLiveStreamId) return;
  try {
    await muxClient().video.liveStreams.complete(ended.muxLiveStreamId);
  } catch (error) {
    if (!isMuxNotFound(error)) logUpstream("MUX", `could not complete ${ended.muxLiveStreamId} after its egress ended`, error);
  }
}
