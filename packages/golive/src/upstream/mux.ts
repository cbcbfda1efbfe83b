import "server-only";
// Every call golive makes to MUX, through one SDK client per configuration, and what "already
// gone" means (docs/architecture.md, "Upstream facts"; tests/unit/source-rules.test.ts).
import { createHash } from "node:crypto";
import Mux from "@mux/mux-node";
import { z } from "zod";
import { muxConfig, reconnectWindowSeconds } from "../config";
import { type CaptionLanguage, LivestreamError } from "../contract";
import { configured, logUpstream } from "./failures";
import { perConfig } from "./per-config";

/** MUX's API: 15 s per attempt. */
const TIMEOUT_MS = 15_000;
/** Viewer counts are a nicety on a status poll: never wait long for them. */
const STATS_TIMEOUT_MS = 2_000;

/**
 * The SDK retries timeouts, 429 and 5xx twice on its own. Creates are sent with `maxRetries: 0`:
 * a retry the SDK made by itself would skip the shared POST queue, so mux-pace.ts retries them
 * through it (docs/architecture.md, "MUX at fleet scale").
 */
const MAX_RETRIES = 2;

const clientFor = perConfig((config: { tokenId: string; tokenSecret: string; baseURL: string | undefined }) => new Mux({ ...config, timeout: TIMEOUT_MS, maxRetries: MAX_RETRIES }));

function client(): Mux {
  const { tokenId, tokenSecret, baseURL } = configured(muxConfig);
  return clientFor({ tokenId, tokenSecret, baseURL });
}

/**
 * The MUX environment golive's token belongs to, as a key for per-environment state (MUX's
 * rate limits, the stream pool): a hash of the token id, so the id itself is stored nowhere.
 */
export function muxEnvironment(): string {
  const { tokenId } = configured(muxConfig);
  return createHash("sha256").update(tokenId).digest("hex").slice(0, 32);
}

/**
 * For MUX's 429: how long it asks us to wait, in ms — `retry-after-ms`, else `retry-after`
 * (seconds or an HTTP date), else undefined (MUX often sends neither). Not a 429: null.
 */
