/**
 * MUX emulator records and their JSON shapes.
 *
 * Faithful to: field names and types of @mux/mux-node 15's `LiveStream`, `Asset`,
 * `SimulcastTarget` and `PlaybackId` (resources/video/*.d.ts), and of `WebhookLiveStream` /
 * `WebhookAsset` for webhook `data` (there `created_at` is a number, in the API a string).
 * `tracks` lists only the generated live-caption text tracks (captions.ts), and only on recordings
 * of streams with `generated_subtitles`.
 * Clip assets (`POST /video/v1/assets` of `mux://assets/<id>`) carry `source_asset_id` and no
 * `live_stream_id`; static renditions are `static_renditions.files` (@mux/mux-node 15's
 * `StaticRendition`: id, name, ext, resolution, status, type).
 * Cannot catch: fields we do not model (video and audio tracks, resolution tiers beyond fixed
 * defaults, a rendition's size and bitrate, non-standard-input reasons). A recording's `meta` is
 * its stream's `new_asset_settings.meta`, as MUX applies new_asset_settings to each asset it records.
 */
import type Mux from "@mux/mux-node";
import { textTrackJson, type TextTrackRecord } from "./captions";
import type { AssetMeta, GeneratedSubtitle, NewAssetSettings } from "./schemas";

export type MuxLiveStream = Mux.Video.LiveStream;
export type MuxAsset = Mux.Video.Asset;
export type MuxSimulcastTarget = Mux.Video.SimulcastTarget;

export type PlaybackPolicy = "public" | "signed" | "drm";
export type PlaybackId = { id: string; policy: PlaybackPolicy };

export type SimulcastTargetRecord = {
  id: string;
  url: string;
  stream_key?: string;
  passthrough?: string;
};

export type LiveStreamRecord = {
  id: string;
  streamKey: string;
  /** what the API reports; stays "active" during the reconnect window, as MUX does */
  status: "idle" | "active" | "disabled";
  /** whether an encoder (the egress) is connected right now */
  connected: boolean;
  createdAtMs: number;
  playbackIds: PlaybackId[];
  newAssetSettings?: NewAssetSettings;
  passthrough?: string;
  latencyMode: "low" | "reduced" | "standard";
  reconnectWindow: number;
  maxContinuousDuration: number;
  recentAssetIds: string[];
  activeAssetId?: string;
  simulcastTargets: SimulcastTargetRecord[];
  test?: boolean;
  audioOnly?: boolean;
  reconnectSlateUrl?: string;
  useSlateForStandardLatency?: boolean;
  meta?: { title?: string };
  activeIngestProtocol?: "rtmp" | "srt";
  /** live captions MUX generates for this stream's recordings (at most one entry) */
  generatedSubtitles?: GeneratedSubtitle[];
};

export type StaticRenditionRecord = {
  id: string;
  resolution: "highest";
  name: "highest.mp4";
  status: "preparing" | "ready" | "errored";
};

