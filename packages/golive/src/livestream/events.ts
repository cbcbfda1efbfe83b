import "server-only";
// What MUX's and LiveKit's signed events mean for a broadcast. Events arrive late, twice
// and out of order, so every handler is idempotent and every status change is guarded:
// a transition never goes backwards (`completed` never becomes `active` again). Each event id
// is applied once; LiveKit's egress events are ordered by their own `updated_at`, and upstream
// error text is stored with every key of the broadcast masked, after its end too
// (destinations/keys.ts). Events about streams and egresses we don't know are acknowledged and
// ignored.
import { StreamInfo_Status } from "@livekit/protocol";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { type EgressInfo, EgressStatus } from "livekit-server-sdk";
import { z } from "zod";
import { getDb } from "../db";
import { type DestinationStatus, type Livestream, livestreams, pendingEgressEvents, type StoredDestination } from "../db";
import { webhookEvents, type WebhookSource } from "../db";
import { maskerFor } from "../destinations";
import { redactUpstreamText } from "../destinations";
import { transition } from "./status";
import { completeLiveStream } from "../upstream";
import { recordAsset } from "./recordings";
import { logUpstream } from "../upstream";

// ---------------------------------------------------------------- each event once

/**
 * Applies a verified webhook event unless an event with the same id was applied before: an
 * exact replay (a retry of a delivered event, a duplicate delivery, or a captured request sent
 * again) is acknowledged and changes nothing. Returns false for a replay.
 *
 * The id is recorded only after the event was applied: a process that dies in between leaves
 * no record, so the sender's retry is applied rather than lost. Two deliveries of one event
 * racing each other may both apply it, which every handler tolerates (they are idempotent and
 * never move a state backwards). (tests/integration/webhooks.test.ts, "applied webhook events
 * are remembered by id")
 */
export async function applyWebhookOnce(source: WebhookSource, eventId: string, apply: () => Promise<void>): Promise<boolean> {
  const db = await getDb();
  const same = and(eq(webhookEvents.source, source), eq(webhookEvents.eventId, eventId));
  const [seen] = await db.select({ eventId: webhookEvents.eventId }).from(webhookEvents).where(same).limit(1);
  if (seen) return false;
  await apply();
  await db.insert(webhookEvents).values({ source, eventId }).onConflictDoNothing();
  return true;
}

// ---------------------------------------------------------------- MUX

const playbackIds = z.array(z.object({ id: z.string(), policy: z.string().optional() })).nullish();

/** The part of a verified MUX event we use; anything else in it is ignored. */
export const muxEventSchema = z.object({
  /** MUX's event id: the same for every delivery attempt of one event. */
  id: z.string().min(1),
  type: z.string(),
  /** When MUX made the event (ISO): orders the live-stream events of one stream. */
  // Lenient: an event whose time can't be read is still applied (in arrival order).
  created_at: z.string().nullish(),
  data: z.object({
    id: z.string(),
    live_stream_id: z.string().nullish(),
    playback_ids: playbackIds,
    /** Assets: seconds recorded so far (final once the asset is). */
    duration: z.number().nonnegative().nullish(),
    /** Assets: still recording a live stream. */
    is_live: z.boolean().nullish(),
    /** Assets: unix seconds in webhooks (a string in the API). */
    created_at: z.union([z.number(), z.string()]).nullish(),
  }),
});
export type MuxEvent = z.output<typeof muxEventSchema>;

