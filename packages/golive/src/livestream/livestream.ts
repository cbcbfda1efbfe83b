import "server-only";
// The livestream service (start, stop, status, list), importable from route handlers and
// server actions. How it stays correct (docs/architecture.md, "Broadcast lifecycle"):
// - The row is written (`starting`) before anything upstream is created, and a partial
//   unique index makes "one live broadcast per room" a database fact, not a read-then-insert.
// - Every status change is a guarded update made by status.ts, so a stop racing a
//   start, or two stops, never both win. Whatever a step created is either linked to the
//   row while it is still `starting` or cleaned up by the step that created it.
// - Any failure after the row exists leaves the row `failed` with a readable reason and
//   deletes/stops what was created. Status reads come from the database only.
// - Every MUX and LiveKit call is in mux.ts / livekit.ts, "already gone" included.
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../db";
import { type Livestream, livestreams, liveStatuses } from "../db";
import { parseOrBadRequest } from "../contract";
import { badRequest, LivestreamError } from "../contract";
import { type GoLivePlan, type GoLiveSettings, isGoLivePlan, planGoLive, storedDestinations } from "../destinations";
import { onceForKey, requestHashOf } from "./idempotency";
import { MAX_DURATION, startFieldsSchema } from "../contract";
import { livekitRedactedUrl, maskRtmpUrl, redactUpstreamText } from "../destinations";
import { encodingFor } from "../contract";
import { sealUrls } from "../destinations";
import { broadcastSecrets, keyHashesFor } from "../destinations";
import { applyEventsKeptFor } from "./egress-events";
import { assertPublicDestinations } from "../destinations";
import { assertMayBroadcast, emptyRoom, notHost } from "../rooms";
import { mayControlBroadcast } from "../rooms";
import { transition, updateWhileIn } from "./status";
import { insertStartingWithinCap } from "./live-cap";
import { stopUnlinkedEgress } from "./stray-egress";
import { buildMuxRtmpUrl, getMuxPlaybackUrl, type StreamDestination } from "../destinations";
import { viewerCountsAvailable, withFreshViewerCount } from "./viewers";
import { recordingsFor, recordingsOf } from "./recordings";
import { startRoomCompositeEgress, stopEgress, twirpCode } from "../upstream";
import { completeLiveStream, deleteLiveStream, type MuxLiveStream } from "../upstream";
import { createLiveStreamPaced } from "../upstream";
import { claimPooledStream, endClaim, isPoolable, refillSoon } from "../upstream";
import { assertUpstreamConfigured, logUpstream, upstreamFailure } from "../upstream";
import { muxSigningKey } from "../config";

/** Go-live from server code: the planner's settings, and destinations built with buildDestination. */
export type StartLivestreamOptions = GoLiveSettings & {
  /** Additional RTMP destinations beyond MUX */
  additionalDestinations?: StreamDestination[];
};

// The answers' shapes are the API contract's (the browser parses them with the same schemas).
export type { LivestreamStatusResult, PublicLivestream, StartLivestreamResult, StopLivestreamResult } from "../contract";
import { captionLanguageNames, DEFAULT_LAYOUT, DEFAULT_ORIENTATION, DEFAULT_QUALITY, durationSeconds, type LivestreamDestination, type LivestreamRecording, type LivestreamStatusResult, type PublicLivestream, type StartLivestreamResult, type StopLivestreamResult } from "../contract";
import type { StoredDestination } from "../db";

async function deleteMuxStream(muxLiveStreamId: string): Promise<void> {
  // Left for reconciliation if this fails: it finds the stream by `passthrough` (the row id, or
  // the pool slot of a pool stream this row claimed).
  await deleteLiveStream(muxLiveStreamId).catch((error: unknown) =>
    logUpstream("MUX", `could not delete live stream ${muxLiveStreamId} during cleanup`, error),
  );
}

export type StartLivestreamControl = {
  /**
   * The same key from the same user within 24 h answers the first result and starts
   * nothing new; reused for another request, or while the first still runs: 409.
   */
  idempotencyKey?: string;
};

