/**
 * MUX Video live-stream state machine (live streams, live assets, simulcast targets, viewers).
 *
 * Faithful to (documented MUX behaviour):
 * - a stream is `idle` until an encoder publishes to its stream key; then `connected` →
 *   `recording` → `active`, with a new live asset (`is_live: true`, preparing → ready);
 * - when the encoder disconnects the stream stays `active` (webhook `disconnected`) for
 *   `reconnect_window` seconds; a reconnect inside the window continues the same asset; when the
 *   window expires the asset is finalised (`video.asset.live_stream_completed`, final `duration`,
 *   `is_live: false`) and the stream goes `idle`; a reconnect after that makes a new asset of the
 *   same stream; `recent_asset_ids` lists the stream's assets as they are created (the last 10);
 * - `complete` finalises at once; an encoder still connected is closed 60 s later (MUX's docs say
 *   it waits 60 s so encoders can hang up first); `disable` finalises and closes the encoder at
 *   once and refuses publishers until `enable`; `max_continuous_duration` closes the encoder;
 * - default reconnect_window: 60 s for standard latency, 0 for reduced/low.
 * - clip assets (`inputs: [{ url: "mux://assets/<id>", start_time, end_time }]`): created
 *   `preparing` (`video.asset.created`), then `ready` (`video.asset.ready`, `duration` = the range)
 *   or `errored` (`video.asset.errored`, `errors`) for a range under 0.5 s, before 0, past what the
 *   source has recorded, or an active source without `end_time`; they carry `source_asset_id`.
 * - static renditions (`highest`, on a clip's create or `POST /assets/<id>/static-renditions`):
 *   `preparing` (`video.asset.static_rendition.created`) until the asset is ready and no longer
 *   live, then `ready` (`video.asset.static_rendition.ready`); `errored` with an errored asset.
 * Chosen: a clip takes CLIP_READY_MS, a rendition RENDITION_READY_MS of sandbox time.
 * Cannot catch: media problems, ingest region routing, slates, DVR/playback, the exact order and
 * timing of MUX's webhooks under load, account rate limits (MUX allows ~1 POST/s), or a second
 * asset created when an encoder keeps publishing after `complete`.
 */
import type { Clock, TaskHandle } from "../clock";
import type { IngestEndpoint, IngestResult, KickHandler } from "../ingest";
import type { Ids } from "../ids";
import {
  assetWebhookData,
  liveStreamWebhookData,
  simulcastTargetJson,
  type MuxSimulcastTarget,
  type AssetRecord,
  connectedMs,
  type LiveStreamRecord,
  staticRenditionJson,
  type StaticRenditionRecord,
  type PlaybackId,
  type PlaybackPolicy,
} from "./model";
import { effectiveLatencyMode, type CreateAssetBody, type CreateLiveStreamBody } from "./schemas";
import { captionTracksFor, trackWebhookData, type TextTrackRecord } from "./captions";
import type { MuxWebhookSender } from "./webhooks";

export class MuxApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly messages: string[],
  ) {
    super(messages.join("; "));
  }
}

export const NOT_FOUND_MESSAGE = "The requested resource either doesn't exist or you don't have access to it.";

/** How long MUX keeps an encoder connected after `complete` (per MUX's API reference). */
const COMPLETE_DISCONNECT_DELAY_MS = 60_000;
/** How many asset ids MUX keeps in a live stream's `recent_asset_ids`. */
const RECENT_ASSETS = 10;
/** MUX's ingest host names; the sandbox only ever compares strings against them. */
const MUX_INGEST_HOST = /^(global-live|[a-z0-9-]+\.live)\.mux\.com$/;

/** How long a clip asset stays `preparing` (sandbox time; chosen). */
export const CLIP_READY_MS = 1_000;
/** How long a static rendition of a ready asset stays `preparing` (sandbox time; chosen). */
export const RENDITION_READY_MS = 1_000;
/** MUX's shortest clip asset, in seconds. */
const MIN_CLIP_SECONDS = 0.5;
const ASSET_URL_PREFIX = "mux://assets/";

type Publisher = { kick: KickHandler; timers: TaskHandle[] };

export type ViewerCounts = { viewers: number; views: number; updatedAtMs: number };
/** MUX's drift statuses (stats API `live-stream-health`, beta). */
export const ingestHealthStatuses = ["excellent", "good", "poor", "unknown"] as const;
export type IngestHealthStatus = (typeof ingestHealthStatuses)[number];
export type IngestHealth = {
  status: IngestHealthStatus;
  /** ms, MUX's `stream_drift_session_avg` */
  streamDriftSessionAvg: number;
  /** ms, MUX's `stream_drift_deviation_from_rolling_avg` */
  streamDriftDeviationFromRollingAvg: number;
  updatedAtMs: number;
};

