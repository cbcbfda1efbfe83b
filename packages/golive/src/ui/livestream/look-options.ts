// How layouts, qualities and orientations read in the studio panel; values and numbers are the
// API's (contract) (docs/ui.md, "The studio panel").
import {
  type Layout,
  layouts,
  type Orientation,
  type Quality,
  qualities,
  AUDIO_BITRATE_KBPS,
  QUALITY_PRESETS,
} from "../../contract/client";

const layoutNames: Record<Layout, string> = {
  grid: "Grid",
  speaker: "Speaker",
  "single-speaker": "Single speaker",
  "grid-light": "Grid, light",
  "speaker-light": "Speaker, light",
  "single-speaker-light": "Single speaker, light",
};

export const layoutOptions = layouts.map((value) => ({ value, label: layoutNames[value] }));

export const layoutHint =
  "Grid shows everyone (and switches to the shared screen when someone shares); Speaker puts whoever talks large; Single speaker shows only them.";

export function qualityLabel(quality: Quality, orientation: Orientation = "landscape"): string {
  const { width, height, framerate, videoBitrate } = QUALITY_PRESETS[quality];
  const [w, h] = orientation === "portrait" ? [height, width] : [width, height];
  return `${quality.replace(/p\d+$/, "p")} ${framerate} fps · ${w}×${h} · ${videoBitrate / 1000} Mbps video · ${AUDIO_BITRATE_KBPS} kbps audio`;
}

/** The select's option: short enough for the panel's width; the full label goes under it. */
function qualityOptionLabel(quality: Quality): string {
  const { framerate, videoBitrate } = QUALITY_PRESETS[quality];
  return `${quality.replace(/p\d+$/, "p")} ${framerate} fps · ${videoBitrate / 1000} Mbps`;
}

export const qualityOptions = qualities.map((value) => ({ value, label: qualityOptionLabel(value) }));

export const layoutLabel = (layout: Layout) => layoutNames[layout];
