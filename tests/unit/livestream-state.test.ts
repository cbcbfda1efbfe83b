// The browser's livestream state, event by event: what each answer of the server does to it.
import { describe, expect, it } from "vitest";
import {
  initialLivestreamState,
  type LivestreamEvent,
  type LivestreamState,
  livestreamReducer,
  type StatusRead,
} from "@golive/next/ui";
import type { LivestreamStatusResult, StartLivestreamResult } from "@golive/next/contract";

const T0 = 1_800_000_000_000;
const started: StartLivestreamResult = {
  livestreamId: "ls-1",
  egressId: "EG_1",
  muxLiveStreamId: "mux-1",
  muxPlaybackId: "play-1",
  playbackUrl: "https://stream.mux.com/play-1.m3u8",
  status: "starting",
};

function status(overrides: Partial<LivestreamStatusResult> = {}): LivestreamStatusResult {
  return {
    livestreamId: "ls-1",
    roomName: "room",
    status: "active",
    muxPlaybackId: "play-1",
    playbackUrl: "https://stream.mux.com/play-1.m3u8",
    viewerCount: 3,
    viewerCountAvailable: true,
    startedAt: new Date(T0),
    duration: 10,
    failureReason: null,
    endReason: null,
    guardrail: null,
    health: { ingestAvailable: true, ingest: null, warning: null },
    muxAssetId: null,
    vodPlaybackId: null,
    recordings: [],
    destinations: [
      { id: "d-1", type: "youtube", name: "YouTube", maskedUrl: "rtmp://a.rtmp.youtube.com/live2/abcd…wxyz", status: "live" },
      { id: "d-2", type: "custom", name: "Mine", maskedUrl: "rtmp://example.com/app/abcd…wxyz", status: "failed", error: "refused" },
      { id: "d-3", type: "twitch", name: "Twitch", maskedUrl: "rtmp://live.twitch.tv/app/abcd…wxyz" },
    ],
    layout: "grid",
    quality: "1080p30",
    orientation: "landscape",
    visibility: "public",
    captions: null,
    title: null,
    description: null,
    ...overrides,
  };
}

const ok = (data: LivestreamStatusResult): StatusRead => ({ ok: true, data });
const failed = (code: "not_found" | "unauthorized" | "network" | "internal_error"): StatusRead => ({
  ok: false,
  error: { code, message: code },
});
const run = (events: LivestreamEvent[], from: LivestreamState = initialLivestreamState) => events.reduce(livestreamReducer, from);

describe("discovery", () => {
  it("starts discovering, with nothing known", () => {
    expect(initialLivestreamState).toEqual({ broadcast: null, fetchedAt: 0, pending: "discovering", error: null, errorAction: null, stale: false });
  });

  it("shows a livestream already live in the room", () => {
    const s = run([{ type: "discovered", read: ok(status()), at: T0 }]);
    expect(s).toMatchObject({ broadcast: status(), fetchedAt: T0, pending: null, error: null });
  });

  it("treats 404 as nothing live here, not as an error", () => {
    const s = run([{ type: "discovered", read: failed("not_found"), at: T0 }]);
    expect(s).toMatchObject({ broadcast: null, pending: null, error: null, errorAction: null });
  });

  it("reports other failures as a status error", () => {
    const s = run([{ type: "discovered", read: failed("unauthorized"), at: T0 }]);
    expect(s).toMatchObject({ pending: null, error: { code: "unauthorized" }, errorAction: "status" });
  });

  it("doesn't end a start that began while discovering", () => {
    const s = run([{ type: "startRequested" }, { type: "discovered", read: failed("not_found"), at: T0 }]);
    expect(s.pending).toBe("starting");
  });
});

describe("the lifecycle: starting → active → stopping → completed", () => {
  const afterStart = run([{ type: "discovered", read: failed("not_found"), at: T0 }, { type: "startRequested" }, { type: "started", result: started, roomName: "room", look: { layout: "speaker", quality: "720p30", title: "Launch day" }, at: T0 + 1000 }]);

  it("shows the new livestream at once as starting, with nothing guessed", () => {
    expect(afterStart.pending).toBeNull();
    expect(afterStart.fetchedAt).toBe(T0 + 1000);
    expect(afterStart.broadcast).toEqual({
      livestreamId: "ls-1",
      roomName: "room",
      status: "starting",
      muxPlaybackId: "play-1",
      playbackUrl: started.playbackUrl,
      viewerCount: 0,
      viewerCountAvailable: true,
      startedAt: null,
      duration: 0,
      failureReason: null,
      endReason: null,
      guardrail: null,
      health: { ingestAvailable: true, ingest: null, warning: null },
      muxAssetId: null,
      vodPlaybackId: null,
      recordings: [],
      destinations: [],
      // What was asked for, and the defaults for what wasn't.
      layout: "speaker",
      quality: "720p30",
      orientation: "landscape",
      visibility: "public",
      captions: null,
      title: "Launch day",
      description: null,
    });
  });

  it("a start MUX already reports active shows as active", () => {
    const s = run([{ type: "started", result: { ...started, status: "active" }, roomName: "room", at: T0 }]);
    expect(s.broadcast?.status).toBe("active");
  });

  it("polls replace the state and its time", () => {
    const s = run([{ type: "polled", read: ok(status()), at: T0 + 4000 }], afterStart);
    expect(s.broadcast).toEqual(status());
    expect(s.fetchedAt).toBe(T0 + 4000);
  });

  it("a stop shows stopping, then the livestream as ended with its local duration", () => {
    const live = run([{ type: "polled", read: ok(status({ duration: 10 })), at: T0 }], afterStart);
    const stopping = run([{ type: "stopRequested" }], live);
    expect(stopping.pending).toBe("stopping");
    const done = run([{ type: "stopped", result: { livestreamId: "ls-1", status: "stopping", muxAssetId: "asset-1", vodPlaybackId: "vod-1" }, at: T0 + 5_900 }], stopping);
    expect(done.pending).toBeNull();
    expect(done.fetchedAt).toBe(T0 + 5_900);
    expect(done.broadcast).toMatchObject({ status: "completed", duration: 15, muxAssetId: "asset-1", vodPlaybackId: "vod-1", viewerCount: 0 });
    // A failed output keeps its failure; the others are finished; one never reported stays unknown.
    expect(done.broadcast?.destinations.map((d) => d.status)).toEqual(["finished", "failed", undefined]);
    expect(done.broadcast?.destinations[1]?.error).toBe("refused");
  });

  it("a stop the server answers as failed shows failed", () => {
    const live = run([{ type: "polled", read: ok(status()), at: T0 }]);
    const s = run([{ type: "stopRequested" }, { type: "stopped", result: { livestreamId: "ls-1", status: "failed", muxAssetId: null, vodPlaybackId: null }, at: T0 }], live);
    expect(s.broadcast?.status).toBe("failed");
  });

  it("the final read brings the server's own state", () => {
    const s = run([{ type: "polled", read: ok(status({ status: "completed", duration: 16, vodPlaybackId: "vod-1" })), at: T0 + 9000 }], afterStart);
    expect(s.broadcast).toMatchObject({ status: "completed", duration: 16, vodPlaybackId: "vod-1" });
  });

  it("a stop answered after a reset changes nothing but pending", () => {
    const s = run([{ type: "stopRequested" }, { type: "reset" }, { type: "stopped", result: { livestreamId: "ls-1", status: "completed", muxAssetId: null, vodPlaybackId: null }, at: T0 }], afterStart);
    expect(s.broadcast).toBeNull();
    expect(s.pending).toBeNull();
  });
});