/**
 * Go live. `options` is a plan from the planner (the route and the server action parse
 * their body with goLiveRequestSchema) or, from server code, StartLivestreamOptions, which
 * are planned here by the same planner.
 */
export async function startLivestream(
  options: StartLivestreamOptions | GoLivePlan,
  userId: string,
  control: StartLivestreamControl = {},
): Promise<StartLivestreamResult> {
  const plan = isGoLivePlan(options) ? options : planOptions(options);
  const key = control.idempotencyKey;
  if (key === undefined) return startPlanned(plan, userId);
  return onceForKey(userId, key, requestHashOf(idempotentRequest(plan)), () => startPlanned(plan, userId));
}

function planOptions(options: StartLivestreamOptions): GoLivePlan {
  return planGoLive({ ...parseOrBadRequest(startFieldsSchema, options), additionalDestinations: options.additionalDestinations });
}

/**
 * What an Idempotency-Key is bound to: the request as asked (defaults not filled in), in
 * the shape keys were always hashed in, so keys claimed before an upgrade still match.
 */
function idempotentRequest(plan: GoLivePlan) {
  return {
    roomName: plan.roomName,
    latencyMode: plan.latencyMode,
    maxDuration: plan.maxDuration,
    // Undefined (not asked) drops out of the JSON: keys claimed before these existed still match.
    layout: plan.layout,
    quality: plan.quality,
    orientation: plan.orientation,
    visibility: plan.visibility,
    captions: plan.captions,
    additionalDestinations: plan.destinations.map((d) => ({ type: d.type, name: d.name, rtmpUrl: d.rtmpUrl, streamKey: d.streamKey })),
  };
}

async function startPlanned(plan: GoLivePlan, userId: string): Promise<StartLivestreamResult> {
  const pool = { asked: false };
  try {
    return await startSteps(plan, userId, pool);
  } finally {
    // The pool is topped up once this go-live is over, not from its claim on: the refill would
    // otherwise compete with the steps still ahead of it (stream-pool.ts, `claimPooledStream`).
    if (pool.asked) refillSoon();
  }
}

