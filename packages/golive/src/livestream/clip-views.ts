import "server-only";
// A clip row as its viewer gets it: what plays it now and its MP4 (docs/architecture.md, "Clips").
import type { ClipRow, Livestream } from "../db";
import type { Clip } from "../contract";
import { clipPlayback, downloadName, mp4View } from "./clip-urls";

/** What of its broadcast and its source part a clip's view needs. */
export type ClipContext = {
  livestream: Pick<Livestream, "status" | "visibility" | "muxPlaybackId" | "muxAssetId" | "roomName">;
  /** The source part's own playback id (its recording), once MUX names one. */
  partPlaybackId: string | null;
};

/** Seconds as a clip parameter: at most millisecond precision, no trailing zeros. */
const seconds = (value: number) => String(Number(value.toFixed(3)));

/**
 * The playback id and parameters that play the clip now: its own asset once ready; else an
 * instant clip — of the live stream by program time while that part is still live, of the part's
 * recording by asset time after.
 */
function source(clip: ClipRow, ctx: ClipContext): { playbackId: string; params: Record<string, string> } | null {
  if (clip.state === "deleted") return null;
  if (clip.kind === "asset" && clip.state === "ready" && clip.playbackId) return { playbackId: clip.playbackId, params: {} };
  const { livestream } = ctx;
  const liveSource = livestream.status === "active" && livestream.muxAssetId === clip.sourceAssetId && livestream.muxPlaybackId;
  if (liveSource && clip.programStartAt && clip.programEndAt) {
    return {
      playbackId: liveSource,
      params: {
        program_start_time: String(Math.floor(clip.programStartAt.getTime() / 1000)),
        program_end_time: String(Math.ceil(clip.programEndAt.getTime() / 1000)),
      },
    };
  }
  if (!ctx.partPlaybackId) return null;
  return { playbackId: ctx.partPlaybackId, params: { asset_start_time: seconds(clip.startSeconds), asset_end_time: seconds(clip.endSeconds) } };
}

export async function toClip(clip: ClipRow, ctx: ClipContext): Promise<Clip> {
  const policy = ctx.livestream.visibility === "private" ? "signed" : "public";
  const playing = source(clip, ctx);
  const mp4PlaybackId = clip.state === "deleted" ? null : clip.playbackId;
  return {
    id: clip.id,
    livestreamId: clip.livestreamId,
    sourceAssetId: clip.sourceAssetId,
    kind: clip.kind,
    title: clip.title,
    startSeconds: clip.startSeconds,
    endSeconds: clip.endSeconds,
    programStartTime: clip.programStartAt ? clip.programStartAt.getTime() / 1000 : null,
    programEndTime: clip.programEndAt ? clip.programEndAt.getTime() / 1000 : null,
    state: clip.state,
    muxAssetId: clip.muxClipAssetId,
    failureReason: clip.failureReason,
    playback: playing ? await clipPlayback(playing.playbackId, policy, playing.params) : null,
    mp4: await mp4View({ state: clip.mp4State, fileName: clip.mp4FileName }, mp4PlaybackId, policy, downloadName(ctx.livestream.roomName, `clip-${clip.id.slice(0, 8)}`)),
    createdAt: clip.createdAt,
  };
}
