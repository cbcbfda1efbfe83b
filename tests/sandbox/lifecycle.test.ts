// The go-live lifecycle across both emulators: MUX stream ← LiveKit egress publishing to it.
// A fake clock makes the reconnect window and other deadlines testable without sleeping.
import { EgressStatus, StreamOutput, StreamProtocol } from "livekit-server-sdk";
import { describe, expect, test } from "vitest";
import { muxIngest, startWorld, type World, useStudioWorld } from "../support/sandbox-clients";

let w: World;
let now = 1_700_000_000_000;
useStudioWorld({ now: () => now, egressStartDelayMs: 1500 }, (world) => (w = world));

async function goLive(reconnect_window = 60, urls?: (key: string) => string[]) {
  const stream = await w.mux.video.liveStreams.create({
    playback_policy: ["public"],
    new_asset_settings: { playback_policy: ["public"], passthrough: "vod" },
    reconnect_window,
  });
  const info = await w.egress.startRoomCompositeEgress("studio", {
    stream: new StreamOutput({ protocol: StreamProtocol.RTMP, urls: urls ? urls(stream.stream_key) : [muxIngest(stream.stream_key)] }),
  });
  return { stream, egressId: info.egressId };
}

describe("go live, stop, complete", () => {
  test("the full happy path", async () => {
    const { stream, egressId } = await goLive();
    // Nothing connects until the egress is ACTIVE (1.5 s of sandbox time).
    await w.sandbox.control.settle();
    expect(w.sandbox.control.egress(egressId)?.status).toBe("EGRESS_STARTING");
    expect((await w.mux.video.liveStreams.retrieve(stream.id)).status).toBe("idle");

    await w.sandbox.control.advance(1500);
    expect(w.sandbox.control.egress(egressId)?.status).toBe("EGRESS_ACTIVE");
    const live = await w.mux.video.liveStreams.retrieve(stream.id);
    expect(live.status).toBe("active");
    expect(live.active_asset_id).toBeDefined();
    const asset = await w.mux.video.assets.retrieve(live.active_asset_id ?? "");
    expect(asset).toMatchObject({ status: "ready", is_live: true, live_stream_id: stream.id, passthrough: "vod" });
    expect(asset.duration).toBeUndefined();
    expect(asset.playback_ids?.[0]?.policy).toBe("public");

    await w.sandbox.control.advance(90_000); // 90 s on air
    const stopped = await w.egress.stopEgress(egressId);
    expect(stopped.status).toBe(EgressStatus.EGRESS_ENDING);
    await w.sandbox.control.settle();
    expect(w.sandbox.control.egress(egressId)?.status).toBe("EGRESS_COMPLETE");

    // Encoder gone, but MUX keeps the stream active for the reconnect window.
    const waiting = await w.mux.video.liveStreams.retrieve(stream.id);
    expect(waiting.status).toBe("active");
    expect(waiting.active_asset_id).toBe(live.active_asset_id);
    expect((await w.mux.video.assets.retrieve(asset.id)).is_live).toBe(true);

    await w.mux.video.liveStreams.complete(stream.id);
    const done = await w.mux.video.liveStreams.retrieve(stream.id);
    expect(done.status).toBe("idle");
    expect(done.active_asset_id).toBeUndefined();
    expect(done.recent_asset_ids).toEqual([asset.id]);
    const final = await w.mux.video.assets.retrieve(asset.id);
    expect(final).toMatchObject({ status: "ready", is_live: false, duration: 90 });
  });

  test("the reconnect window expiring completes the asset by itself", async () => {
    const { stream, egressId } = await goLive(30);
    await w.sandbox.control.advance(1500);
    await w.sandbox.control.advance(10_000);
    await w.egress.stopEgress(egressId);
    await w.sandbox.control.advance(29_999);
    expect((await w.mux.video.liveStreams.retrieve(stream.id)).status).toBe("active");
    await w.sandbox.control.advance(1);
    const idle = await w.mux.video.liveStreams.retrieve(stream.id);
    expect(idle.status).toBe("idle");
    expect(idle.recent_asset_ids).toHaveLength(1);
    expect((await w.mux.video.assets.retrieve(idle.recent_asset_ids?.[0] ?? "")).duration).toBe(10);
  });

  test("reconnecting inside the window continues the same asset", async () => {
    const { stream, egressId } = await goLive(60);
    await w.sandbox.control.advance(1500);
    const assetId = (await w.mux.video.liveStreams.retrieve(stream.id)).active_asset_id;
    await w.egress.stopEgress(egressId);
    await w.sandbox.control.advance(20_000);
    await w.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest(stream.stream_key)] }));
    await w.sandbox.control.advance(1500);
    const again = await w.mux.video.liveStreams.retrieve(stream.id);
    expect(again.active_asset_id).toBe(assetId);
    expect(w.sandbox.control.muxAssets()).toHaveLength(1);
  });

  test("reconnect_window 0 finalises on disconnect", async () => {
    const { stream, egressId } = await goLive(0);
    await w.sandbox.control.advance(1500);
    await w.egress.stopEgress(egressId);
    await w.sandbox.control.settle();
    expect((await w.mux.video.liveStreams.retrieve(stream.id)).status).toBe("idle");
  });

  test("complete while the egress still publishes: MUX hangs up 60 s later and the egress fails", async () => {
    const { stream, egressId } = await goLive();
    await w.sandbox.control.advance(1500);
    await w.mux.video.liveStreams.complete(stream.id);
    expect((await w.mux.video.liveStreams.retrieve(stream.id)).recent_asset_ids).toHaveLength(1);
    expect(w.sandbox.control.egress(egressId)?.status).toBe("EGRESS_ACTIVE");
    await w.sandbox.control.advance(60_000);
    const failed = w.sandbox.control.egress(egressId);
    expect(failed).toMatchObject({ status: "EGRESS_FAILED", error: "connection closed by MUX: live stream was completed" });
    expect(failed?.stream_results[0]?.status).toBe("FAILED");
  });

  test("a disabled stream refuses the publisher; other destinations keep the egress alive", async () => {
    const { stream, egressId } = await goLive(60, (key) => [muxIngest(key), "rtmp://a.rtmp.youtube.com/live2/yt-key-123"]);
    await w.mux.video.liveStreams.disable(stream.id);
    await w.sandbox.control.advance(1500);
    const egress = w.sandbox.control.egress(egressId);
    expect(egress?.status).toBe("EGRESS_ACTIVE");
    expect(egress?.stream_results.map((s) => s.status)).toEqual(["FAILED", "ACTIVE"]);
    expect(egress?.stream_results[0]?.error).toContain("disabled");
  });

  test("an unknown MUX stream key fails the only output, so the egress fails", async () => {
    const info = await w.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest("not-a-key")] }));
    await w.sandbox.control.advance(1500);
    expect(w.sandbox.control.egress(info.egressId)).toMatchObject({ status: "EGRESS_FAILED", details: "End reason: Failure" });
  });

  test("the room emptying ends the broadcast and disconnects MUX's publisher", async () => {
    const { stream, egressId } = await goLive(0);
    await w.sandbox.control.advance(1500);
    w.sandbox.control.leaveRoom("studio", "host");
    await w.sandbox.control.settle();
    expect(w.sandbox.control.egress(egressId)?.status).toBe("EGRESS_COMPLETE");
    expect((await w.mux.video.liveStreams.retrieve(stream.id)).status).toBe("idle");
    // Stopping it now is the normal "already ended" path.
    await expect(w.egress.stopEgress(egressId)).rejects.toMatchObject({ code: "failed_precondition" });
  });

  test("max_continuous_duration disconnects the encoder", async () => {
    const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"], max_continuous_duration: 60, reconnect_window: 0 });
    const info = await w.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest(stream.stream_key)] }));
    await w.sandbox.control.advance(1500);
    await w.sandbox.control.advance(60_000);
    expect((await w.mux.video.liveStreams.retrieve(stream.id)).status).toBe("idle");
    expect(w.sandbox.control.egress(info.egressId)?.status).toBe("EGRESS_FAILED");
  });
});

describe("real-timer mode (the dev app's)", () => {
  test("settle() waits for the egress start delay; advance() skips deadlines", async () => {
    const real = await startWorld({ egressStartDelayMs: 30 });
    try {
      real.sandbox.control.joinRoom("studio", "host");
      const stream = await real.mux.video.liveStreams.create({ playback_policy: ["public"], reconnect_window: 600 });
      const { egressId } = await real.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest(stream.stream_key)] }));
      await real.sandbox.control.settle();
      expect(real.sandbox.control.egress(egressId)?.status).toBe("EGRESS_ACTIVE");
      await real.egress.stopEgress(egressId);
      await real.sandbox.control.settle(); // does not wait 10 minutes for the reconnect window
      expect((await real.mux.video.liveStreams.retrieve(stream.id)).status).toBe("active");
      await real.sandbox.control.advance(600_000);
      expect((await real.mux.video.liveStreams.retrieve(stream.id)).status).toBe("idle");
    } finally {
      await real.sandbox.close();
    }
  });
});