export class MuxEmulator implements IngestEndpoint {
  private streams = new Map<string, LiveStreamRecord>();
  private assets = new Map<string, AssetRecord>();
  private publishers = new Map<string, Publisher>();
  private reconnectTimers = new Map<string, TaskHandle>();
  private viewers = new Map<string, ViewerCounts>();
  private ingestHealth = new Map<string, IngestHealth>();

  constructor(
    private readonly clock: Clock,
    private readonly webhooks: MuxWebhookSender,
    private readonly ids: Ids,
  ) {}

  reset(): void {
    for (const timer of this.reconnectTimers.values()) timer.cancel();
    for (const publisher of this.publishers.values()) for (const timer of publisher.timers) timer.cancel();
    this.streams.clear();
    this.assets.clear();
    this.publishers.clear();
    this.reconnectTimers.clear();
    this.viewers.clear();
    this.ingestHealth.clear();
  }

  // ---- API operations -------------------------------------------------------------------

  createLiveStream(body: CreateLiveStreamBody): LiveStreamRecord {
    const latencyMode = effectiveLatencyMode(body);
    const policies = uniquePolicies([
      ...(body.playback_policies ?? []),
      ...(body.playback_policy ?? []),
      ...(body.advanced_playback_policies ?? []).map((p) => p.policy ?? "public"),
    ]);
    const stream: LiveStreamRecord = {
      id: this.ids.muxId(),
      streamKey: this.ids.muxStreamKey(),
      status: "idle",
      connected: false,
      createdAtMs: this.clock.now(),
      playbackIds: policies.map((policy) => ({ id: this.ids.muxId(), policy })),
      newAssetSettings: body.new_asset_settings,
      passthrough: body.passthrough,
      latencyMode,
      reconnectWindow: body.reconnect_window ?? (latencyMode === "standard" ? 60 : 0),
      maxContinuousDuration: body.max_continuous_duration ?? 43200,
      recentAssetIds: [],
      simulcastTargets: (body.simulcast_targets ?? []).map((t) => ({ id: this.ids.muxId(), ...t })),
      test: body.test,
      audioOnly: body.audio_only,
      reconnectSlateUrl: body.reconnect_slate_url,
      useSlateForStandardLatency: body.use_slate_for_standard_latency,
      meta: body.meta,
      generatedSubtitles: body.generated_subtitles,
    };
    this.streams.set(stream.id, stream);
    this.emitStream("video.live_stream.created", stream);
    return stream;
  }

  getLiveStream(id: string): LiveStreamRecord {
    const stream = this.streams.get(id);
    if (!stream) throw new MuxApiError(404, "not_found", [NOT_FOUND_MESSAGE]);
    return stream;
  }

  listLiveStreams(filter: { status?: string; streamKey?: string }): LiveStreamRecord[] {
    // Newest first, like MUX's list endpoints.
    return [...this.streams.values()]
      .filter((s) => (filter.status ? s.status === filter.status : true))
      .filter((s) => (filter.streamKey ? s.streamKey === filter.streamKey : true))
      .sort((a, b) => b.createdAtMs - a.createdAtMs);
  }

  getAsset(id: string): AssetRecord {
    const asset = this.assets.get(id);
    if (!asset) throw new MuxApiError(404, "not_found", [NOT_FOUND_MESSAGE]);
    return asset;
  }

  listAssets(): AssetRecord[] {
    return [...this.assets.values()].sort((a, b) => b.createdAtMs - a.createdAtMs);
  }

