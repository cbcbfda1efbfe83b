import "server-only";
// What the API shows of a broadcast row: the status answer and the public shape, with no
// secrets and upstream text redacted (docs/architecture.md, "Security model"; tests/unit/contract.test.ts).
import { goliveNow } from "../config";
import type { DestinationStatus, Livestream, StoredDestination } from "../db";
import {
  durationSeconds,
  ingestHealthSchema,
  type LivestreamDestination,
  type LivestreamGuardrail,
  type LivestreamHealth,
  type LivestreamRecording,
  type LivestreamStatusResult,
  muxWarningSchema,
  OUTPUT_RETRY_WINDOW_SECONDS,
  type PublicLivestream,
} from "../contract";
import { getMuxPlaybackUrl, redactUpstreamText } from "../destinations";
import { MUX_DESTINATION_ID } from "./row-destinations";
import { viewerCountsAvailable } from "./viewers";

/**
 * What a destination's state is now: an output LiveKit reported retrying less than
 * OUTPUT_RETRY_WINDOW_SECONDS ago is `reconnecting`, never `live`. LiveKit reports the first
 * retry and then at most one a minute, and fails an output after that window without progress,
 * so one still running past it has reconnected (docs/architecture.md, "Stream health"). Its
 * time is LiveKit's, compared with golive's clock as the guardrails do.
 */
export function shownStatus(d: Pick<StoredDestination, "type" | "status" | "lastRetryAt">, now: Date = goliveNow()): DestinationStatus | undefined {
  // MUX's own output says what MUX's events say: its drops and returns come from MUX itself.
  if (d.type === "mux" || d.status !== "live" || d.lastRetryAt === undefined) return d.status;
  const at = Date.parse(d.lastRetryAt);
  return Number.isFinite(at) && now.getTime() - at < OUTPUT_RETRY_WINDOW_SECONDS * 1000 ? "reconnecting" : d.status;
}

/** A stored destination as the API shows it: ids for rows made before there were ids, dates as dates, no matching bookkeeping. */
function publicDestination(d: StoredDestination, index: number, keys: readonly string[]): LivestreamDestination {
  const { livekitUrl: _match, muxEventAt: _order, id, lastRetryAt, removedAt, error, status: _status, ...rest } = d;
  const shown = shownStatus(d);
  return {
    ...rest,
    ...(shown === undefined ? {} : { status: shown }),
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

/**
 * MUX's side of the broadcast's health: its ingest health while it is `active` (a reading
 * after the end would describe a stream that is gone), the latest warning it sent
 * (docs/architecture.md, "Stream health"). Stored JSON is read back through the contract's schemas.
 */
function healthOf(row: Livestream, ingestAvailable: boolean): LivestreamHealth {
  const ingest = ingestAvailable && row.status === "active" && row.ingestHealth ? ingestHealthSchema.safeParse(row.ingestHealth) : undefined;
  const warning = row.muxWarning ? muxWarningSchema.safeParse(row.muxWarning) : undefined;
  return { ingestAvailable, ingest: ingest?.success ? ingest.data : null, warning: warning?.success ? warning.data : null };
}

export function toStatus(row: Livestream, now: Date, recordings: readonly LivestreamRecording[], guardrail: LivestreamGuardrail | null = null): LivestreamStatusResult {
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
    title: row.title,
    description: row.description,
    endReason: row.endReason,
    guardrail,
    health: healthOf(row, countsAvailable),
    ...redactedOutcome(row),
  };
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
    maxDurationSeconds: _max,
    ingestHealth: _health,
    muxWarning: _warning,
    templateReadyBy: _readyBy,
    ...safe
  } = row;
  return { ...safe, ...redactedOutcome(row), recordings: [...recordings], playbackUrl: row.muxPlaybackId ? getMuxPlaybackUrl(row.muxPlaybackId) : null };
}