export function rateLimitedFor(error: unknown): number | undefined | null {
  if (!(error instanceof Mux.APIError) || error.status !== 429) return null;
  const ms = Number(error.headers?.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const after = error.headers?.get("retry-after");
  if (after) {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  return undefined;
}

/** A failed create the SDK would have retried (no answer, 408, 409, 5xx; 429 is `rateLimitedFor`'s). */
export function isRetryableCreateFailure(error: unknown): boolean {
  if (error instanceof Mux.APIConnectionError) return true; // includes timeouts
  if (!(error instanceof Mux.APIError)) return false;
  const status = error.status ?? 0;
  return status === 408 || status === 409 || status >= 500;
}

/** True for MUX's 404: the stream is already gone. */
export function isMuxNotFound(error: unknown): boolean {
  return error instanceof Mux.APIError && error.status === 404;
}

/** Runs `call`; MUX's 404 resolves false ("already gone"), success true, anything else throws. */
async function unlessGone(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (isMuxNotFound(error)) return false;
    throw error;
  }
}

const createdSchema = z.object({
  id: z.string().min(1),
  stream_key: z.string().min(1),
  playback_ids: z.tuple([z.object({ id: z.string().min(1) })], z.object({ id: z.string() })),
});
/** A live stream as golive keeps it: what a broadcast's row (or a pool slot) links. */
export type MuxLiveStream = { id: string; streamKey: string; playbackId: string };

/**
 * Creates a live stream with public (or, for a private broadcast, signed) playback on it and
 * on its recording, a reconnect window (LIVESTREAM_RECONNECT_WINDOW_SECONDS) with slate, MUX's
 * generated captions when asked, tagged with `passthrough` (the row
 * id, or `pool:<slot>` for the stream pool). One attempt: callers go through mux-pace.ts,
 * which paces and retries POSTs. An answer without a stream key or playback id is refused
 * (upstream_error) after the stream it names is deleted.
 */
export async function createLiveStream(options: {
  latencyMode: "standard" | "low";
  maxDuration: number;
  passthrough: string;
  playbackPolicy?: "public" | "signed";
  captions?: { languageCode: CaptionLanguage; name: string };
  /** The broadcast's title: MUX's `meta.title` of the stream and of every asset it records. */
  title?: string;
}): Promise<MuxLiveStream> {
  const policy = options.playbackPolicy ?? "public";
  // In `meta`, never `passthrough`: that is the row id reconcile finds duplicates by (docs/architecture.md, "Broadcast details").
  const meta = options.title === undefined ? undefined : { title: options.title };
  const created = await client().video.liveStreams.create({
    // MUX also accepts the newer `playback_policies`; both mean "playback ids of this policy
    // on the stream and on the archived asset".
    playback_policy: [policy],
    new_asset_settings: { playback_policy: [policy], ...(meta ? { meta } : {}) },
    ...(meta ? { meta } : {}),
    latency_mode: options.latencyMode,
    max_continuous_duration: options.maxDuration,
    // Every latency mode gets the same window (MUX's default is 0 for low latency, so any blip
    // would split the recording), with MUX's slate while it waits: reduced/low insert it by
    // default, standard only when asked (docs/architecture.md, "Recordings across reconnects").
    reconnect_window: reconnectWindowSeconds(),
    ...(options.latencyMode === "standard" ? { use_slate_for_standard_latency: true } : {}),
    passthrough: options.passthrough,
    ...(options.captions ? { generated_subtitles: [{ name: options.captions.name, language_code: options.captions.languageCode }] } : {}),
  }, { maxRetries: 0 });
  const parsed = createdSchema.safeParse(created);
  if (parsed.success) return { id: parsed.data.id, streamKey: parsed.data.stream_key, playbackId: parsed.data.playback_ids[0].id };
  if (typeof created.id === "string") {
    // Left for reconciliation if this fails too: it finds the stream by `passthrough`.
    await deleteLiveStream(created.id).catch((error: unknown) => logUpstream("MUX", `could not delete live stream ${created.id} during cleanup`, error));
  }
  throw new LivestreamError("upstream_error", "Could not create the MUX live stream: MUX answered without a stream key or playback id.");
}

/**
 * Ends a live stream now rather than after its reconnect window, which finalises its
 * recording. Resolves true when completed, false when MUX no longer has it (404); throws
 * any other failure.
 */
export function completeLiveStream(liveStreamId: string): Promise<boolean> {
  return unlessGone(() => client().video.liveStreams.complete(liveStreamId));
}

/** Deletes a live stream. Resolves true when deleted, false when it was already gone (404); throws any other failure. */
export function deleteLiveStream(liveStreamId: string): Promise<boolean> {
  return unlessGone(() => client().video.liveStreams.delete(liveStreamId));
}

/** MUX's status of a live stream (`idle`, `active`, `disabled`, …); throws any failure, a 404 included. */
export async function liveStreamStatus(liveStreamId: string): Promise<string> {
  return z.object({ status: z.string() }).parse(await client().video.liveStreams.retrieve(liveStreamId)).status;
}

/** Every live stream of the account, newest first, one page of 100 at a time. */
export async function* listLiveStreams(): AsyncGenerator<{ id: string; passthrough: string | undefined }> {
  for await (const stream of client().video.liveStreams.list({ limit: 100 })) {
    yield { id: stream.id, passthrough: stream.passthrough };
  }
}

const countsSchema = z.object({ data: z.array(z.object({ viewers: z.number().int().min(0) })).min(1) });

/** The current viewer count from MUX's stats API (a signed token per request); throws any failure. */
export async function readViewerCount(
  liveStreamId: string,
  config: { keyId: string; privateKey: string; statsUrl: string },
): Promise<number> {
  const token = await client().jwt.signViewerCounts(liveStreamId, { type: "live_stream", keyId: config.keyId, keySecret: config.privateKey });
  const response = await fetch(`${config.statsUrl}/counts?token=${encodeURIComponent(token)}`, { signal: AbortSignal.timeout(STATS_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`stats answered ${response.status}`);
  return countsSchema.parse(await response.json()).data[0]?.viewers ?? 0;
}

/** MUX's drift statuses; a status this code doesn't know reads `unknown`. */
const ingestHealthSchema = z.object({
  data: z
    .array(
      z.object({
        ingest_health: z.object({
          status: z.enum(["excellent", "good", "poor", "unknown"]).catch("unknown"),
          updated_at: z.string().nullish(),
          stream_drift_session_avg: z.number().nullish(),
          stream_drift_deviation_from_rolling_avg: z.number().nullish(),
        }),
      }),
    )
    .min(1),
});
export type IngestHealthReading = {
  status: "excellent" | "good" | "poor" | "unknown";
  updatedAt: string | null;
  driftSessionAvgMs: number | null;
  driftDeviationMs: number | null;
};

/** MUX's ingest health of a live stream from its stats API (the viewer counts' token scheme); throws any failure. */
export async function readIngestHealth(
  liveStreamId: string,
  config: { keyId: string; privateKey: string; statsUrl: string },
): Promise<IngestHealthReading> {
  const token = await client().jwt.signViewerCounts(liveStreamId, { type: "live_stream", keyId: config.keyId, keySecret: config.privateKey });
  const response = await fetch(`${config.statsUrl}/live-stream-health?token=${encodeURIComponent(token)}`, { signal: AbortSignal.timeout(STATS_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`stats answered ${response.status}`);
  const [first] = ingestHealthSchema.parse(await response.json()).data;
  const health = first?.ingest_health;
  const updatedAt = health?.updated_at && Number.isFinite(Date.parse(health.updated_at)) ? new Date(health.updated_at).toISOString() : null;
  return {
    status: health?.status ?? "unknown",
    updatedAt,
    driftSessionAvgMs: health?.stream_drift_session_avg ?? null,
    driftDeviationMs: health?.stream_drift_deviation_from_rolling_avg ?? null,
  };
}

export type PlaybackTokens = { playback: string; thumbnail: string; storyboard: string };

/**
 * Short-lived tokens for one signed playback id (MUX's `signPlaybackId`: RS256 with the signing
 * key, `sub` = the id, `aud` v / t / s), as `<MuxPlayer tokens>` takes them. Local: no request.
 */
export async function signPlaybackTokens(
  playbackId: string,
  key: { keyId: string; privateKey: string },
  expiration: string,
  /** Claims every token carries besides MUX's own (an instant clip's range: docs/architecture.md, "Clips"). */
  params?: Record<string, string>,
): Promise<PlaybackTokens> {
  const tokens = await client().jwt.signPlaybackId(playbackId, {
    keyId: key.keyId,
    keySecret: key.privateKey,
    expiration,
    ...(params ? { params } : {}),
    type: ["video", "thumbnail", "storyboard"],
  });
  const playback = tokens["playback-token"];
  const thumbnail = tokens["thumbnail-token"];
  const storyboard = tokens["storyboard-token"];
  if (!playback || !thumbnail || !storyboard) throw new Error("MUX's SDK signed fewer playback tokens than asked for.");
  return { playback, thumbnail, storyboard };
}

const liveStreamAssetsSchema = z.object({ recent_asset_ids: z.array(z.string()).nullish() });

/** The ids of a live stream's latest assets (MUX keeps the last 10), oldest first; throws any failure, a 404 included. */
export async function recentAssetIds(liveStreamId: string): Promise<string[]> {
  return liveStreamAssetsSchema.parse(await client().video.liveStreams.retrieve(liveStreamId)).recent_asset_ids ?? [];
}

const assetSchema = z.object({
  id: z.string(),
  status: z.string(),
  live_stream_id: z.string().nullish(),
  is_live: z.boolean().nullish(),
  duration: z.number().nonnegative().nullish(),
  created_at: z.string().nullish(),
  playback_ids: z.array(z.object({ id: z.string() })).nullish(),
});
export type MuxAssetSummary = z.output<typeof assetSchema>;

/** One asset as MUX reports it (the fields a recorded part needs); throws any failure, a 404 included. */
export async function retrieveAsset(assetId: string): Promise<MuxAssetSummary> {
  return assetSchema.parse(await client().video.assets.retrieve(assetId));
}

const clipAssetSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  playback_ids: z.array(z.object({ id: z.string().min(1) })).nullish(),
});
/** A clip asset as MUX answers its create: its id, status and (usually already) its playback id. */
export type MuxClipAsset = { id: string; status: string; playbackId: string | null };

/**
 * Creates a clip asset of `sourceAssetId` (`inputs: [{ url: "mux://assets/<id>", start_time,
 * end_time }]`; an active live asset takes an explicit `end_time`), with playback of the source's
 * policy and, when asked, the `highest` MP4 (docs/architecture.md, "Clips"). One attempt: callers
 * go through mux-pace.ts (`postPaced`).
 */
export async function createClipAsset(options: {
  sourceAssetId: string;
  startSeconds: number;
  endSeconds: number;
  playbackPolicy: "public" | "signed";
  passthrough: string;
  mp4: boolean;
}): Promise<MuxClipAsset> {
  const created = await client().video.assets.create(
    {
      inputs: [{ url: `mux://assets/${options.sourceAssetId}`, start_time: options.startSeconds, end_time: options.endSeconds }],
      playback_policy: [options.playbackPolicy],
      passthrough: options.passthrough,
      ...(options.mp4 ? { static_renditions: [{ resolution: "highest" as const }] } : {}),
    },
    { maxRetries: 0 },
  );
  const parsed = clipAssetSchema.parse(created);
  return { id: parsed.id, status: parsed.status, playbackId: parsed.playback_ids?.[0]?.id ?? null };
}

const staticRenditionSchema = z.object({ id: z.string().nullish(), name: z.string().min(1), status: z.string() });
export type MuxStaticRendition = { name: string; status: string };

/** Asks MUX for the `highest` MP4 of an asset (`POST /assets/<id>/static-renditions`); one attempt, for `postPaced`. */
export async function createStaticRendition(assetId: string): Promise<MuxStaticRendition> {
  const created = staticRenditionSchema.parse(await client().video.assets.createStaticRendition(assetId, { resolution: "highest" }, { maxRetries: 0 }));
  return { name: created.name, status: created.status };
}

/** Deletes an asset (a clip's). Resolves true when deleted, false when it was already gone (404); throws any other failure. */
export function deleteAsset(assetId: string): Promise<boolean> {
  return unlessGone(() => client().video.assets.delete(assetId));
}
