import type { LivestreamStatus } from "../../contract/client";

/** The state badge of a broadcast, in the studio bar and the panel's heading. */
export const badges: Record<LivestreamStatus, { text: string; word: string; className: string }> = {
  idle: { word: "not live", text: "Not live", className: "idle" },
  starting: { word: "starting", text: "Starting", className: "starting" },
  active: { word: "live", text: "LIVE", className: "live" },
  stopping: { word: "ending", text: "Ending", className: "stopping" },
  completed: { word: "ended", text: "Ended", className: "ended" },
  failed: { word: "failed", text: "Failed", className: "failed" },
};