export async function applyMuxEvent(event: MuxEvent): Promise<void> {
  const { type, data } = event;
  switch (type) {
    case "video.live_stream.active":
      // Media reached MUX: the broadcast is really live.
      await transition({ muxLiveStreamId: data.id }, { to: "active" });
      await setMuxDestination(data.id, "live", event.created_at);
      return;
    case "video.live_stream.connected":
    case "video.live_stream.recording":
      await setMuxDestination(data.id, "live", event.created_at);
      return;
    case "video.live_stream.disconnected":
    case "video.live_stream.idle":
      // While golive still streams, this is a drop LiveKit retries: MUX waits its reconnect
      // window (the recording continues) or, past it, starts a new part on reconnect. LiveKit's
      // egress events say whether the broadcast ended.
      await setMuxDestination(data.id, "reconnecting", event.created_at);
      return;
    case "video.asset.created":
    case "video.asset.ready":
    case "video.asset.live_stream_completed": {
      if (!data.live_stream_id) return; // an asset that isn't a recording of a live stream
      // Every part is kept (recordings.ts); a late or repeated event only adds what it knows.
      await recordAsset({
        assetId: data.id,
        liveStreamId: data.live_stream_id,
        playbackId: data.playback_ids?.[0]?.id ?? null,
        durationSeconds: data.duration ?? null,
        createdAt: assetCreatedAt(data.created_at),
        final: type === "video.asset.live_stream_completed" || (type === "video.asset.ready" && data.is_live === false),
      });
      return;
    }
    default:
      return;
  }
}

/** An ISO time as ms; undefined when absent or unreadable. */
function timeOf(iso: string | null | undefined): number | undefined {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/** MUX's asset `created_at`: unix seconds (webhooks) or their decimal string (the API). */
export function assetCreatedAt(value: number | string | null | undefined): Date | null {
  const seconds = typeof value === "string" ? Number(value) : value;
  return typeof seconds === "number" && Number.isFinite(seconds) ? new Date(seconds * 1000) : null;
}

/**
 * MUX's output of a broadcast still streaming (`active`) shows what MUX says of its encoder:
 * `reconnecting` after `disconnected`/`idle`, `live` again after `connected`/`recording`/
 * `active`. Never a final state (`failed`, `finished`: LiveKit's word), and never from an
 * event older than the newest one applied (events carry MUX's `created_at`; without one,
 * arrival order).
 */
async function setMuxDestination(muxLiveStreamId: string, to: "live" | "reconnecting", eventAt: string | null | undefined): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: livestreams.id, destinations: livestreams.destinations })
      .from(livestreams)
      .where(and(eq(livestreams.muxLiveStreamId, muxLiveStreamId), eq(livestreams.status, "active")))
      .for("update")
      .limit(1);
    if (!row) return;
    const index = row.destinations.findIndex((d) => d.type === "mux");
    const mux = row.destinations[index];
    if (!mux) return;
    const at = timeOf(eventAt);
    const appliedAt = timeOf(mux.muxEventAt);
    if (at !== undefined && appliedAt !== undefined && at < appliedAt) return;
    const status = mux.status ?? "connecting";
    if (status === "failed" || status === "finished") return;
    const next = { ...mux, status: to, ...(at === undefined ? {} : { muxEventAt: new Date(at).toISOString() }) };
    const destinations = row.destinations.map((d, i) => (i === index ? next : d));
    await tx.update(livestreams).set({ destinations }).where(eq(livestreams.id, row.id));
  });
}

// ---------------------------------------------------------------- LiveKit

// Unix nanoseconds as a decimal string: int64 doesn't fit a JSON number, and an update is
// also stored as JSON (pending_egress_events).
const nanos = z.string().regex(/^\d+$/);

export const egressUpdateSchema = z.object({
  egressId: z.string().min(1),
  roomName: z.string(),
  status: z.number().int(),
  error: z.string(),
  /**
   * LiveKit's EgressInfo.updated_at: orders the events of one egress (webhooks may arrive in
   * any order). Absent from updates stored before it was kept.
   */
  updatedAt: nanos.optional(),
  streams: z.array(
    z.object({
      url: z.string(),
      status: z.number().int(),
      error: z.string(),
      /** StreamInfo.started_at / ended_at ("0" = not yet); absent from updates stored before. */
      startedAt: nanos.optional(),
      endedAt: nanos.optional(),
      /** Reconnect attempts of a dropped output (StreamInfo.retries, last_retry_at); absent from updates stored before. */
      retries: z.number().int().nonnegative().optional(),
      lastRetryAt: nanos.optional(),
    }),
  ),
});
export type EgressUpdate = z.output<typeof egressUpdateSchema>;