async function startSteps(plan: GoLivePlan, userId: string, pool: { asked: boolean }): Promise<StartLivestreamResult> {
  const input = {
    roomName: plan.roomName,
    latencyMode: plan.latencyMode ?? "standard",
    maxDuration: plan.maxDuration ?? MAX_DURATION.max,
    layout: plan.layout ?? DEFAULT_LAYOUT,
    quality: plan.quality ?? DEFAULT_QUALITY,
    orientation: plan.orientation ?? DEFAULT_ORIENTATION,
    visibility: plan.visibility ?? "public",
    captions: plan.captions,
  };
  // Before anything upstream: no destination may make the egress dial a private address.
  await assertPublicDestinations(plan.destinations);
  assertUpstreamConfigured();
  // A private broadcast nobody could be given a token for would be unwatchable: refuse it now.
  if (input.visibility === "private" && !muxSigningKey()) {
    throw badRequest('visibility "private" needs MUX_SIGNING_KEY and MUX_PRIVATE_KEY (a MUX URL signing key) to sign viewers\' playback tokens; set both, or go live with visibility "public".');
  }
  await assertMayBroadcast(input.roomName, userId);

  // Claim the room. The partial unique index turns a second live row into "no row"; a user
  // already holding LIVESTREAM_MAX_LIVE_PER_USER live rows gets 429 (live-cap.ts).
  // The extras' full URLs are kept sealed (for removing one while live), bound to the row's id.
  const id = randomUUID();
  const stored = storedDestinations(plan.destinations, randomUUID);
  const row = await insertStartingWithinCap({
    id,
    roomName: input.roomName,
    userId,
    destinations: stored,
    layout: input.layout,
    quality: input.quality,
    orientation: input.orientation,
    visibility: input.visibility,
    captions: input.captions ?? null,
    destinationUrlsSealed: sealDestinationUrls(stored, plan.destinations, id),
    destinationKeyHashes: keyHashesFor(plan.destinations.map((d) => d.streamKey), id),
  });
  if (!row) {
    throw new LivestreamError("conflict", `Room "${input.roomName}" already has a live broadcast. Stop it before going live again.`);
  }
  // A removal that committed between the role check and this insert found no broadcast of theirs
  // to stop; from its commit on the starter may not control this one either (broadcast-policy.ts).
  if (!(await findControllable(row.id, userId))) {
    await transition({ id: row.id }, { to: "failed", reason: "Going live was refused: the starter is no longer a host of this room." }, { from: ["starting"] });
    throw notHost(input.roomName);
  }

  // Step 1: the MUX live stream. With the default settings, a pool stream made ahead of time
  // (no MUX call at all); else one made now, through the shared POST queue, tagged with the row
  // id so retry duplicates can be found. Too long a queue: 503 + Retry-After
  // (docs/architecture.md, "MUX at fleet scale").
  let mux: MuxLiveStream;
  let poolSlot: string | undefined;
  try {
    pool.asked = isPoolable(input);
    const pooled = pool.asked ? await claimPooledStream(row.id) : undefined;
    poolSlot = pooled?.slotId;
    mux =
      pooled?.mux ??
      (await createLiveStreamPaced(
        {
          latencyMode: input.latencyMode,
          maxDuration: input.maxDuration,
          passthrough: row.id,
          playbackPolicy: input.visibility === "private" ? "signed" : "public",
          captions: input.captions ? { languageCode: input.captions, name: `${captionLanguageNames[input.captions]} (generated)` } : undefined,
        },
        userId,
      ));
  } catch (error) {
    const failure = upstreamFailure("MUX", "Could not create the MUX live stream", error);
    await transition({ id: row.id }, { to: "failed", reason: failure.message }, { from: ["starting"] });
    throw failure;
  }

  const muxRtmpUrl = buildMuxRtmpUrl(mux.stream_key, plan.protocol);
  const muxPlaybackId = mux.playback_ids[0]?.id ?? "";
  const linked = await updateWhileIn(row.id, ["starting"], {
    muxLiveStreamId: mux.id,
    muxPlaybackId,
    muxStreamKey: mux.stream_key,
    rtmpUrl: muxRtmpUrl,
    // Egress output order: MUX first, then the extras.
    destinations: [muxDestination(muxRtmpUrl), ...stored],
  });
  // Linked (the row owns the stream now) or about to be deleted: the pool slot goes either way.
  // Its delete runs beside the egress call, off the go-live's critical path (docs/benchmarks.md,
  // "Fleet scale"); one that fails leaves a `claimed` slot of a linked stream, which reconcile
  // removes (stream-pool.ts, `repairStaleSlots`).
  const slotEnded = poolSlot
    ? endClaim(poolSlot).catch((error: unknown) => logUpstream("database", `could not delete claimed pool slot ${poolSlot}`, error))
    : undefined;
  try {
    if (!linked) {
      await deleteMuxStream(mux.id);
      throw stoppedWhileStarting(input.roomName);
    }

    // Step 2: the LiveKit RTMP egress to MUX and the extra destinations.
    const secrets = [mux.stream_key, ...plan.destinations.map((d) => d.streamKey)];
    let egressId: string;
    try {
      egressId = await startRoomCompositeEgress(input.roomName, [muxRtmpUrl, ...plan.destinations.map((d) => d.rtmpUrl)], {
        layout: input.layout,
        encoding: encodingFor(input.quality, input.orientation),
      });
    } catch (error) {
      const failure = egressStartFailure(input.roomName, error, secrets);
      // No Twirp code means no answer (timeout, dropped connection): LiveKit may have started
      // the egress anyway. Stop it before it streams to the extra destinations untracked.
      if (twirpCode(error) === undefined) {
        await stopUnlinkedEgress(input.roomName, mux.stream_key).catch((e: unknown) =>
          logUpstream("LiveKit", `could not look for a lost egress in room "${input.roomName}"`, e, secrets),
        );
      }
      await deleteMuxStream(mux.id);
      // `active` too: MUX's webhook may have marked it live if the egress ran before failing.
      await transition({ id: row.id }, { to: "failed", reason: failure.message, secrets }, { from: ["starting", "active"] });
      throw failure;
    }

    // The status stays as the events make it: `starting` until MUX reports the stream active
    // (a webhook that may already have arrived), so both live states are fine here.
    const live = await updateWhileIn(row.id, ["starting", "active"], { egressId, startedAt: new Date() });
    if (!live) {
      // A stop claimed the row between the two steps; it could not see this egress.
      await stopEgress(egressId).catch((error: unknown) => logUpstream("LiveKit", `could not stop egress ${egressId} after a concurrent stop`, error, secrets));
      throw stoppedWhileStarting(input.roomName);
    }

    // Events about this egress that overtook LiveKit's answer were kept for now; one of them
    // may even have ended the broadcast already.
    const applied = await applyEventsKeptFor(egressId);
    const status = applied > 0 ? ((await findControllable(live.id, userId))?.status ?? live.status) : live.status;

    return {
      livestreamId: live.id,
      egressId,
      muxLiveStreamId: mux.id,
      muxPlaybackId,
      playbackUrl: getMuxPlaybackUrl(muxPlaybackId),
      status,
    };
  } finally {
    await slotEnded;
  }
}

