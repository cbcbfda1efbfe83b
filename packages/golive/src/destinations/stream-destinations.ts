// Pure URL helpers for RTMP destinations and MUX playback, refusing input that would build a broken
// or hostile URL (docs/architecture.md, "Security model").
import { badRequest, MAX_KEY_LENGTH, MAX_URL_LENGTH } from "../contract";

export type StreamDestinationType = "mux" | "youtube" | "twitch" | "custom";

export type StreamDestination = {
  type: StreamDestinationType;
  name: string;
  rtmpUrl: string;
  streamKey: string;
};

export type StreamProtocol = "rtmp" | "rtmps";

// `/ ? #` would move the key out of the path segment, `\` is read as `/` by some servers,
// `%` lets a server decode `%2F` or `%2e%2e` into those after we checked, whitespace and
// control characters break the URL or the logs.
const FORBIDDEN_IN_KEY = /[/?#%\\\s\p{Cc}]/u;
// `.` and `..` are dot segments: rtmp://host/live2/.. resolves to rtmp://host/.
const DOTS_ONLY = /^\.+$/;
// Twitch's ingest hosts only: live.twitch.tv, live-<region>.twitch.tv, and the
// <pop>.contribute.live-video.net / ingest.global-contribute.live-video.net servers its
// ingest list (ingest.twitch.tv) hands out. Anything else would make a "Twitch"
// destination a custom one that skips the custom URL's checks.
const TWITCH_INGEST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.(?:twitch\.tv|(?:global-)?contribute\.live-video\.net)(?::\d{1,5})?$/i;

/** Throws a 400-class error unless `streamKey` is a single, printable URL path segment. */
export function assertValidStreamKey(streamKey: string, field = "streamKey"): void {
  if (streamKey.length === 0) throw badRequest(`${field} is required.`);
  if (streamKey.length > MAX_KEY_LENGTH) throw badRequest(`${field} must be at most ${MAX_KEY_LENGTH} characters.`);
  if (FORBIDDEN_IN_KEY.test(streamKey)) {
    throw badRequest(`${field} must not contain '/', '?', '#', '%', '\\', whitespace or control characters.`);
  }
  if (DOTS_ONLY.test(streamKey)) throw badRequest(`${field} must not be only dots, like '.' or '..'.`);
}

/**
 * The full ingest URL of a MUX live stream: rtmp://global-live.mux.com:5222/app/{key}.
 * `rtmps` gives MUX's RTMPS ingest, for egresses whose other destinations are RTMPS
 * (LiveKit requires one protocol per egress).
 */
export function buildMuxRtmpUrl(streamKey: string, protocol: StreamProtocol = "rtmp"): string {
  assertValidStreamKey(streamKey);
  return protocol === "rtmps"
    ? `rtmps://global-live.mux.com:443/app/${streamKey}`
    : `rtmp://global-live.mux.com:5222/app/${streamKey}`;
}

/** YouTube Live ingest: rtmp://a.rtmp.youtube.com/live2/{key}. */
export function buildYouTubeRtmpUrl(streamKey: string): string {
  assertValidStreamKey(streamKey);
  return `rtmp://a.rtmp.youtube.com/live2/${streamKey}`;
}

/** Twitch ingest: rtmp://{ingestServer ?? live.twitch.tv}/app/{key}; the server must be one of Twitch's. */
export function buildTwitchRtmpUrl(streamKey: string, ingestServer?: string): string {
  assertValidStreamKey(streamKey);
  const server = ingestServer ?? "live.twitch.tv";
  if (!TWITCH_INGEST.test(server)) {
    throw badRequest(
      "twitchIngestServer must be a Twitch ingest server: live.twitch.tv, live-<region>.twitch.tv or <server>.contribute.live-video.net.",
    );
  }
  return `rtmp://${server}/app/${streamKey}`;
}

/** `customRtmpUrl` must be rtmp:// or rtmps:// with a host, and no query, fragment or credentials. */
export function parseCustomRtmpUrl(customRtmpUrl: string): URL {
  const problem = "customRtmpUrl must be an rtmp:// or rtmps:// URL with a host, like rtmp://live.example.com/app.";
  if (customRtmpUrl.length > MAX_URL_LENGTH) throw badRequest(`customRtmpUrl must be at most ${MAX_URL_LENGTH} characters.`);
  if (/[\s\p{Cc}]/u.test(customRtmpUrl)) throw badRequest(problem);
  let url: URL;
  try {
    url = new URL(customRtmpUrl);
  } catch {
    throw badRequest(problem);
  }
  if ((url.protocol !== "rtmp:" && url.protocol !== "rtmps:") || url.hostname === "") throw badRequest(problem);
  if (url.search !== "" || url.hash !== "" || customRtmpUrl.includes("?") || customRtmpUrl.includes("#")) {
    throw badRequest("customRtmpUrl must not have a query or fragment; give the stream key separately.");
  }
  if (url.username !== "" || url.password !== "") {
    throw badRequest("customRtmpUrl must not contain credentials.");
  }
  return url;
}

/** Builds a StreamDestination from a destination type and stream key. */
export function buildDestination(
  type: StreamDestinationType,
  streamKey: string,
  options?: { name?: string; customRtmpUrl?: string; twitchIngestServer?: string },
): StreamDestination {
  const name = options?.name ?? type;
  switch (type) {
    case "mux":
      return { type, name, rtmpUrl: buildMuxRtmpUrl(streamKey), streamKey };
    case "youtube":
      return { type, name, rtmpUrl: buildYouTubeRtmpUrl(streamKey), streamKey };
    case "twitch":
      return { type, name, rtmpUrl: buildTwitchRtmpUrl(streamKey, options?.twitchIngestServer), streamKey };
    case "custom": {
      if (!options?.customRtmpUrl) throw badRequest("customRtmpUrl is required for custom destinations.");
      parseCustomRtmpUrl(options.customRtmpUrl);
      assertValidStreamKey(streamKey);
      // The base is kept as the person wrote it (URL() would lowercase and re-encode it),
      // less trailing slashes so the key stays one segment: rtmp://host/app/ + key.
      return { type, name, rtmpUrl: `${options.customRtmpUrl.replace(/\/+$/, "")}/${streamKey}`, streamKey };
    }
  }
}

/** The URL LiveKit's egress needs: the ingest URL with the stream key in its path. */
export function getFullRtmpUrl(destination: StreamDestination): string {
  return destination.rtmpUrl;
}

/** rtmp or rtmps, from a full ingest URL. */
export function protocolOf(rtmpUrl: string): StreamProtocol {
  if (rtmpUrl.startsWith("rtmps://")) return "rtmps";
  if (rtmpUrl.startsWith("rtmp://")) return "rtmp";
  throw badRequest("Every destination must be an rtmp:// or rtmps:// URL.");
}

/** MUX HLS playback URL. */
export function getMuxPlaybackUrl(playbackId: string): string {
  return `https://stream.mux.com/${encodeURIComponent(playbackId)}.m3u8`;
}

/** MUX thumbnail URL; only options left out are left out (time=0, the first frame, is kept). */
export function getMuxThumbnailUrl(
  playbackId: string,
  options?: { width?: number; height?: number; time?: number },
): string {
  const params = new URLSearchParams();
  if (options?.width !== undefined) params.set("width", String(options.width));
  if (options?.height !== undefined) params.set("height", String(options.height));
  if (options?.time !== undefined) params.set("time", String(options.time));
  const query = params.toString();
  return `https://image.mux.com/${encodeURIComponent(playbackId)}/thumbnail.jpg${query ? `?${query}` : ""}`;
}
