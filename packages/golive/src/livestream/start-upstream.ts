import "server-only";
// The upstream steps of a go-live once its row claims the room: the MUX stream, linked to the
// row, then the LiveKit egress; whatever a step created is linked or cleaned up by that step
// (docs/architecture.md, "Broadcast lifecycle"; invariant 2).
import { customTemplateUrl, goliveNow, templateReadySeconds } from "../config";
import { badRequest, captionLanguageNames, encodingFor, LivestreamError, type StartLivestreamResult } from "../contract";
import type { Livestream } from "../db";
import { buildMuxRtmpUrl, getMuxPlaybackUrl } from "../destinations";
import { emptyRoom } from "../rooms";
import { createLiveStreamPaced, deleteLiveStream, logUpstream, type MuxLiveStream, startRoomCompositeEgress, stopEgress, twirpCode, upstreamFailure } from "../upstream";
import { applyEventsKeptFor } from "./egress-events";
import { findControllable } from "./read";
import type { RoomClaim } from "./room-claim";
import { muxLinkFields } from "./row-destinations";
import type { StartPlan } from "./start";
import { transition, updateWhileIn } from "./status";
import { stopUnlinkedEgress } from "./stray-egress";

/** The MUX stream of a go-live and the URL the egress sends it to. */
type MuxOutput = { stream: MuxLiveStream; rtmpUrl: string; playbackId: string; secrets: string[] };

/** Steps 1–3 for the `starting` row of `claim`; a pool stream it was inserted with skips steps 1 and 2. */
export async function startUpstream(plan: StartPlan, claim: RoomClaim, userId: string): Promise<StartLivestreamResult> {
  const { row } = claim;
  const stream = claim.pooled ?? (await createMuxStream(plan, row.id, userId));
  const mux: MuxOutput = {
    stream,
    rtmpUrl: buildMuxRtmpUrl(stream.streamKey, plan.protocol),
    playbackId: stream.playbackId,
    secrets: [stream.streamKey, ...plan.destinations.map((d) => d.streamKey)],
  };
  if (!claim.pooled && !(await linkMuxStream(row, plan, stream))) {
    await deleteMuxStream(stream.id);
    throw stoppedWhileStarting(plan.roomName);
  }
  const templateUrl = customTemplateUrl();
  const egressId = await startEgress(plan, row.id, mux, templateUrl);
  return recordEgress(plan, row.id, egressId, mux, userId, templateUrl !== undefined);
}

/**
 * Step 1: the MUX live stream, made now through the shared POST queue, tagged with the row id
 * so retry duplicates can be found. Too long a queue: 503 + Retry-After (docs/architecture.md,
 * "MUX at fleet scale"). A failure fails the row.
 */
async function createMuxStream(plan: StartPlan, rowId: string, userId: string): Promise<MuxLiveStream> {
  try {
    return await createLiveStreamPaced(
      {
        latencyMode: plan.latencyMode,
        maxDuration: plan.maxDuration,
        passthrough: rowId,
        playbackPolicy: plan.visibility === "private" ? "signed" : "public",
        captions: plan.captions ? { languageCode: plan.captions, name: `${captionLanguageNames[plan.captions]} (generated)` } : undefined,
        title: plan.title,
      },
      userId,
    );
  } catch (error) {
    const failure = upstreamFailure("MUX", "Could not create the MUX live stream", error);
    await transition({ id: rowId }, { to: "failed", reason: failure.message }, { from: ["starting"] });
    throw failure;
  }
}

/** Step 2: the row owns the MUX stream, if it is still `starting`. */
function linkMuxStream(row: Livestream, plan: StartPlan, stream: MuxLiveStream): Promise<Livestream | undefined> {
  return updateWhileIn(row.id, ["starting"], muxLinkFields(stream, plan.protocol, row.destinations));
}

/**
 * Step 3: the LiveKit RTMP egress to MUX and the extra destinations, drawn by golive's composite
 * template when `templateUrl` is set. A failure deletes the MUX stream and fails the row.
 */
async function startEgress(plan: StartPlan, rowId: string, mux: MuxOutput, templateUrl: string | undefined): Promise<string> {
  try {
    return await startRoomCompositeEgress(plan.roomName, [mux.rtmpUrl, ...plan.destinations.map((d) => d.rtmpUrl)], {
      layout: plan.layout,
      encoding: encodingFor(plan.quality, plan.orientation),
      customBaseUrl: templateUrl,
    });
  } catch (error) {
    const failure = egressStartFailure(plan.roomName, error, mux.secrets);
    // No Twirp code means no answer (timeout, dropped connection): LiveKit may have started
    // the egress anyway. Stop it before it streams to the extra destinations untracked.
    if (twirpCode(error) === undefined) {
      await stopUnlinkedEgress(plan.roomName, mux.stream.streamKey).catch((e: unknown) =>
        logUpstream("LiveKit", `could not look for a lost egress in room "${plan.roomName}"`, e, mux.secrets),
      );
    }
    await deleteMuxStream(mux.stream.id);
    // `active` too: MUX's webhook may have marked it live if the egress ran before failing.
    await transition({ id: rowId }, { to: "failed", reason: failure.message, secrets: mux.secrets }, { from: ["starting", "active"] });
    throw failure;
  }
}

/**
 * The egress recorded on the row. The status stays as the events make it: `starting` until
 * MUX reports the stream active (a webhook that may already have arrived), so both live
 * states are fine here. With the template, the page's START_RECORDING is due by `templateReadyBy`
 * (template-readiness.ts).
 */
async function recordEgress(plan: StartPlan, rowId: string, egressId: string, mux: MuxOutput, userId: string, templated: boolean): Promise<StartLivestreamResult> {
  const templateReadyBy = templated ? new Date(goliveNow().getTime() + templateReadySeconds() * 1000) : null;
  const live = await updateWhileIn(rowId, ["starting", "active"], { egressId, startedAt: new Date(), templateReadyBy });
  if (!live) {
    // A stop claimed the row between the two steps; it could not see this egress.
    await stopEgress(egressId).catch((error: unknown) => logUpstream("LiveKit", `could not stop egress ${egressId} after a concurrent stop`, error, mux.secrets));
    throw stoppedWhileStarting(plan.roomName);
  }
  // Events about this egress that overtook LiveKit's answer were kept for now; one of them
  // may even have ended the broadcast already.
  const applied = await applyEventsKeptFor(egressId);
  const status = applied > 0 ? ((await findControllable(live.id, userId))?.status ?? live.status) : live.status;
  return {
    livestreamId: live.id,
    egressId,
    muxLiveStreamId: mux.stream.id,
    muxPlaybackId: mux.playbackId,
    playbackUrl: getMuxPlaybackUrl(mux.playbackId),
    status,
  };
}

async function deleteMuxStream(muxLiveStreamId: string): Promise<void> {
  // Left for reconciliation if this fails: it finds the stream by `passthrough` (the row id, or
  // the pool slot of a pool stream this row claimed).
  await deleteLiveStream(muxLiveStreamId).catch((error: unknown) =>
    logUpstream("MUX", `could not delete live stream ${muxLiveStreamId} during cleanup`, error),
  );
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
