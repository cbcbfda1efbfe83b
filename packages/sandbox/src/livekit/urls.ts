/**
 * LiveKit egress stream-URL validation, expansion and redaction.
 *
 * Faithful to (livekit/egress pkg/config/output_stream.go and livekit/protocol utils):
 * - `mux://{key}` expands to `rtmps://global-live.mux.com:443/app/{key}`;
 * - RTMP(S) URLs must match LiveKit's rtmpRegexp (RTMP_FORMAT below):
 *   "rtmp(s)://{host}(/{path})/{app}/{stream_key}( live=1)";
 * - the key is redacted as `{abc...xyz}`: first/last 3 chars if len ≥ 9, 2 if ≥ 6, 1 if ≥ 3,
 *   else `{...}` (RedactIdentifier); SRT URLs are reported unredacted, as LiveKit does.
 * Inferred, not verified in LiveKit's source: that mixing rtmp:// and rtmps:// in one egress is
 * rejected with invalid_argument (golive relies on it: docs/architecture.md, "Upstream facts golive
 * relies on"; `mux://` counts as rtmps since that is
 * what it expands to), the requirement that the key be non-empty and the host present (the real
 * egress would accept the URL and fail at connect), and the exact error wording.
 * Cannot catch: `twitch://` (the real egress looks up Twitch's ingest list over the network;
 * here it is rejected as an unsupported scheme), websocket outputs.
 */

export type StreamFamily = "rtmp" | "rtmps" | "srt";

export type ParsedStreamUrl = {
  raw: string;
  /** the URL the egress actually dials (mux:// expanded) */
  parsed: string;
  redacted: string;
  family: StreamFamily;
};

const RTMP_FORMAT = /^(rtmps?:\/\/)(.*\/)(.*\/)(\S*)( live=1)?$/;

export class StreamUrlError extends Error {}

export function parseStreamUrl(raw: string): ParsedStreamUrl {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === "mux") {
    const key = raw.slice("mux://".length);
    if (!key || /[\s/]/.test(key)) throw new StreamUrlError(`invalid url ${raw}: mux urls must be of format mux://{stream_key}`);
    const parsed = `rtmps://global-live.mux.com:443/app/${key}`;
    return { raw, parsed, redacted: `rtmps://global-live.mux.com:443/app/${redactIdentifier(key)}`, family: "rtmps" };
  }
  if (scheme === "rtmp" || scheme === "rtmps") {
    const match = RTMP_FORMAT.exec(raw);
    let host = "";
    try {
      host = new URL(raw).hostname;
    } catch {
      host = "";
    }
    if (!match || !host || !match[4]) {
      throw new StreamUrlError(
        `invalid url ${raw}: rtmp urls must be of format rtmp(s)://{host}(/{path})/{app}/{stream_key}( live=1)`,
      );
    }
    const [, prefix = "", path = "", app = "", key = "", live = ""] = match;
    return { raw, parsed: raw, redacted: `${prefix}${path}${app}${redactIdentifier(key)}${live}`, family: scheme };
  }
  if (scheme === "srt") {
    return { raw, parsed: raw, redacted: raw, family: "srt" };
  }
  throw new StreamUrlError(`invalid url ${raw}: invalid scheme`);
}

/** livekit/protocol utils.RedactIdentifier */
export function redactIdentifier(identifier: string): string {
  let prefix = "";
  let suffix = "";
  for (let i = 3; i > 0; i--) {
    if (identifier.length >= i * 3) {
      prefix = identifier.slice(0, i);
      suffix = identifier.slice(identifier.length - i);
      break;
    }
  }
  return `{${prefix}...${suffix}}`;
}

/** The StreamProtocol enum name an egress of this family reports. */
export function protocolOf(family: StreamFamily): "RTMP" | "SRT" {
  return family === "srt" ? "SRT" : "RTMP";
}