/** MUX's output: always first in the egress, never removable, its key in the row's own columns. */
export const MUX_DESTINATION_ID = "mux";

function muxDestination(muxRtmpUrl: string): StoredDestination {
  return { id: MUX_DESTINATION_ID, type: "mux", name: "MUX", maskedUrl: maskRtmpUrl(muxRtmpUrl), livekitUrl: livekitRedactedUrl(muxRtmpUrl), status: "connecting" };
}

/** The full URLs of `planned`, by the ids `stored` gave them, sealed for row `id`; null when there are none. */
export function sealDestinationUrls(stored: readonly StoredDestination[], planned: readonly { rtmpUrl: string }[], id: string, kept: Readonly<Record<string, string>> = {}): string | null {
  const urls: Record<string, string> = { ...kept };
  stored.forEach((d, i) => {
    const url = planned[i]?.rtmpUrl;
    if (d.id !== undefined && url !== undefined) urls[d.id] = url;
  });
  return Object.keys(urls).length === 0 ? null : sealUrls(urls, id);
}

const stoppedWhileStarting = (roomName: string) =>
  new LivestreamError("conflict", `The broadcast in room "${roomName}" was stopped while it was starting.`);

function egressStartFailure(roomName: string, error: unknown, secrets: readonly string[]): LivestreamError {
  if (error instanceof LivestreamError) return error;
  const code = twirpCode(error);
  if (code === "not_found") {
    // The room emptied between the participant check and the egress.
    logUpstream("LiveKit", `egress for room "${roomName}" refused`, error, secrets);
    return emptyRoom(roomName);
  }
  if (code === "invalid_argument") {
    logUpstream("LiveKit", `egress for room "${roomName}" refused`, error, secrets);
    return badRequest("LiveKit refused the destinations: check each RTMP URL and stream key.");
  }
  return upstreamFailure("LiveKit", "Could not start the LiveKit egress", error, secrets);
}

const uuidSchema = z.uuid();

/** The broadcast `livestreamId` if `userId` may control it now (broadcast-policy.ts); else undefined, as for a stranger. */
export async function findControllable(livestreamId: string, userId: string): Promise<Livestream | undefined> {
  // A malformed id can't name a row; answer "not found" rather than let Postgres reject it.
  if (!uuidSchema.safeParse(livestreamId).success) return undefined;
  const db = await getDb();
  const [row] = await db
    .select()
    .from(livestreams)
    .where(and(eq(livestreams.id, livestreamId), mayControlBroadcast(userId)))
    .limit(1);
  return row;
}

const notFound = () => new LivestreamError("not_found", "Livestream not found.");

