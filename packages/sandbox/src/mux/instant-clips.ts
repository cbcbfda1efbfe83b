/**
 * MUX's instant clips on the sandbox's HLS (hls.ts): a playback URL with a range plays only that
 * range, no new asset made.
 *
 * Faithful to (MUX's instant clipping guide): `program_start_time` / `program_end_time` (epoch
 * seconds of the program, for a live stream and its live asset) and `asset_start_time` /
 * `asset_end_time` (seconds into the asset); either end may be left out; segment-accurate (the
 * clip starts at the segment holding its start and ends with the one holding its end); for a
 * signed playback id they are claims of the token (query parameters are ignored there, so a clip
 * link can't be widened), for a public one query parameters.
 * Chosen: program time maps to the asset's connected time (a reconnect window's gap holds no
 * media); a range that starts past what was recorded → 400; a clip whose end hasn't been recorded
 * yet is an EVENT playlist that grows until it has, then VOD + ENDLIST.
 * Cannot catch: MUX's exact rounding at segment edges, PROGRAM-DATE-TIME tags, its error bodies.
 */
import type { JWTPayload } from "jose";
import { SEGMENT_SECONDS } from "./hls-media";
import type { AssetRecord } from "./model";
import type { MediaWindow } from "./playlists";

export const CLIP_PARAMS = ["program_start_time", "program_end_time", "asset_start_time", "asset_end_time"] as const;
type ClipParam = (typeof CLIP_PARAMS)[number];
export type ClipParams = Partial<Record<ClipParam, number>>;

/** The clip's parameters from the query (public ids) or the token's claims (signed ids); a string when one isn't a number. */
export function clipParamsOf(source: Record<string, string> | JWTPayload): ClipParams | string {
  const params: ClipParams = {};
  for (const name of CLIP_PARAMS) {
    const raw = source[name];
    if (raw === undefined) continue;
    const value = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
    if (!Number.isFinite(value) || value < 0) return `${name} must be a non-negative number of seconds`;
    params[name] = value;
  }
  return params;
}

export const isClip = (params: ClipParams) => Object.keys(params).length > 0;

/** `params` as the query a multivariant playlist carries onto its rendition (public ids only). */
export function clipQueryPairs(params: ClipParams): Array<[string, string]> {
  return CLIP_PARAMS.filter((name) => params[name] !== undefined).map((name) => [name, String(params[name])]);
}

/**
 * Seconds of `asset` recorded by the program time `epochSeconds` (its connected intervals before
 * it); a time still to come on an asset that is live counts on from now.
 */
function assetSecondsAt(asset: AssetRecord, epochSeconds: number, now: number): number {
  const at = epochSeconds * 1000;
  let ms = 0;
  for (const r of asset.recordings) {
    const end = Math.min(r.endedAtMs ?? now, at);
    if (end > r.startedAtMs) ms += end - r.startedAtMs;
  }
  if (asset.isLive && at > now) ms += at - now;
  return ms / 1000;
}

/**
 * The segments of `window` (what `asset` plays now) that the clip covers, or why it can't play.
 * A live stream's playback id clips its live asset from its start, as MUX's DVR does.
 */
export function clipWindow(window: MediaWindow, asset: AssetRecord, params: ClipParams, now: number): MediaWindow | string {
  const program = params.program_start_time !== undefined || params.program_end_time !== undefined;
  const start = program
    ? params.program_start_time === undefined ? 0 : assetSecondsAt(asset, params.program_start_time, now)
    : (params.asset_start_time ?? 0);
  const end = program
    ? params.program_end_time === undefined ? undefined : assetSecondsAt(asset, params.program_end_time, now)
    : params.asset_end_time;
  if (end !== undefined && end <= start) return "the clip's end is not after its start";
  const growing = window.type !== "vod";
  const available = window.type === "vod" ? window.count - 1 : window.last;
  const first = Math.floor(start / SEGMENT_SECONDS);
  if (first > available) return "the clip starts after the end of what has been recorded";
  const wanted = end === undefined ? available : Math.max(first, Math.ceil(end / SEGMENT_SECONDS) - 1);
  // While recording, the newest segment is still being made: the clip is final once it ends before it.
  const final = !growing || (end !== undefined && wanted < available);
  return { type: "clip", first, last: Math.min(wanted, available), final };
}