  /** `POST /video/v1/assets`: a clip of an existing asset (the only kind of asset the sandbox creates). */
  createClipAsset(body: CreateAssetBody): AssetRecord {
    const [input] = body.inputs ?? body.input ?? [];
    if (!input) throw new MuxApiError(400, "invalid_parameters", ["inputs is required"]);
    const sourceAssetId = input.url.slice(ASSET_URL_PREFIX.length);
    if (!this.assets.has(sourceAssetId)) throw new MuxApiError(400, "invalid_parameters", [`inputs[0].url: no asset ${sourceAssetId}`]);
    const policies = uniquePolicies([...(body.playback_policies ?? []), ...(body.playback_policy ?? [])]);
    const asset: AssetRecord = {
      id: this.ids.muxId(),
      clip: { sourceAssetId, startTime: input.start_time, endTime: input.end_time },
      status: "preparing",
      isLive: false,
      createdAtMs: this.clock.now(),
      playbackIds: policies.map((policy): PlaybackId => ({ id: this.ids.muxId(), policy })),
      passthrough: body.passthrough,
      recordings: [],
      textTracks: [],
      staticRenditions: (body.static_renditions ?? []).map(() => this.newRendition()),
    };
    this.assets.set(asset.id, asset);
    this.emitAsset("video.asset.created", asset);
    for (const rendition of asset.staticRenditions) this.emitRendition("video.asset.static_rendition.created", rendition, asset);
    this.clock.schedule(CLIP_READY_MS, () => this.settleClip(asset));
    return asset;
  }

  /** `POST /video/v1/assets/{id}/static-renditions` (resolution `highest`). */
  createStaticRendition(assetId: string): StaticRenditionRecord {
    const asset = this.getAsset(assetId);
    if (asset.staticRenditions.length > 0) throw new MuxApiError(400, "invalid_parameters", ["A static rendition with resolution highest already exists for this asset"]);
    const rendition = this.newRendition();
    asset.staticRenditions.push(rendition);
    this.emitRendition("video.asset.static_rendition.created", rendition, asset);
    this.settleRenditions(asset);
    return rendition;
  }

  /** `DELETE /video/v1/assets/{id}`; a live stream's active asset can't be deleted while live (chosen). */
  deleteAsset(id: string): void {
    const asset = this.getAsset(id);
    if (asset.isLive) throw new MuxApiError(400, "invalid_parameters", ["An asset still recording a live stream can't be deleted"]);
    this.assets.delete(id);
    this.emitAsset("video.asset.deleted", asset);
  }

  complete(id: string): void {
    const stream = this.getLiveStream(id);
    if (!stream.activeAssetId) return; // nothing live: MUX answers 200 and does nothing
    this.finish(stream);
    const publisher = this.publishers.get(stream.id);
    if (publisher) {
      publisher.timers.push(
        this.clock.schedule(
          COMPLETE_DISCONNECT_DELAY_MS,
          () => this.kick(stream, "connection closed by MUX: live stream was completed"),
          "background",
        ),
      );
    }
  }

  disable(id: string): void {
    const stream = this.getLiveStream(id);
    if (stream.status === "disabled") return;
    this.kick(stream, "connection closed by MUX: live stream was disabled");
    if (stream.activeAssetId) this.finish(stream);
    stream.status = "disabled";
    this.emitStream("video.live_stream.disabled", stream);
  }

  enable(id: string): void {
    const stream = this.getLiveStream(id);
    if (stream.status !== "disabled") return;
    stream.status = "idle";
    this.emitStream("video.live_stream.enabled", stream);
  }

  deleteLiveStream(id: string): void {
    const stream = this.getLiveStream(id);
    this.kick(stream, "connection closed by MUX: live stream was deleted");
    if (stream.activeAssetId) this.finish(stream);
    this.streams.delete(id);
    this.emitStream("video.live_stream.deleted", stream);
  }

  createSimulcastTarget(id: string, target: { url: string; stream_key?: string; passthrough?: string }): MuxSimulcastTarget {
    const stream = this.getLiveStream(id);
    if (stream.status !== "idle") {
      throw new MuxApiError(400, "invalid_parameters", ["Simulcast targets can only be created when the live stream is idle"]);
    }
    const record = { id: this.ids.muxId(), ...target };
    stream.simulcastTargets.push(record);
    return simulcastTargetJson(stream, record);
  }

  getSimulcastTarget(id: string, targetId: string): MuxSimulcastTarget {
    const stream = this.getLiveStream(id);
    const target = stream.simulcastTargets.find((t) => t.id === targetId);
    if (!target) throw new MuxApiError(404, "not_found", [NOT_FOUND_MESSAGE]);
    return simulcastTargetJson(stream, target);
  }

  deleteSimulcastTarget(id: string, targetId: string): void {
    const stream = this.getLiveStream(id);
    const before = stream.simulcastTargets.length;
    stream.simulcastTargets = stream.simulcastTargets.filter((t) => t.id !== targetId);
    if (stream.simulcastTargets.length === before) throw new MuxApiError(404, "not_found", [NOT_FOUND_MESSAGE]);
  }