export async function stopLivestream(livestreamId: string, userId: string): Promise<StopLivestreamResult> {
  assertUpstreamConfigured();
  const existing = await findControllable(livestreamId, userId);
  if (!existing) throw notFound();

  // Claim the stop. Only one caller moves a live row to `stopping`.
  const row = await transition({ id: existing.id }, { to: "stopping" });
  if (!row) {
    throw new LivestreamError("conflict", `This broadcast is not live (status: ${existing.status}).`);
  }

  // Every key of the broadcast, for the log lines below (status.ts masks the reason itself).
  const secrets = broadcastSecrets([row]).keys;
  if (row.egressId) {
    try {
      await stopEgress(row.egressId);
    } catch (error) {
      const failure = upstreamFailure("LiveKit", "Could not stop the LiveKit egress", error, secrets);
      await transition({ id: row.id }, { to: "failed", reason: `${failure.message} The egress may still be running.`, secrets }, { from: ["stopping"] });
      throw failure;
    }
  }

  if (row.muxLiveStreamId) {
    const muxLiveStreamId = row.muxLiveStreamId;
    // Completing ends the MUX stream now instead of after its reconnect window, which
    // finalises the recording. If it fails MUX still finalises after that window.
    await completeLiveStream(muxLiveStreamId).catch((error: unknown) =>
      logUpstream("MUX", `could not complete live stream ${muxLiveStreamId}`, error, secrets),
    );
  }

  // The recording's ids come from MUX's webhooks (usually already here: MUX makes the live
  // asset when the stream goes active); stop doesn't wait for MUX to finish the asset.
  const done = (await transition({ id: row.id }, { to: "completed" }, { from: ["stopping"] })) ?? (await findControllable(row.id, userId));
  return {
    livestreamId: row.id,
    status: done?.status ?? "completed",
    muxAssetId: done?.muxAssetId ?? null,
    vodPlaybackId: done?.vodPlaybackId ?? null,
  };
}

/**
 * Stops the live broadcast in a room that the caller may control (the DELETE route's
 * contract): 404 when there is none they may control there, 409 when the latest one is no
 * longer live.
 */
export async function stopLivestreamInRoom(roomName: string, userId: string): Promise<StopLivestreamResult> {
  const live = await getActiveLivestream(roomName, userId);
  if (live) return stopLivestream(live.id, userId);
  const [latest] = await listLivestreams(userId, { roomName, limit: 1 });
  if (!latest) throw new LivestreamError("not_found", `No livestream of yours found in room "${roomName}".`);
  throw new LivestreamError("conflict", `Your broadcast in room "${roomName}" is not live (status: ${latest.status}).`);
}

/** Status of the live broadcast in a room that the caller may control; 404 when there is none. */
export async function getLivestreamStatusInRoom(roomName: string, userId: string): Promise<LivestreamStatusResult> {
  const live = await getActiveLivestream(roomName, userId);
  if (!live) throw new LivestreamError("not_found", `No active livestream of yours in room "${roomName}".`);
  return statusOf(live);
}

export async function getLivestreamStatus(livestreamId: string, userId: string): Promise<LivestreamStatusResult> {
  const row = await findControllable(livestreamId, userId);
  if (!row) throw notFound();
  return statusOf(row);
}

/** A row's status answer: fresh viewer count, every recorded part. */
export async function statusOf(row: Livestream): Promise<LivestreamStatusResult> {
  return toStatus(await withFreshViewerCount(row), new Date(), await recordingsFor(row.id));
}

/** A stored destination as the API shows it: ids for rows made before there were ids, dates as dates, no matching bookkeeping. */
function publicDestination(d: StoredDestination, index: number, keys: readonly string[]): LivestreamDestination {
  const { livekitUrl: _match, muxEventAt: _order, id, lastRetryAt, removedAt, error, ...rest } = d;
  return {
    ...rest,
    id: id ?? (index === 0 && d.type === "mux" ? MUX_DESTINATION_ID : `legacy-${index}`),
    ...(error === undefined ? {} : { error: redactUpstreamText(error, keys) }),
    ...(lastRetryAt === undefined ? {} : { lastRetryAt: new Date(lastRetryAt) }),
    ...(removedAt === undefined ? {} : { removedAt: new Date(removedAt) }),
  };
}

