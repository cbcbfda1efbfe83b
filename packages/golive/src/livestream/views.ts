import "server-only";
// What the API shows of a broadcast row: the status answer and the public shape, with no
// secrets and upstream text redacted (docs/architecture.md, "Security model"; tests/unit/contract.test.ts).
import type { Livestream, StoredDestination } from "../db";
import { durationSeconds, type LivestreamDestination, type LivestreamGuardrail, type LivestreamRecording, type LivestreamStatusResult, type PublicLivestream } from "../contract";
import { getMuxPlaybackUrl, redactUpstreamText } from "../destinations";
import { MUX_DESTINATION_ID } from "./row-destinations";
import { viewerCountsAvailable } from "./viewers";

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
    endReason: row.endReason,
    guardrail,
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
    templateReadyBy: _readyBy,
    ...safe
  } = row;
  return { ...safe, ...redactedOutcome(row), recordings: [...recordings], playbackUrl: row.muxPlaybackId ? getMuxPlaybackUrl(row.muxPlaybackId) : null };
}