export type AssetRecord = {
  id: string;
  /** a recording of a live stream; absent on a clip asset */
  liveStreamId?: string;
  /** a clip asset: the asset it was cut from, and the range asked for (seconds into it) */
  clip?: { sourceAssetId: string; startTime?: number; endTime?: number };
  /** why it errored (MUX's `errors`) */
  errors?: { type: string; messages: string[] };
  staticRenditions: StaticRenditionRecord[];
  status: "preparing" | "ready" | "errored";
  isLive: boolean;
  createdAtMs: number;
  playbackIds: PlaybackId[];
  passthrough?: string;
  /** from its stream's `new_asset_settings.meta` */
  meta?: AssetMeta;
  mp4Support?: MuxAsset["mp4_support"];
  masterAccess?: MuxAsset["master_access"];
  videoQuality?: MuxAsset["video_quality"];
  /** connected intervals; `endedAtMs` unset while the encoder is connected */
  recordings: Array<{ startedAtMs: number; endedAtMs?: number }>;
  /** seconds; set when the asset is final */
  duration?: number;
  /** generated live-caption tracks, from the stream's `generated_subtitles` when the asset was made */
  textTracks: TextTrackRecord[];
};

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** How much an asset has recorded by `now`: its connected intervals, in ms (a reconnect window's gap adds nothing). */
export function connectedMs(asset: AssetRecord, now: number): number {
  return asset.recordings.reduce((sum, r) => sum + ((r.endedAtMs ?? now) - r.startedAtMs), 0);
}

/** `GET /video/v1/live-streams/{id}` body (inside `data`). */
export function liveStreamJson(stream: LiveStreamRecord): MuxLiveStream {
  return dropUndefined<MuxLiveStream>({
    id: stream.id,
    stream_key: stream.streamKey,
    status: stream.status,
    playback_ids: stream.playbackIds.map((p) => ({ ...p })),
    new_asset_settings: stream.newAssetSettings ? normaliseAssetSettings(stream.newAssetSettings) : undefined,
    passthrough: stream.passthrough,
    latency_mode: stream.latencyMode,
    reconnect_window: stream.reconnectWindow,
    max_continuous_duration: stream.maxContinuousDuration,
    // MUX reports these legacy flags alongside latency_mode.
    reduced_latency: stream.latencyMode === "reduced" ? true : undefined,
    low_latency: stream.latencyMode === "low" ? true : undefined,
    recent_asset_ids: stream.recentAssetIds.length > 0 ? [...stream.recentAssetIds] : undefined,
    active_asset_id: stream.activeAssetId,
    active_ingest_protocol: stream.connected ? stream.activeIngestProtocol : undefined,
    simulcast_targets:
      stream.simulcastTargets.length > 0 ? stream.simulcastTargets.map((t) => simulcastTargetJson(stream, t)) : undefined,
    test: stream.test,
    audio_only: stream.audioOnly,
    reconnect_slate_url: stream.reconnectSlateUrl,
    use_slate_for_standard_latency: stream.useSlateForStandardLatency,
    meta: stream.meta,
    generated_subtitles: stream.generatedSubtitles?.map((g) => ({ ...g })),
    created_at: String(seconds(stream.createdAtMs)),
  });
}

/** Webhook `data` for live-stream events (`WebhookLiveStream`: numeric created_at, `connected`). */
export function liveStreamWebhookData(stream: LiveStreamRecord): Record<string, unknown> {
  return { ...liveStreamJson(stream), created_at: seconds(stream.createdAtMs), connected: stream.connected };
}

export function simulcastTargetJson(stream: LiveStreamRecord, target: SimulcastTargetRecord): MuxSimulcastTarget {
  return dropUndefined<MuxSimulcastTarget>({
    id: target.id,
    url: target.url,
    stream_key: target.stream_key,
    passthrough: target.passthrough,
    // MUX relays to simulcast targets only while the encoder is connected.
    status: stream.connected ? "broadcasting" : "idle",
  });
}

/** `GET /video/v1/assets/{id}` body (inside `data`). */
export function assetJson(asset: AssetRecord, now: number): MuxAsset {
  return dropUndefined<MuxAsset>({
    id: asset.id,
    status: asset.status,
    playback_ids: asset.playbackIds.map((p) => ({ ...p })),
    duration: asset.duration,
    live_stream_id: asset.liveStreamId,
    source_asset_id: asset.clip?.sourceAssetId,
    errors: asset.errors ? { type: asset.errors.type, messages: [...asset.errors.messages] } : undefined,
    static_renditions: asset.staticRenditions.length > 0 ? { files: asset.staticRenditions.map(staticRenditionJson) } : undefined,
    is_live: asset.isLive,
    passthrough: asset.passthrough,
    meta: asset.meta ? { ...asset.meta } : undefined,
    ingest_type: asset.clip ? "on_demand_clip" : "live_rtmp",
    encoding_tier: "smart",
    video_quality: asset.videoQuality ?? "plus",
    master_access: asset.masterAccess ?? "none",
    mp4_support: asset.mp4Support ?? "none",
    max_resolution_tier: "1080p",
    resolution_tier: "1080p",
    max_stored_resolution: "HD",
    aspect_ratio: "16:9",
    progress: asset.isLive
      ? { state: "live", progress: -1 }
      : asset.status === "preparing"
        ? { state: "transcoding", progress: 0 }
        : asset.status === "errored"
          ? { state: "errored", progress: -1 }
          : { state: "completed", progress: 100 },
    recording_times: asset.recordings.map((r) => ({
      started_at: new Date(r.startedAtMs).toISOString(),
      duration: ((r.endedAtMs ?? now) - r.startedAtMs) / 1000,
      type: "content",
    })),
    tracks: asset.textTracks.length > 0 ? asset.textTracks.map(textTrackJson) : undefined,
    created_at: String(seconds(asset.createdAtMs)),
  });
}

/** One file of `static_renditions.files`, and the `data` of static-rendition webhooks (with `asset_id`). */
export function staticRenditionJson(rendition: StaticRenditionRecord): Mux.Video.StaticRendition {
  return { id: rendition.id, name: rendition.name, ext: "mp4", resolution: rendition.resolution, status: rendition.status, type: "standard" };
}

/** Webhook `data` for asset events (`WebhookAsset`: numeric created_at). */
export function assetWebhookData(asset: AssetRecord, now: number): Record<string, unknown> {
  return { ...assetJson(asset, now), created_at: seconds(asset.createdAtMs) };
}

/** MUX echoes `playback_policy` back as `playback_policies`. */
function normaliseAssetSettings(settings: NewAssetSettings): Mux.Video.AssetOptions {
  const { playback_policy, playback_policies, ...rest } = settings;
  const policies = playback_policies ?? playback_policy;
  return dropUndefined<Mux.Video.AssetOptions>({ ...rest, playback_policies: policies });
}

/** Absent, not `undefined`: in-process readers compare these objects with toStrictEqual too. */
function dropUndefined<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as Array<keyof T>) if (obj[key] === undefined) delete obj[key];
  return obj;
}