  // ---- viewers (stats API) --------------------------------------------------------------

  setViewers(id: string, counts: { viewers: number; views: number }): void {
    this.viewers.set(id, { ...counts, updatedAtMs: this.clock.now() });
  }

  /** Counts for a live stream id or playback id; counts set on either resolve for both. */
  viewersFor(id: string): ViewerCounts {
    const direct = this.viewers.get(id);
    if (direct) return direct;
    for (const stream of this.streams.values()) {
      const ids = [stream.id, ...stream.playbackIds.map((p) => p.id)];
      if (!ids.includes(id)) continue;
      for (const candidate of ids) {
        const counts = this.viewers.get(candidate);
        if (counts) return counts;
      }
    }
    return { viewers: 0, views: 0, updatedAtMs: this.clock.now() };
  }

  // ---- ingest health (stats API) -------------------------------------------------------

  setIngestHealth(id: string, health: Omit<IngestHealth, "updatedAtMs">): void {
    this.ingestHealth.set(this.getLiveStream(id).id, { ...health, updatedAtMs: this.clock.now() });
  }

  /**
   * What `live-stream-health` answers for a live stream: what `setIngestHealth` set; otherwise
   * `excellent` with no drift while an encoder is connected and `unknown` when none is (chosen).
   */
  ingestHealthFor(id: string): IngestHealth | undefined {
    const stream = this.streams.get(id);
    if (!stream) return undefined;
    const set = this.ingestHealth.get(id);
    if (set) return set;
    const status = stream.connected ? "excellent" : "unknown";
    return { status, streamDriftSessionAvg: 0, streamDriftDeviationFromRollingAvg: 0, updatedAtMs: this.clock.now() };
  }

  /** MUX sends `video.live_stream.warning` with `data.warning: {type, message}` (the SDK's `WebhookLiveStreamWarning`). */
  sendLiveStreamWarning(id: string, warning: { type: string; message: string }): void {
    const stream = this.getLiveStream(id);
    this.webhooks.send("video.live_stream.warning", { type: "live", id: stream.id }, { ...liveStreamWebhookData(stream), warning });
  }

  // ---- ingest (called by the LiveKit egress emulator) ------------------------------------

  tryConnect(url: string, onKick: KickHandler): IngestResult | undefined {
    const key = muxStreamKeyFromUrl(url);
    if (key === undefined) return undefined;
    const stream = [...this.streams.values()].find((s) => s.streamKey === key);
    // An RTMP server refuses unknown keys at publish time; the encoder sees a failed connect.
    if (!stream) return { accepted: false, error: "rtmp connect failed: invalid stream key" };
    if (stream.status === "disabled") return { accepted: false, error: "rtmp connect failed: live stream is disabled" };
    if (this.publishers.has(stream.id)) return { accepted: false, error: "rtmp connect failed: stream key already in use" };
    this.connect(stream, url.startsWith("srt") ? "srt" : "rtmp", onKick);
    return {
      accepted: true,
      connection: { close: () => this.disconnect(stream.id) },
    };
  }

  // ---- lifecycle --------------------------------------------------------------------------

  private connect(stream: LiveStreamRecord, protocol: "rtmp" | "srt", kick: KickHandler): void {
    this.reconnectTimers.get(stream.id)?.cancel();
    this.reconnectTimers.delete(stream.id);
    const publisher: Publisher = { kick, timers: [] };
    this.publishers.set(stream.id, publisher);
    stream.connected = true;
    stream.activeIngestProtocol = protocol;
    this.emitStream("video.live_stream.connected", stream);
    this.emitStream("video.live_stream.recording", stream);

    let asset = stream.activeAssetId ? this.assets.get(stream.activeAssetId) : undefined;
    if (asset) {
      // Reconnected inside the reconnect window: the same asset keeps recording.
      asset.recordings.push({ startedAtMs: this.clock.now() });
    } else {
      asset = this.newAsset(stream);
      stream.activeAssetId = asset.id;
      this.emitAsset("video.asset.created", asset);
      for (const track of asset.textTracks) this.emitTrack("video.asset.track.created", track, asset);
    }
    stream.status = "active";
    this.emitStream("video.live_stream.active", stream);

    const live = asset;
    if (live.status === "preparing") {
      publisher.timers.push(
        this.clock.schedule(0, () => {
          if (live.status !== "preparing") return;
          live.status = "ready";
          this.emitAsset("video.asset.ready", live);
          // The live captions are ready as soon as the stream is live (captions.ts).
          this.readyTracks(live, "generated_live");
        }),
      );
    }
    publisher.timers.push(
      this.clock.schedule(
        stream.maxContinuousDuration * 1000,
        () => this.kick(stream, "connection closed by MUX: max_continuous_duration reached"),
        "background",
      ),
    );
  }

