/**
 * The committed media the sandbox MUX plays (./media, made by scripts/make-sandbox-media.sh): an
 * 8 s test pattern as four 2 s MPEG-TS segments (H.264 Main 3.0 320x180 + AAC-LC mono), the same
 * loop as one MP4 (the static rendition) and a thumbnail. hls.ts loops the segments into live and on-demand playlists.
 *
 * Faithful to: nothing of the stream that was sent — no media reaches the sandbox (README, "What
 * it cannot catch"). It only makes a player really play.
 * Cannot catch: renditions, codecs or resolutions other than this one; the real picture.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { firstVideoPts } from "./mpegts-pts";

/** Each segment's length; the script cuts (and keyframes) at exactly this. */
export const SEGMENT_SECONDS = 2;
/** segment-0.mpegts … segment-3.mpegts: one loop is SEGMENT_COUNT × SEGMENT_SECONDS = 8 s. */
export const SEGMENT_COUNT = 4;
/** For the multivariant playlist's STREAM-INF: the script's encoding, measured on its output. */
export const RENDITION = {
  /** H.264 Main (0x4d), constraint flags 0x40, level 3.0 (0x1e) — the SPS's bytes; AAC-LC */
  codecs: "avc1.4d401e,mp4a.40.2",
  resolution: "320x180",
  frameRate: 25,
  /** peak: the largest segment (≈ 48 KB per 2 s), rounded up */
  bandwidth: 200_000,
  /** all segments over the loop (≈ 177 KB per 8 s), rounded up */
  averageBandwidth: 180_000,
};

// From this file's path, not `new URL("./media/", import.meta.url)`: Turbopack takes that form for
// an asset to copy and fails on a folder, in a host's `next dev` that starts the sandbox
// (README, "In your own app"); as in packages/golive/src/db/migrate.ts, the path in a Next
// server bundle is still this source file's.
const mediaDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "media");
const cache = new Map<string, Buffer>();

/** The file's bytes, read once (files are ~50 KB; a player fetches each every 8 s of playback). */
function file(name: string): Buffer {
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = readFileSync(path.join(mediaDir, name));
    cache.set(name, bytes);
  }
  return bytes;
}

/** Segment `n` of an endless loop: n = 0, 4, 8, … is segment-0.mpegts. */
export function segmentBytes(n: number): Buffer {
  return file(`segment-${n % SEGMENT_COUNT}.mpegts`);
}

/** The one static rendition (`highest.mp4`): the loop remuxed into an 8 s MP4 by the same script. */
export function mp4Bytes(): Buffer {
  return file("highest.mp4");
}

export function thumbnailBytes(): Buffer {
  return file("thumbnail.jpg");
}

/** 90 kHz PTS of the loop's segment `n % SEGMENT_COUNT`'s first video frame, read from its file. */
export function segmentStartPts(n: number): number {
  const k = n % SEGMENT_COUNT;
  const pts = firstVideoPts(segmentBytes(k));
  if (pts === undefined) throw new Error(`segment-${k}.mpegts has no video PTS: re-make it with scripts/make-sandbox-media.sh`);
  return pts;
}
