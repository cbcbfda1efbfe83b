import "server-only";
// What LiveKit's egress reports do to a broadcast: each destination's state, and the end of a
// broadcast whose egress ended (docs/architecture.md, "Changing a live broadcast"; tests/unit/merge-stream-results.test.ts).
import { StreamInfo_Status } from "@livekit/protocol";
import { eq } from "drizzle-orm";
import { EgressStatus } from "livekit-server-sdk";
import { getDb, type DestinationStatus, type Livestream, livestreams, prepared, type StoredDestination } from "../db";
import { maskerFor, redactUpstreamText } from "../destinations";
import { completeLiveStream, type EgressStreamReport, type EgressUpdate, logUpstream } from "../upstream";
import { keepForStartInFlight, takeKeptUpdates } from "./early-events";
import { transition } from "./status";

const urlPrefix = (url: string) => url.slice(0, url.lastIndexOf("/") + 1);
const ENDED: ReadonlySet<number> = new Set([
  EgressStatus.EGRESS_COMPLETE,
  EgressStatus.EGRESS_FAILED,
  EgressStatus.EGRESS_ABORTED,
  EgressStatus.EGRESS_LIMIT_REACHED,
]);
/** The egress is over (EGRESS_COMPLETE, _FAILED, _ABORTED or _LIMIT_REACHED). */
export const isEgressEnded = (status: number) => ENDED.has(status);

/**
 * What one StreamInfo says about its output. ACTIVE is StreamInfo's default (0), so an output
 * of an egress still EGRESS_STARTING reads ACTIVE before any byte has left: it is live once
 * its egress is running or it has a started_at (it connected); once it has an ended_at, or
 * its egress ended, it is over.
 */
function reportedStatus(stream: EgressStreamReport, egressStatus: number): DestinationStatus | undefined {
  switch (stream.status) {
    case StreamInfo_Status.FAILED:
      return "failed";
    case StreamInfo_Status.FINISHED:
      return "finished";
    case StreamInfo_Status.ACTIVE:
      if (stream.endedAt !== undefined || isEgressEnded(egressStatus)) return "finished";
      if (stream.startedAt !== undefined || egressStatus !== EgressStatus.EGRESS_STARTING) return "live";
      return "connecting";
    default:
      return undefined; // a status newer than this code: keep what we know
  }
}

/**
 * A destination's state only moves forward: `failed` and `finished` are final, `live` never
 * goes back to `connecting`, and the outputs of a broadcast that ended never become live
 * again, whatever order events arrive in.
 */
function nextStatus(current: DestinationStatus | undefined, reported: DestinationStatus | undefined, broadcastEnded: boolean): DestinationStatus {
  const from = current ?? "connecting";
  if (!reported || from === "failed" || from === "finished") return from;
  if (reported === "connecting") return from;
  if (reported === "live" && broadcastEnded) return from;
  // LiveKit keeps a retrying output ACTIVE: only MUX says when its encoder is back.
  if (reported === "live" && from === "reconnecting") return from;
  return reported;
}

export type MergeOptions = {
  /** The egress's EgressStatus in the same event (default EGRESS_ACTIVE). */
  egressStatus?: number;
  /** The row is `completed` or `failed`: its outputs are not made live again. */
  broadcastEnded?: boolean;
  /** Keys masked wherever they appear in LiveKit's error texts (the row's MUX stream key). */
  knownKeys?: readonly (string | null)[];
  /** How LiveKit's error texts are masked; default: `knownKeys` and every rtmp URL's key. */
  mask?: (text: string) => string;
};

/**
 * Each LiveKit stream result matched to our destination: by the URL as LiveKit redacts it
 * (`livekitUrl`, recorded when the destination was planned), the latest result to the latest
 * destination; for destinations recorded before that, by the same URL up to the (redacted)
 * key, first unmatched one in egress order.
 * LiveKit appends outputs added while live, and keeps removed ones as FINISHED, as we do.
 */
export function mergeStreamResults(destinations: readonly StoredDestination[], streams: readonly EgressStreamReport[], options: MergeOptions = {}): StoredDestination[] {
  const { egressStatus = EgressStatus.EGRESS_ACTIVE, broadcastEnded = false, knownKeys = [] } = options;
  const mask = options.mask ?? ((text: string) => redactUpstreamText(text, knownKeys));
  const next = destinations.map((d) => ({ ...d }));
  const taken = new Set<number>();
  const find = (match: (d: StoredDestination) => boolean) => next.findIndex((d, i) => !taken.has(i) && match(d));
  // Exact matches pair newest with newest: a live broadcast keeps only its latest ended
  // destinations (destinations/history.ts), so the FINISHED result of a dropped one must not
  // take a later destination with the same redacted URL (the same address added again).
  const pairs = new Map<number, number>();
  for (let s = streams.length - 1; s >= 0; s--) {
    const url = streams[s]?.url;
    const index = next.findLastIndex((d, i) => !taken.has(i) && d.livekitUrl !== undefined && d.livekitUrl === url);
    if (index < 0) continue;
    taken.add(index);
    pairs.set(s, index);
  }
  for (const [s, stream] of streams.entries()) {
    const index = pairs.get(s) ?? find((d) => d.livekitUrl === undefined && urlPrefix(d.maskedUrl) === urlPrefix(stream.url));
    const target = next[index];
    if (!target) continue;
    taken.add(index);
    const before = target.status ?? "connecting";
    target.status = nextStatus(target.status, reportedStatus(stream, egressStatus), broadcastEnded);
    // The reason is the one given when the output failed; a later event doesn't rewrite it.
    if (target.status === "failed" && before !== "failed" && stream.error) target.error = mask(stream.error);
    if (target.status !== "failed") delete target.error;
    // Reconnect attempts only grow (an older event arriving late doesn't lower them).
    if (stream.retries !== undefined && stream.retries > (target.retries ?? 0)) {
      target.retries = stream.retries;
      if (stream.lastRetryAt !== undefined) target.lastRetryAt = stream.lastRetryAt.toISOString();
    }
  }
  return next;
}