describe("errors", () => {
  it("a failed start keeps no livestream and says which action failed", () => {
    const s = run([{ type: "startRequested" }, { type: "requestFailed", request: "start", error: { code: "conflict", message: "live" } }]);
    expect(s).toMatchObject({ broadcast: null, pending: null, error: { code: "conflict" }, errorAction: "start" });
  });

  it("a failed stop keeps the livestream as it was", () => {
    const live = run([{ type: "polled", read: ok(status()), at: T0 }]);
    const s = run([{ type: "stopRequested" }, { type: "requestFailed", request: "stop", error: { code: "network", message: "x" } }], live);
    expect(s).toMatchObject({ broadcast: status(), pending: null, error: { code: "network" }, errorAction: "stop" });
  });

  it("the next action clears the last error", () => {
    const failedStart = run([{ type: "requestFailed", request: "start", error: { code: "conflict", message: "live" } }]);
    expect(run([{ type: "startRequested" }], failedStart)).toMatchObject({ error: null, errorAction: null });
    expect(run([{ type: "stopRequested" }], failedStart)).toMatchObject({ error: null, errorAction: null });
  });

  it("a poll refused for good (401, 404) becomes a status error", () => {
    const live = run([{ type: "polled", read: ok(status()), at: T0 }]);
    const s = run([{ type: "polled", read: failed("unauthorized"), at: T0 + 3000 }], live);
    expect(s).toMatchObject({ broadcast: status(), error: { code: "unauthorized" }, errorAction: "status", stale: false });
  });
});

describe("stale", () => {
  const live = run([{ type: "polled", read: ok(status()), at: T0 }]);

  it("polls that can't reach the server keep the state and mark it stale", () => {
    for (const code of ["network", "internal_error"] as const) {
      const s = run([{ type: "polled", read: failed(code), at: T0 + 3000 }], live);
      expect(s).toMatchObject({ broadcast: status(), fetchedAt: T0, stale: true, error: null });
    }
  });

  it("the next answer clears it", () => {
    const s = run([{ type: "polled", read: failed("network"), at: T0 + 3000 }, { type: "polled", read: ok(status({ viewerCount: 4 })), at: T0 + 6000 }], live);
    expect(s).toMatchObject({ stale: false, fetchedAt: T0 + 6000, broadcast: { viewerCount: 4 } });
  });
});

describe("rediscover and reset", () => {
  it("rediscovering finds the room's livestream and clears the error that prompted it", () => {
    const conflict = run([{ type: "discovered", read: failed("not_found"), at: T0 }, { type: "requestFailed", request: "start", error: { code: "conflict", message: "live" } }]);
    const s = run([{ type: "rediscovered", read: ok(status()), at: T0 + 1000 }], conflict);
    expect(s).toMatchObject({ broadcast: status(), fetchedAt: T0 + 1000, error: null, errorAction: null });
  });

  it("rediscovering nothing keeps the error", () => {
    const conflict = run([{ type: "requestFailed", request: "start", error: { code: "conflict", message: "live" } }]);
    expect(run([{ type: "rediscovered", read: failed("not_found"), at: T0 }], conflict)).toEqual(conflict);
  });

  it("a rediscovery that fails otherwise is a status error", () => {
    const s = run([{ type: "rediscovered", read: failed("unauthorized"), at: T0 }]);
    expect(s).toMatchObject({ error: { code: "unauthorized" }, errorAction: "status" });
  });

  it("reset forgets an ended livestream and its error", () => {
    const ended = run([{ type: "polled", read: ok(status({ status: "completed" })), at: T0 }, { type: "requestFailed", request: "stop", error: { code: "conflict", message: "x" } }]);
    expect(run([{ type: "reset" }], ended)).toMatchObject({ broadcast: null, error: null, errorAction: null });
  });
});