/**
 * Upstream text (a failure reason, a destination's error) is redacted when stored; again on
 * the way out, for rows stored before that rule existed.
 */
function redactedOutcome(row: Livestream): { failureReason: string | null; destinations: LivestreamDestination[] } {
  const keys = row.muxStreamKey ? [row.muxStreamKey] : [];
  return {
    failureReason: row.failureReason === null ? null : redactUpstreamText(row.failureReason, keys),
    destinations: row.destinations.map((d, i) => publicDestination(d, i, keys)),
  };
}

export function toStatus(row: Livestream, now: Date, recordings: readonly LivestreamRecording[]): LivestreamStatusResult {
  const end = row.endedAt ?? now;
  const countsAvailable = viewerCountsAvailable();
  return {
    livestreamId: row.id,
    roomName: row.roomName,
    status: row.status,
    muxPlaybackId: row.muxPlaybackId,
    playbackUrl: row.muxPlaybackId ? getMuxPlaybackUrl(row.muxPlaybackId) : null,
    viewerCount: countsAvailable ? row.viewerCount : 0,
    viewerCountAvailable: countsAvailable,
    startedAt: row.startedAt,
    duration: row.startedAt ? durationSeconds(row.startedAt, end) : null,
    muxAssetId: row.muxAssetId,
    vodPlaybackId: row.vodPlaybackId,
    recordings: [...recordings],
    layout: row.layout,
    quality: row.quality,
    orientation: row.orientation,
    visibility: row.visibility,
    captions: row.captions,
    ...redactedOutcome(row),
  };
}

/** The broadcast in this room that is starting, live or stopping, if the caller may control it. */
export async function getActiveLivestream(roomName: string, userId: string): Promise<Livestream | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(livestreams)
    .where(and(eq(livestreams.roomName, roomName), inArray(livestreams.status, [...liveStatuses]), mayControlBroadcast(userId)))
    .limit(1);
  return row ?? null;
}

/**
 * The broadcasts the caller may control (theirs while a host, and every one of the rooms they
 * own), newest first, in their public shape (`toPublicLivestream`): the
 * row with its stream key and ingest URL never leaves src/lib, so a caller can't forget to
 * project it.
 */
export async function listLivestreams(userId: string, options?: { roomName?: string; limit?: number }): Promise<PublicLivestream[]> {
  const limit = options?.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badRequest("limit must be a whole number from 1 to 100.");
  const db = await getDb();
  const conditions: SQL[] = [mayControlBroadcast(userId)];
  if (options?.roomName) conditions.push(eq(livestreams.roomName, options.roomName));
  const rows = await db
    .select()
    .from(livestreams)
    .where(and(...conditions))
    .orderBy(desc(livestreams.createdAt))
    .limit(limit);
  const parts = await recordingsOf(rows.map((r) => r.id));
  return rows.map((r) => toPublicLivestream(r, parts.get(r.id) ?? []));
}

/** A row without its secrets (no MUX stream key, no ingest URL) and bookkeeping (egressUpdatedAt, a bigint, isn't JSON either). */
export function toPublicLivestream(row: Livestream, recordings: readonly LivestreamRecording[]): PublicLivestream {
  const {
    muxStreamKey: _key,
    rtmpUrl: _url,
    destinationUrlsSealed: _sealed,
    destinationKeyHashes: _hashes,
    userId: _user,
    viewersCheckedAt: _checked,
    reconcileLeaseUntil: _lease,
    reconcileCheckedAt: _checkedAt,
    egressUpdatedAt: _order,
    ...safe
  } = row;
  return { ...safe, ...redactedOutcome(row), recordings: [...recordings], playbackUrl: row.muxPlaybackId ? getMuxPlaybackUrl(row.muxPlaybackId) : null };
}

export type { Livestream } from "../db";
export type { StreamDestination, StreamDestinationType } from "../destinations";
