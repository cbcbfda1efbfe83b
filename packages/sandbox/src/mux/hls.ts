/**
 * MUX playback on loopback (stream.mux.com and image.mux.com stand-ins, same origin as the API):
 *   GET /stream/{playbackId}.m3u8             multivariant playlist (one rendition)
 *   GET /stream/{playbackId}/rendition.m3u8   its media playlist: live, event or VOD
 *   GET /stream/{playbackId}/{n}.ts           segment n (the committed loop, hls-media.ts)
 *   GET /stream/{playbackId}/subtitles.m3u8   generated captions' media playlist (captions.ts)
 *   GET /stream/{playbackId}/{n}.vtt          their WebVTT segment n
 *   GET /image/{playbackId}/thumbnail.jpg     the committed thumbnail
 *   GET /stream/{playbackId}/highest.mp4      an asset's static rendition, once ready (media/highest.mp4)
 *
 * Faithful to:
 * - which ids play: a live stream's playback id while the stream is `active` (including its
 *   reconnect window, when no new segments appear, as no encoder sends any); a live asset's
 *   (DVR, EVENT playlist) and a finished asset's (VOD covering its `duration`). A live stream
 *   that is idle or disabled, or an asset still preparing → 412, unknown id → 404: a MUX
 *   maintainer lists those 412 cases (github.com/muxinc/elements/issues/531) and mux-player
 *   explains a 412 as "a live stream that is not currently active or an asset that is not ready".
 * - signed playback: a `signed` (or `drm`) id needs `?token=` — RS256 with the signing key,
 *   `sub` = the playback id, `aud` = "v" (video) or "t" (thumbnail), `exp` set and not past
 *   (what `mux.jwt.signPlaybackId` signs, @mux/mux-node lib/jwt.js TypeClaim) — else 403;
 *   public ids need none. The token rides along onto every URI a playlist names.
 * - the live window slides with connected time (sandbox clock) from when the stream went active.
 * - instant clips: the playlists of a URL with `program_start_time`/`program_end_time` or
 *   `asset_start_time`/`asset_end_time` (query, or the signed token's claims) play that range
 *   (instant-clips.ts); the multivariant playlist carries them onto the rendition's URI.
 * - static renditions: `/{playbackId}/highest.mp4` of an asset whose `highest` rendition is ready
 *   (else 404), signed like the video (aud v); `download=<name>` (query, or a claim when signed)
 *   answers it as an attachment named `<name>.mp4`, as MUX's download parameter does.
 * - generated live captions: with a ready text track (captions.ts: the final one once ready, else
 *   the live one) the multivariant playlist adds a SUBTITLES rendition whose playlist follows the
 *   video's window segment for segment; without one, no SUBTITLES line and the caption routes 404.
 * Cannot catch: the real stream's media (there is none), renditions, DRM encryption, playback
 * restrictions (referrer/user agent), byte ranges of the MP4, renditions other than `highest`, thumbnail `time`/`width`/`fit_mode` (ignored),
 * storyboards and GIFs (404), MUX's error bodies (ours are plain text), CDN caching.
 * CORS: `Access-Control-Allow-Origin: *` on these routes only — the player runs on the app's
 * origin. They read public-by-design media and change nothing, so they skip the control API's
 * Origin/Host screen (control-http.ts), which stays as it is for /_sandbox.
 * Not recorded in `requests()` and not subject to faults: a playing player polls every 2 s.
 */
import type { Clock } from "../clock";
import type { Reply } from "../http-util";
import type { SigningKeyVerifier } from "../signing-key";
import type { MuxEmulator } from "./emulator";
import type { JWTPayload } from "jose";
import { mp4Bytes, SEGMENT_SECONDS, segmentBytes, thumbnailBytes } from "./hls-media";
import { type AssetRecord, connectedMs, type PlaybackPolicy } from "./model";
import { clipParamsOf, clipQueryPairs, clipWindow, isClip } from "./instant-clips";
import { playingTrack, vttSegment } from "./captions";
import { mediaPlaylist, multivariantPlaylist, type MediaWindow } from "./playlists";

/** Segments in a live playlist: 5 × 2 s = a 10 s window. */
export const LIVE_WINDOW_SEGMENTS = 5;

const CORS = { "Access-Control-Allow-Origin": "*" };
/** What a cross-origin player may send: CMCD as headers (hls.js's option), byte ranges. */
const PREFLIGHT = {
  ...CORS,
  "Access-Control-Allow-Methods": "GET, OPTIONS",
  "Access-Control-Allow-Headers": "CMCD-Request, CMCD-Object, CMCD-Status, CMCD-Session, Range",
  "Access-Control-Max-Age": "600",
};

