/**
 * HLS playlist text for the sandbox MUX's playback (hls.ts): one multivariant playlist with one
 * rendition (and, with generated captions, one subtitles rendition), and the media playlists —
 * live (sliding window), event (a live asset: everything so far) or on-demand (a finished asset).
 *
 * Faithful to: RFC 8216's tags as MUX's stream.mux.com uses them: the playback URL answers a
 * multivariant playlist (mux-player's stream-type probe reads the media playlist it names, and
 * fails on a media playlist in its place); live media playlists have no PLAYLIST-TYPE and no
 * ENDLIST, a live asset's (DVR) has PLAYLIST-TYPE:EVENT, a finished asset's VOD + ENDLIST.
 * The pre-encoded loop restarts its timestamps, so every loop boundary is an
 * EXT-X-DISCONTINUITY, and EXT-X-DISCONTINUITY-SEQUENCE counts those that slid out of the window
 * (segment n's discontinuity sequence is floor(n / SEGMENT_COUNT) in every refresh).
 * Chosen: the subtitles group's id ("subs"), DEFAULT=NO/AUTOSELECT=YES, `"` in a track name
 * turned into `'`.
 * Cannot catch: MUX's renditions ladder, PROGRAM-DATE-TIME, low-latency parts, session data,
 * its CDN's rendition URLs and their own signatures, MUX's exact EXT-X-MEDIA attributes.
 */
import { RENDITION, SEGMENT_COUNT, SEGMENT_SECONDS } from "./hls-media";

/** `?token=…` carried from the request onto every URI it leads to, as MUX's signed URLs need. */
export const tokenQuery = (token: string | undefined) => (token ? `?token=${encodeURIComponent(token)}` : "");

/** The token and an instant clip's parameters (instant-clips.ts), carried onto the rendition's URI. */
const renditionQuery = (token: string | undefined, extra: Array<[string, string]>) => {
  const pairs: Array<[string, string]> = [...(token ? [["token", token] as [string, string]] : []), ...extra];
  return pairs.length === 0 ? "" : `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`;
};

/** A subtitles rendition to announce: the text track that plays (captions.ts). */
export type SubtitlesRendition = { name: string; language: string };

/**
 * The playback URL's answer: `{playbackId}.m3u8` names `{playbackId}/rendition.m3u8`, and, with
 * captions, a SUBTITLES group whose one member is `{playbackId}/subtitles.m3u8`.
 */
export function multivariantPlaylist(
  playbackId: string,
  token: string | undefined,
  subtitles?: SubtitlesRendition,
  clip: Array<[string, string]> = [],
): string {
  const r = RENDITION;
  const id = encodeURIComponent(playbackId);
  const media = subtitles
    ? [
        `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="${quotable(subtitles.name)}",LANGUAGE="${quotable(subtitles.language)}",DEFAULT=NO,AUTOSELECT=YES,URI="${id}/subtitles.m3u8${renditionQuery(token, clip)}"`,
      ]
    : [];
  return lines([
    "#EXTM3U",
    // EXT-X-MEDIA needs no higher version (RFC 8216 §7 gates only its INSTREAM-ID SERVICE values).
    "#EXT-X-VERSION:3",
    "#EXT-X-INDEPENDENT-SEGMENTS",
    ...media,
    `#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},AVERAGE-BANDWIDTH=${r.averageBandwidth},CODECS="${r.codecs}",RESOLUTION=${r.resolution},FRAME-RATE=${r.frameRate.toFixed(3)},CLOSED-CAPTIONS=NONE${subtitles ? ',SUBTITLES="subs"' : ""}`,
    `${id}/rendition.m3u8${renditionQuery(token, clip)}`,
  ]);
}

/** An HLS quoted-string can't hold `"`, CR or LF (RFC 8216 §4.2); a track name is user input. */
const quotable = (value: string) => value.replace(/"/g, "'").replace(/[\r\n]+/g, " ");

export type MediaWindow =
  /** a live stream: segments first…last, more to come, older ones gone */
  | { type: "live"; first: number; last: number }
  /** a live asset (DVR): segments 0…last, more to come */
  | { type: "event"; last: number }
  /** a finished asset: segments 0…count-1, final */
  | { type: "vod"; count: number }
  /** an instant clip (instant-clips.ts): segments first…last; final (VOD) once its end is recorded, else growing (EVENT) */
  | { type: "clip"; first: number; last: number; final: boolean };

/**
 * The rendition's media playlist; segment n is `n.ts` beside it (i.e. `/stream/{id}/n.ts`). The
 * subtitles playlist is the same with `n.vtt`: the same window, media sequence and
 * discontinuities, so each WebVTT segment spans its video segment (RFC 8216 §6.2.1 asks
 * renditions to line up, and hls.js matches subtitle fragments to video by discontinuity).
 */
export function mediaPlaylist(window: MediaWindow, token: string | undefined, extension: "ts" | "vtt" = "ts"): string {
  const first = window.type === "live" || window.type === "clip" ? window.first : 0;
  const last = window.type === "vod" ? window.count - 1 : window.last;
  const ended = window.type === "vod" || (window.type === "clip" && window.final);
  const head = [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    `#EXT-X-TARGETDURATION:${SEGMENT_SECONDS}`,
    `#EXT-X-MEDIA-SEQUENCE:${first}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${Math.floor(first / SEGMENT_COUNT)}`,
    "#EXT-X-INDEPENDENT-SEGMENTS",
    ...(window.type === "live" ? [] : ended ? ["#EXT-X-PLAYLIST-TYPE:VOD"] : ["#EXT-X-PLAYLIST-TYPE:EVENT"]),
  ];
  const segments: string[] = [];
  for (let n = first; n <= last; n++) {
    // The first segment's own discontinuity is already counted by DISCONTINUITY-SEQUENCE.
    if (n > first && n % SEGMENT_COUNT === 0) segments.push("#EXT-X-DISCONTINUITY");
    segments.push(`#EXTINF:${SEGMENT_SECONDS.toFixed(3)},`, `${n}.${extension}${tokenQuery(token)}`);
  }
  return lines([...head, ...segments, ...(ended ? ["#EXT-X-ENDLIST"] : [])]);
}

const lines = (all: string[]) => `${all.join("\n")}\n`;