  /** The encoder hung up (egress stopped, URL removed, egress failed). */
  private disconnect(streamId: string): void {
    const publisher = this.publishers.get(streamId);
    if (!publisher) return;
    for (const timer of publisher.timers) timer.cancel();
    this.publishers.delete(streamId);
    const stream = this.streams.get(streamId);
    if (!stream) return;
    stream.connected = false;
    const asset = stream.activeAssetId ? this.assets.get(stream.activeAssetId) : undefined;
    const last = asset?.recordings.at(-1);
    if (last && last.endedAtMs === undefined) last.endedAtMs = this.clock.now();
    this.emitStream("video.live_stream.disconnected", stream);
    if (!stream.activeAssetId) return; // already completed (e.g. `complete` before hang-up)
    if (stream.reconnectWindow <= 0) {
      this.finish(stream);
      return;
    }
    this.reconnectTimers.set(
      stream.id,
      this.clock.schedule(
        stream.reconnectWindow * 1000,
        () => {
          this.reconnectTimers.delete(stream.id);
          if (!stream.connected && stream.activeAssetId) this.finish(stream);
        },
        "background",
      ),
    );
  }

  /** MUX closes the encoder connection itself; the egress sees its output fail. */
  private kick(stream: LiveStreamRecord, reason: string): void {
    const publisher = this.publishers.get(stream.id);
    if (!publisher) return;
    const { kick } = publisher;
    this.disconnect(stream.id);
    kick(reason);
  }

  /** End the live asset: final duration, no longer live. */
  private finish(stream: LiveStreamRecord): void {
    this.reconnectTimers.get(stream.id)?.cancel();
    this.reconnectTimers.delete(stream.id);
    const asset = stream.activeAssetId ? this.assets.get(stream.activeAssetId) : undefined;
    stream.activeAssetId = undefined;
    if (asset) {
      const now = this.clock.now();
      for (const r of asset.recordings) if (r.endedAtMs === undefined) r.endedAtMs = now;
      asset.isLive = false;
      asset.status = "ready";
      asset.duration = asset.recordings.reduce((sum, r) => sum + ((r.endedAtMs ?? now) - r.startedAtMs), 0) / 1000;
      this.emitAsset("video.asset.live_stream_completed", asset);
      // A live asset's MP4 is made once the recording is final.
      this.settleRenditions(asset);
      // The final captions only once the stream has ended (captions.ts); a live track still
      // preparing (ended before the asset was ready) is ready now too.
      this.readyTracks(asset, "generated_live");
      this.readyTracks(asset, "generated_live_final");
    }
    if (stream.status === "active") {
      stream.status = "idle";
      this.emitStream("video.live_stream.idle", stream);
    }
  }

  private newAsset(stream: LiveStreamRecord): AssetRecord {
    const settings = stream.newAssetSettings;
    const policies = uniquePolicies([...(settings?.playback_policies ?? []), ...(settings?.playback_policy ?? [])]);
    const asset: AssetRecord = {
      id: this.ids.muxId(),
      liveStreamId: stream.id,
      status: "preparing",
      isLive: true,
      createdAtMs: this.clock.now(),
      playbackIds: policies.map((policy): PlaybackId => ({ id: this.ids.muxId(), policy })),
      passthrough: settings?.passthrough,
      meta: settings?.meta,
      mp4Support: settings?.mp4_support,
      masterAccess: settings?.master_access,
      videoQuality: settings?.video_quality,
      recordings: [{ startedAtMs: this.clock.now() }],
      staticRenditions: [],
      textTracks: captionTracksFor(stream.generatedSubtitles, () => this.ids.muxId()),
    };
    this.assets.set(asset.id, asset);
    // MUX: "the most recent Asset IDs that were created from this Live Stream", newest last.
    stream.recentAssetIds = [...stream.recentAssetIds, asset.id].slice(-RECENT_ASSETS);
    return asset;
  }