export const isPlaybackPath = (path: string) => path.startsWith("/stream/") || path.startsWith("/image/");

type Route =
  | { kind: "multivariant"; playbackId: string }
  | { kind: "rendition"; playbackId: string }
  | { kind: "segment"; playbackId: string; n: number }
  | { kind: "subtitles"; playbackId: string }
  | { kind: "vtt"; playbackId: string; n: number }
  | { kind: "thumbnail"; playbackId: string }
  | { kind: "mp4"; playbackId: string; name: string };

function route(path: string): Route | undefined {
  const parts = path.split("/").slice(1).map(safeDecode);
  const [root, a, b, ...rest] = parts;
  if (rest.length > 0 || a === undefined || a === "") return undefined;
  if (root === "stream" && b === undefined && a.endsWith(".m3u8")) return { kind: "multivariant", playbackId: a.slice(0, -5) };
  if (root === "stream" && b === "rendition.m3u8") return { kind: "rendition", playbackId: a };
  const segment = root === "stream" && b !== undefined ? /^(0|[1-9]\d{0,8})\.ts$/.exec(b) : null;
  if (segment) return { kind: "segment", playbackId: a, n: Number(segment[1]) };
  if (root === "stream" && b === "subtitles.m3u8") return { kind: "subtitles", playbackId: a };
  const vtt = root === "stream" && b !== undefined ? /^(0|[1-9]\d{0,8})\.vtt$/.exec(b) : null;
  if (vtt) return { kind: "vtt", playbackId: a, n: Number(vtt[1]) };
  if (root === "image" && b === "thumbnail.jpg") return { kind: "thumbnail", playbackId: a };
  if (root === "stream" && b === "highest.mp4") return { kind: "mp4", playbackId: a, name: b };
  return undefined;
}

/** What a playback id plays, per the emulator's model. */
type Source = { policy: PlaybackPolicy } & ({ kind: "live stream"; asset: AssetRecord | undefined } | { kind: "asset"; asset: AssetRecord });

export class MuxPlayback {
  constructor(
    private readonly mux: MuxEmulator,
    private readonly clock: Clock,
    private readonly verifier: SigningKeyVerifier,
  ) {}

  async handle(req: { method: string; path: string; query: Record<string, string> }): Promise<Reply> {
    if (req.method === "OPTIONS") return { status: 204, headers: PREFLIGHT };
    if (req.method !== "GET") return text(405, "use GET", { Allow: "GET, OPTIONS" });
    const target = route(req.path);
    if (!target) return text(404, `no sandbox playback route for ${req.path}`);
    const source = this.source(target.playbackId);
    if (!source) return text(404, `unknown playback id ${target.playbackId}`);

    const token = req.query.token;
    // A public id's parameters are the query's; a signed id's are its token's claims only.
    let claims: Record<string, string> | JWTPayload = req.query;
    if (source.policy !== "public") {
      const audience = target.kind === "thumbnail" ? "t" : "v";
      const checked = await this.checkToken(token, target.playbackId, audience);
      if (typeof checked === "string") return text(403, checked);
      claims = checked;
    }
    if (target.kind === "mp4") return this.mp4(source, target, claims);

    const clip = clipParamsOf(claims);
    if (typeof clip === "string") return text(400, clip);
    let window = this.window(source);
    if (!window) {
      const what = source.kind === "live stream" ? "live stream is not active" : "asset is not ready";
      return text(412, `playback id ${target.playbackId}: ${what}`);
    }
    if (isClip(clip) && source.asset && target.kind !== "segment" && target.kind !== "vtt" && target.kind !== "thumbnail") {
      const clipped = clipWindow(this.dvr(source.asset, window), source.asset, clip, this.clock.now());
      if (typeof clipped === "string") return text(400, `playback id ${target.playbackId}: ${clipped}`);
      window = clipped;
    }
    // An asset is always there when something plays (window() needs one).
    const captions = source.asset ? playingTrack(source.asset.textTracks) : undefined;
    switch (target.kind) {
      case "multivariant": {
        const subtitles = captions ? { name: captions.name, language: captions.languageCode } : undefined;
        const carried = source.policy === "public" ? clipQueryPairs(clip) : [];
        return playlist(multivariantPlaylist(target.playbackId, token, subtitles, carried), window.type);
      }
      case "rendition":
        return playlist(mediaPlaylist(window, token), window.type);
      case "segment":
        if (!hasSegment(window, target.n)) return text(404, `segment ${target.n} does not exist (yet)`);
        return { status: 200, raw: segmentBytes(target.n), headers: { ...CORS, "Content-Type": "video/mp2t" } };
      case "subtitles":
        if (!captions) return text(404, `playback id ${target.playbackId} has no generated subtitles`);
        return playlist(mediaPlaylist(window, token, "vtt"), window.type);
      case "vtt":
        if (!captions) return text(404, `playback id ${target.playbackId} has no generated subtitles`);
        if (!hasSegment(window, target.n)) return text(404, `subtitle segment ${target.n} does not exist (yet)`);
        return { status: 200, raw: vttSegment(target.n, captions), headers: { ...CORS, "Content-Type": "text/vtt; charset=utf-8" } };
      case "thumbnail":
        return { status: 200, raw: thumbnailBytes(), headers: { ...CORS, "Content-Type": "image/jpeg" } };
    }
  }