/** The part of LiveKit's EgressInfo (from a webhook or ListEgress) that these handlers read. */
export function egressUpdateFrom(info: EgressInfo): EgressUpdate {
  return {
    egressId: info.egressId,
    roomName: info.roomName,
    status: info.status,
    error: info.error,
    updatedAt: info.updatedAt.toString(),
    streams: info.streamResults.map((s) => ({
      url: s.url,
      status: s.status,
      error: s.error,
      startedAt: s.startedAt.toString(),
      endedAt: s.endedAt.toString(),
      retries: s.retries,
      lastRetryAt: s.lastRetryAt.toString(),
    })),
  };
}

/** An update with its upstream text (LiveKit's error messages) masked, fit to store. */
function redactUpdate(update: EgressUpdate, mask: (text: string) => string): EgressUpdate {
  return {
    ...update,
    error: mask(update.error),
    streams: update.streams.map((s) => ({ ...s, error: mask(s.error) })),
  };
}

const urlPrefix = (url: string) => url.slice(0, url.lastIndexOf("/") + 1);
const isSet = (ns: string | undefined) => ns !== undefined && ns !== "0";
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
function reportedStatus(stream: EgressUpdate["streams"][number], egressStatus: number): DestinationStatus | undefined {
  switch (stream.status) {
    case StreamInfo_Status.FAILED:
      return "failed";
    case StreamInfo_Status.FINISHED:
      return "finished";
    case StreamInfo_Status.ACTIVE:
      if (isSet(stream.endedAt) || isEgressEnded(egressStatus)) return "finished";
      if (isSet(stream.startedAt) || egressStatus !== EgressStatus.EGRESS_STARTING) return "live";
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
export function mergeStreamResults(destinations: readonly StoredDestination[], streams: EgressUpdate["streams"], options: MergeOptions = {}): StoredDestination[] {
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
      if (isSet(stream.lastRetryAt)) target.lastRetryAt = new Date(Number(BigInt(stream.lastRetryAt ?? "0") / 1_000_000n)).toISOString();
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
  if (!isSet(update.updatedAt) || appliedUpdatedAt === null) return false;
  return BigInt(update.updatedAt ?? "0") < appliedUpdatedAt;
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
  const db = await getDb();
  const [inFlight] = await db
    .select({ id: livestreams.id, muxStreamKey: livestreams.muxStreamKey, destinationUrlsSealed: livestreams.destinationUrlsSealed, destinationKeyHashes: livestreams.destinationKeyHashes })
    .from(livestreams)
    .where(and(eq(livestreams.roomName, update.roomName), inArray(livestreams.status, ["starting", "active"]), isNull(livestreams.egressId)))
    .limit(1);
  if (!inFlight) return; // not ours: acknowledged and ignored
  await db.insert(pendingEgressEvents).values({ egressId: update.egressId, update: redactUpdate(update, maskerFor([inFlight])) });
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
  return applyEventsKeptFor(egressId);
}

/**
 * `applyPendingEgressEvents` for the go-live, which has just recorded `egressId` on its row
 * (so the lookup is skipped: one query when nothing was kept, the usual case). Call it only
 * after that update has committed, in a statement of its own: an event kept after this
 * statement's snapshot is then applied by its own handler, which sees the recorded id.
 */
export async function applyEventsKeptFor(egressId: string): Promise<number> {
  const db = await getDb();
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
  // The row lock also orders concurrent events by LiveKit's updated_at: an older one that
  // arrives later leaves the destinations as the newer one made them.
  const row = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(livestreams).where(eq(livestreams.egressId, update.egressId)).for("update").limit(1);
    if (!current) return undefined;
    if (isOlderThanApplied(update, current.egressUpdatedAt)) return current;
    const destinations = mergeStreamResults(current.destinations, update.streams, {
      egressStatus: update.status,
      broadcastEnded: current.status === "completed" || current.status === "failed",
      // Every key of the broadcast: in clear while live, by their hashes once it has ended.
      mask: maskerFor([current]),
    });
    const updatedAt = isSet(update.updatedAt) ? BigInt(update.updatedAt ?? "0") : null;
    const newest = updatedAt !== null && (current.egressUpdatedAt === null || updatedAt > current.egressUpdatedAt);
    await tx
      .update(livestreams)
      .set({ destinations, ...(newest ? { egressUpdatedAt: updatedAt } : {}) })
      .where(eq(livestreams.id, current.id));
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