  /** A clip's range checked against its source as it is now: ready, or errored with MUX's kind of reason. */
  private settleClip(asset: AssetRecord): void {
    if (asset.status !== "preparing" || !asset.clip || !this.assets.has(asset.id)) return;
    const range = clipRange(asset.clip, this.assets.get(asset.clip.sourceAssetId), this.clock.now());
    if (!range.ok) {
      asset.status = "errored";
      asset.errors = { type: "invalid_input", messages: [range.problem] };
      this.emitAsset("video.asset.errored", asset);
      this.settleRenditions(asset);
      return;
    }
    asset.duration = range.end - range.start;
    asset.status = "ready";
    this.emitAsset("video.asset.ready", asset);
    this.settleRenditions(asset);
  }

  /** Renditions still preparing: ready RENDITION_READY_MS after the asset is ready and final, errored with it. */
  private settleRenditions(asset: AssetRecord): void {
    for (const rendition of asset.staticRenditions) {
      if (rendition.status !== "preparing") continue;
      if (asset.status === "errored") {
        rendition.status = "errored";
        this.emitRendition("video.asset.static_rendition.errored", rendition, asset);
      } else if (asset.status === "ready" && !asset.isLive) {
        this.clock.schedule(RENDITION_READY_MS, () => {
          if (rendition.status !== "preparing" || !this.assets.has(asset.id)) return;
          rendition.status = "ready";
          this.emitRendition("video.asset.static_rendition.ready", rendition, asset);
        });
      }
    }
  }

  private newRendition(): StaticRenditionRecord {
    return { id: this.ids.muxId(), resolution: "highest", name: "highest.mp4", status: "preparing" };
  }

  private emitRendition(type: string, rendition: StaticRenditionRecord, asset: AssetRecord): void {
    this.webhooks.send(type, { type: "static_rendition", id: rendition.id }, { ...staticRenditionJson(rendition), asset_id: asset.id });
  }

  private readyTracks(asset: AssetRecord, source: TextTrackRecord["textSource"]): void {
    for (const track of asset.textTracks) {
      if (track.textSource !== source || track.status === "ready") continue;
      track.status = "ready";
      this.emitTrack("video.asset.track.ready", track, asset);
    }
  }

  private emitTrack(type: string, track: TextTrackRecord, asset: AssetRecord): void {
    // object names what data describes, as for the other events (object.id = data.id); chosen.
    this.webhooks.send(type, { type: "track", id: track.id }, trackWebhookData(track, asset.id));
  }

  private emitStream(type: string, stream: LiveStreamRecord): void {
    this.webhooks.send(type, { type: "live", id: stream.id }, liveStreamWebhookData(stream));
  }

  private emitAsset(type: string, asset: AssetRecord): void {
    this.webhooks.send(type, { type: "asset", id: asset.id }, assetWebhookData(asset, this.clock.now()));
  }
}

/** A clip's range in seconds of its source, or why MUX would error it. */
function clipRange(
  clip: NonNullable<AssetRecord["clip"]>,
  source: AssetRecord | undefined,
  now: number,
): { ok: true; start: number; end: number } | { ok: false; problem: string } {
  if (!source) return { ok: false, problem: "The source asset no longer exists" };
  const recorded = source.isLive ? connectedMs(source, now) / 1000 : (source.duration ?? 0);
  if (source.isLive && clip.endTime === undefined) return { ok: false, problem: "end_time is required to clip an asset that is still live" };
  const start = clip.startTime ?? 0;
  const end = clip.endTime ?? recorded;
  if (start < 0) return { ok: false, problem: "start_time must not be negative" };
  if (end > recorded) return { ok: false, problem: `end_time ${end} is past the end of the source asset (${recorded} s)` };
  if (end - start < MIN_CLIP_SECONDS) return { ok: false, problem: `A clip must be at least ${MIN_CLIP_SECONDS} seconds long` };
  return { ok: true, start, end };
}

function uniquePolicies(policies: PlaybackPolicy[]): PlaybackPolicy[] {
  return [...new Set(policies)];
}

/**
 * The stream key of a MUX RTMP(S) ingest URL: `rtmp://global-live.mux.com:5222/app/{key}` or
 * `rtmps://global-live.mux.com:443/app/{key}` (also the default ports and regional hosts).
 */
export function muxStreamKeyFromUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (!MUX_INGEST_HOST.test(url.hostname)) return undefined;
  const okPort =
    (url.protocol === "rtmp:" && (url.port === "" || url.port === "5222" || url.port === "1935")) ||
    (url.protocol === "rtmps:" && (url.port === "" || url.port === "443"));
  if (!okPort) return undefined;
  const match = /^\/app\/([^/\s]+)$/.exec(url.pathname);
  return match?.[1];
}