  /** An asset's static rendition: the committed MP4, as an attachment when `download` names one. */
  private mp4(source: Source, target: { playbackId: string; name: string }, claims: Record<string, string> | JWTPayload): Reply {
    const ready = source.kind === "asset" && source.asset.staticRenditions.some((r) => r.name === target.name && r.status === "ready");
    if (!ready) return text(404, `playback id ${target.playbackId} has no ready static rendition ${target.name}`);
    const download = claims.download;
    const headers: Record<string, string> = { ...CORS, "Content-Type": "video/mp4" };
    if (typeof download === "string" && download !== "") {
      headers["Content-Disposition"] = `attachment; filename="${download.replace(/[^\w.-]+/g, "_")}.mp4"`;
    }
    return { status: 200, raw: mp4Bytes(), headers };
  }

  /** What an instant clip cuts from: a live stream's whole live asset (its DVR), not just the live window. */
  private dvr(asset: AssetRecord, window: MediaWindow): MediaWindow {
    return window.type === "live" ? { type: "event", last: window.last } : window;
  }

  private source(playbackId: string): Source | undefined {
    for (const stream of this.mux.listLiveStreams({})) {
      const id = stream.playbackIds.find((p) => p.id === playbackId);
      if (!id) continue;
      const asset = stream.activeAssetId ? this.mux.listAssets().find((a) => a.id === stream.activeAssetId) : undefined;
      return { kind: "live stream", policy: id.policy, asset };
    }
    for (const asset of this.mux.listAssets()) {
      const id = asset.playbackIds.find((p) => p.id === playbackId);
      if (id) return { kind: "asset", policy: id.policy, asset };
    }
    return undefined;
  }

  /** The segments that exist now, or undefined when nothing plays (412). */
  private window(source: Source): MediaWindow | undefined {
    const { asset } = source;
    if (!asset || asset.status !== "ready") return undefined;
    // Segment n exists from n × 2 s of connected time on (the one in progress is listed too);
    // time in the reconnect window adds nothing, as no encoder sends anything then.
    const last = Math.floor(connectedMs(asset, this.clock.now()) / (SEGMENT_SECONDS * 1000));
    if (source.kind === "live stream") return { type: "live", first: Math.max(0, last - LIVE_WINDOW_SEGMENTS + 1), last };
    if (asset.isLive) return { type: "event", last };
    return { type: "vod", count: Math.max(1, Math.ceil((asset.duration ?? 0) / SEGMENT_SECONDS)) };
  }

  /** The token's claims, or why it is refused. */
  private async checkToken(token: string | undefined, playbackId: string, audience: "v" | "t"): Promise<JWTPayload | string> {
    if (!token) return `playback id ${playbackId} is signed: a token is required`;
    const checked = await this.verifier.verify(token, { audiences: [audience], requiredClaims: ["exp", "sub"] });
    if (!checked.ok) return checked.reason;
    if (checked.payload.sub !== playbackId) return `token is for playback id ${String(checked.payload.sub)}, not ${playbackId}`;
    return checked.payload;
  }
}

function hasSegment(window: MediaWindow, n: number): boolean {
  if (window.type === "vod") return n < window.count;
  if (window.type === "clip") return n >= window.first && n <= window.last;
  return n <= window.last;
}

function playlist(body: string, type: MediaWindow["type"]): Reply {
  const headers: Record<string, string> = { ...CORS, "Content-Type": "application/vnd.apple.mpegurl" };
  // Live and event playlists change every segment; a cached one would stall the player.
  if (type !== "vod") headers["Cache-Control"] = "no-cache";
  return { status: 200, raw: body, headers };
}

function text(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return { status, raw: `${message}\n`, headers: { ...CORS, "Content-Type": "text/plain; charset=utf-8", ...headers } };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
