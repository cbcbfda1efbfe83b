import "server-only";
// Ending a broadcast: claim the stop, stop the egress, complete the MUX stream so the recording
// is finalised (docs/architecture.md, "Broadcast lifecycle").
import { LivestreamError, type StopLivestreamResult } from "../contract";
import type { Livestream } from "../db";
import { broadcastSecrets } from "../destinations";
import { completeLiveStream, logUpstream, stopEgress, assertUpstreamConfigured, upstreamFailure } from "../upstream";
import { findControllable, getActiveLivestream, listLivestreams, requireControllable } from "./read";
import { transition } from "./status";

export async function stopLivestream(livestreamId: string, userId: string): Promise<StopLivestreamResult> {
  assertUpstreamConfigured();
  const existing = await requireControllable(livestreamId, userId);

  // Claim the stop. Only one caller moves a live row to `stopping`.
  const row = await transition({ id: existing.id }, { to: "stopping" });
  if (!row) {
    // A guardrail's stop that won the race is this stop done (docs/architecture.md, "Guardrails").
    const now = await findControllable(existing.id, userId);
    if (now?.endReason) return stopResult(now);
    throw new LivestreamError("conflict", `This broadcast is not live (status: ${existing.status}).`);
  }
  const done = (await finishStop(row)) ?? (await findControllable(row.id, userId));
  return { livestreamId: row.id, status: done?.status ?? "completed", muxAssetId: done?.muxAssetId ?? null, vodPlaybackId: done?.vodPlaybackId ?? null };
}

const stopResult = (row: Livestream): StopLivestreamResult => ({
  livestreamId: row.id,
  status: row.status,
  muxAssetId: row.muxAssetId,
  vodPlaybackId: row.vodPlaybackId,
});

/**
 * A claimed (`stopping`) row's stop: the egress stopped, the MUX stream completed, the row
 * `completed` (undefined when another writer ended it first). A StopEgress that fails leaves the
 * row `failed` for reconcile and throws.
 */
async function finishStop(row: Livestream): Promise<Livestream | undefined> {
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
  return transition({ id: row.id }, { to: "completed" }, { from: ["stopping"] });
}

/**
 * A guardrail's stop (docs/architecture.md, "Guardrails"): the same stop as a person's, claimed
 * by the same guarded transition with `reason` recorded as the row's `endReason`, so a person's
 * stop racing it makes one stop. Undefined when the row was no longer live (another stop won).
 */
export async function stopForGuardrail(livestreamId: string, reason: string): Promise<Livestream | undefined> {
  const row = await transition({ id: livestreamId }, { to: "stopping", endReason: reason }, { from: ["starting", "active"] });
  if (!row) return undefined;
  return (await finishStop(row)) ?? row;
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
