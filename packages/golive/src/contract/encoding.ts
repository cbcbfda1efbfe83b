// A broadcast's quality and orientation as LiveKit EncodingOptions, from LiveKit's preset table,
// explicit rather than a preset name (docs/architecture.md, "Upstream facts"). Pure: the service,
// the tests and the docs' table read the same numbers.
import type { Orientation, Quality } from "./shapes";

/** LiveKit's presets; bitrates are kbps, as LiveKit counts them (not bps). */
export const QUALITY_PRESETS = {
  "720p30": { width: 1280, height: 720, framerate: 30, videoBitrate: 3000 },
  "720p60": { width: 1280, height: 720, framerate: 60, videoBitrate: 4500 },
  "1080p30": { width: 1920, height: 1080, framerate: 30, videoBitrate: 4500 },
  "1080p60": { width: 1920, height: 1080, framerate: 60, videoBitrate: 6000 },
} as const satisfies Record<Quality, { width: number; height: number; framerate: number; videoBitrate: number }>;

export const AUDIO_BITRATE_KBPS = 128;
/** Seconds between keyframes: MUX's ingest guidance is 2 s. */
export const KEYFRAME_INTERVAL_S = 2;

export type Encoding = {
  width: number;
  height: number;
  framerate: number;
  videoBitrate: number;
  audioBitrate: number;
  keyFrameInterval: number;
};

/** The encoding options for a quality; portrait swaps width and height. */
export function encodingFor(quality: Quality, orientation: Orientation): Encoding {
  const { width, height, framerate, videoBitrate } = QUALITY_PRESETS[quality];
  const [w, h] = orientation === "portrait" ? [height, width] : [width, height];
  return { width: w, height: h, framerate, videoBitrate, audioBitrate: AUDIO_BITRATE_KBPS, keyFrameInterval: KEYFRAME_INTERVAL_S };
}