/**
 * True when `update` is older than the newest one applied to the row (LiveKit's updated_at),
 * so it must not change destinations. Updates without updated_at (stored before it was kept)
 * and rows that have none yet can't be ordered and are applied.
 */
export function isOlderThanApplied(update: Pick<EgressUpdate, "updatedAt">, appliedUpdatedAt: bigint | null): boolean {
  return update.updatedAt !== undefined && appliedUpdatedAt !== null && update.updatedAt < appliedUpdatedAt;
}

function endReason(update: EgressUpdate): string | null {
  const detail = update.error ? `: ${update.error}` : ".";
  switch (update.status) {
    case EgressStatus.EGRESS_FAILED:
      return `The LiveKit egress failed${detail}`;
    case EgressStatus.EGRESS_ABORTED:
      return `The LiveKit egress was aborted${detail}`;
    case EgressStatus.EGRESS_LIMIT_REACHED:
      return "The LiveKit egress reached its time limit.";
    default:
      return null; // EGRESS_COMPLETE: it ended normally (e.g. the room closed)
  }
}

export async function applyEgressUpdate(update: EgressUpdate): Promise<void> {
  if (await applyToRecordedEgress(update)) return;
  // Not recorded yet? If a start in this room is still in flight, the event overtook
  // StartRoomCompositeEgress's answer: keep it for that start to apply.
  if (!(await keepForStartInFlight(update))) {
    // No start in flight: either not ours (acknowledged and ignored), or the start recorded
    // the id between the two lookups, and then only this handler can still apply it.
    await applyToRecordedEgress(update);
    return;
  }
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
  const [recorded] = await prepared(db.select({ id: livestreams.id }).from(livestreams).where(eq(livestreams.egressId, egressId)).limit(1));
  if (!recorded) return 0;
  return applyEventsKeptFor(egressId);
}

/**
 * `applyPendingEgressEvents` for the go-live, which has just recorded `egressId` on its row
 * (so the lookup is skipped: one query when nothing was kept, the usual case). Call it only
 * after that update has committed, in a statement of its own: an event kept after this
 * statement's snapshot is then applied by its own handler, which sees the recorded id.
 */
export async function applyEventsKeptFor(egressId: string): Promise<number> {
  const kept = await takeKeptUpdates(egressId);
  for (const update of kept) await applyToRecordedEgress(update);
  return kept.length;
}

/** Applies an update to the row that recorded its egress; false when no row has. */
async function applyToRecordedEgress(update: EgressUpdate): Promise<boolean> {
  const db = await getDb();
  // Per-destination state: read-modify-write under a row lock, so two events for one egress
  // arriving together don't overwrite each other's results.
  // The row lock also orders concurrent events by LiveKit's updated_at: an older one that
  // arrives later leaves the destinations as the newer one made them.
  const row = await db.transaction(async (tx) => {
    const [current] = await prepared(tx.select().from(livestreams).where(eq(livestreams.egressId, update.egressId)).for("update").limit(1));
    if (!current) return undefined;
    if (isOlderThanApplied(update, current.egressUpdatedAt)) return current;
    const destinations = mergeStreamResults(current.destinations, update.streams, {
      egressStatus: update.status,
      broadcastEnded: current.status === "completed" || current.status === "failed",
      // Every key of the broadcast: in clear while live, by their hashes once it has ended.
      mask: maskerFor([current]),
    });
    const { updatedAt } = update;
    const newest = updatedAt !== undefined && (current.egressUpdatedAt === null || updatedAt > current.egressUpdatedAt);
    await prepared(
      tx
        .update(livestreams)
        .set({ destinations, ...(newest ? { egressUpdatedAt: updatedAt } : {}) })
        .where(eq(livestreams.id, current.id)),
    );
    return current;
  });
  if (!row) return false;
  // An end is final at LiveKit (nothing follows it), so it counts whatever its order.
  if (isEgressEnded(update.status)) await endedUnderneath(row, update);
  return true;
}

/** The egress ended while we still thought the broadcast live: finish the row and the recording. */
async function endedUnderneath(row: Livestream, update: EgressUpdate): Promise<void> {
  const reason = endReason(update);
  const ended = await transition(
    { id: row.id },
    reason === null ? { to: "completed" } : { to: "failed", reason, secrets: [row.muxStreamKey] },
    { from: ["starting", "active"] },
  );
  // Not ours to finish: a stop is under way (it completes MUX itself) or it already ended.
  const muxLiveStreamId = ended?.muxLiveStreamId;
  if (!muxLiveStreamId) return;
  await completeLiveStream(muxLiveStreamId).catch((error: unknown) =>
    logUpstream("MUX", `could not complete ${muxLiveStreamId} after its egress ended`, error),
  );
}
