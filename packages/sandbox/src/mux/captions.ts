/**
 * MUX's generated live captions (`generated_subtitles` on a live stream): the two text tracks a
 * recording gets, which of them plays, and the WebVTT the sandbox serves for it.
 *
 * Faithful to (@mux/mux-node 15, resources/video/live-streams.d.ts and assets.d.ts `Track`):
 * - each asset of a stream with `generated_subtitles` gets two `text` tracks (`text_type:
 *   "subtitles"`) per entry: `generated_live`, ready as soon as the stream is live, and
 *   `generated_live_final`, ready only once the stream has ended;
 * - when both are ready only `generated_live_final` plays;
 * - a track carries the entry's `name`, `language_code` and `passthrough`;
 * - `video.asset.track.created` / `video.asset.track.ready` webhooks carry a `WebhookAssetTrack`
 *   (the track plus `asset_id`; resources/webhooks/webhooks.d.ts).
 * Chosen (not checked against MUX): both tracks appear, `preparing`, when the asset is created;
 * the live one turns ready with the asset, the final one the moment the stream completes (MUX
 * takes some processing time); that MUX sends the track webhooks for generated live tracks at all;
 * no `closed_captions` flag.
 * Cannot catch: speech recognition (there is no audio from the room: each 2 s segment gets one
 * cue saying its stream time), transcription vocabularies, MUX's cue timing, wording or line
 * breaks, the live track's lag behind the video, `auto` language detection.
 */
import type Mux from "@mux/mux-node";
import { SEGMENT_SECONDS, segmentStartPts } from "./hls-media";
import type { GeneratedSubtitle } from "./schemas";

export type TextTrackRecord = {
  id: string;
  textSource: "generated_live" | "generated_live_final";
  name: string;
  languageCode: string;
  passthrough?: string;
  status: "preparing" | "ready";
};

/** The tracks a new recording of a stream with these settings starts with. */
export function captionTracksFor(settings: GeneratedSubtitle[] | undefined, newId: () => string): TextTrackRecord[] {
  return (settings ?? []).flatMap((s) =>
    (["generated_live", "generated_live_final"] as const).map((textSource) => ({
      id: newId(),
      textSource,
      name: s.name,
      languageCode: s.language_code,
      passthrough: s.passthrough,
      status: "preparing" as const,
    })),
  );
}

/** What plays: the final track once it is ready, else the live one once it is, else none. */
export function playingTrack(tracks: TextTrackRecord[]): TextTrackRecord | undefined {
  const ready = tracks.filter((t) => t.status === "ready");
  return ready.find((t) => t.textSource === "generated_live_final") ?? ready.find((t) => t.textSource === "generated_live");
}

/** One entry of the asset's `tracks`. */
export function textTrackJson(track: TextTrackRecord): Mux.Video.Track {
  const json: Mux.Video.Track = {
    type: "text",
    text_type: "subtitles",
    text_source: track.textSource,
    id: track.id,
    name: track.name,
    language_code: track.languageCode,
    status: track.status,
  };
  if (track.passthrough !== undefined) json.passthrough = track.passthrough;
  return json;
}

/** Webhook `data` for `video.asset.track.*`: the track and the asset it belongs to. */
export function trackWebhookData(track: TextTrackRecord, assetId: string): Record<string, unknown> {
  const data: Mux.Webhooks.WebhookAssetTrack = { ...textTrackJson(track), asset_id: assetId };
  return { ...data };
}

/**
 * WebVTT segment n: one cue over the whole 2 s segment. `X-TIMESTAMP-MAP` ties the cue's local
 * 00:00:00.000 to the video segment's first PTS (the loop restarts its timestamps, so segment n
 * uses the loop file's), which is how hls.js and Safari line cues up with MPEG-TS video
 * (RFC 8216 §3.5).
 */
export function vttSegment(n: number, track: TextTrackRecord): string {
  const label = track.textSource === "generated_live_final" ? "Sandbox caption (final)" : "Sandbox caption";
  return [
    "WEBVTT",
    `X-TIMESTAMP-MAP=MPEGTS:${segmentStartPts(n)},LOCAL:00:00:00.000`,
    "",
    `${n}`,
    `00:00:00.000 --> ${clock(SEGMENT_SECONDS)}.000`,
    `${label} ${clock(n * SEGMENT_SECONDS)}`,
    "",
  ].join("\n");
}

/** hh:mm:ss */
function clock(totalSeconds: number): string {
  const pad = (v: number) => String(v).padStart(2, "0");
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}`;
}
