// MUX's ingest dropping and coming back (`dropMuxIngest`): within the stream's reconnect window
// the same asset continues; past it the asset completes and the reconnect makes a new one, both
// in `recent_asset_ids`, each with its webhooks. A fake clock drives the windows.
import { StreamOutput, StreamProtocol } from "livekit-server-sdk";
import { describe, expect, test } from "vitest";
import { muxIngest, type World, useStudioWorld } from "../support/sandbox-clients";

let w: World;
const now = 1_700_000_000_000;
useStudioWorld({ now: () => now, egressStartDelayMs: 0 }, (world) => (w = world));

async function goLive(settings: { reconnect_window?: number; latency_mode?: "standard" | "low" }) {
  const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"], new_asset_settings: { playback_policy: ["public"] }, ...settings });
  const { egressId } = await w.egress.startRoomCompositeEgress("studio", {
    stream: new StreamOutput({ protocol: StreamProtocol.RTMP, urls: [muxIngest(stream.stream_key)] }),
  });
  await w.sandbox.control.settle();
  await w.sandbox.control.advance(10_000); // 10 s on air
  return { stream, egressId };
}

/**
 * Sandbox time forward in 1 s steps: one `advance` runs every task due by its end at that end
 * time, so a retry due at 2 s would see 12 s pass and reconnect before a 5 s window expired.
 */
async function pass(ms: number) {
  for (let done = 0; done < ms; done += 1_000) await w.sandbox.control.advance(Math.min(1_000, ms - done));
}

/**
 * Drops MUX's ingest of the stream for 10 s and lets 12 s pass: MUX's webhooks about the stream
 * or its assets meanwhile, as type names.
 */
async function eventsOfTenSecondDrop(liveStreamId: string): Promise<string[]> {
  const from = w.sandbox.control.webhooksSent({ service: "mux" }).length;
  expect(w.sandbox.control.dropMuxIngest(liveStreamId, 10_000)).toBe(true);
  await pass(12_000);
  return w.sandbox.control
    .webhooksSent({ service: "mux" })
    .slice(from)
    .filter((s) => s.body.includes(liveStreamId))
    .map((s) => s.type);
}

describe("a drop within the reconnect window", () => {
  test("the same asset continues: disconnected, then connected / recording / active", async () => {
    const { stream, egressId } = await goLive({ reconnect_window: 60 });
    const assetId = w.sandbox.control.muxLiveStream(stream.id)?.active_asset_id;

    expect(await eventsOfTenSecondDrop(stream.id)).toEqual([
      "video.live_stream.disconnected",
      "video.live_stream.connected",
      "video.live_stream.recording",
      "video.live_stream.active",
    ]);
    const live = w.sandbox.control.muxLiveStream(stream.id);
    expect(live).toMatchObject({ status: "active", active_asset_id: assetId, recent_asset_ids: [assetId] });
    expect(w.sandbox.control.muxAssets()).toHaveLength(1);
    // LiveKit counted the retries and kept the output.
    expect(w.sandbox.control.egress(egressId)?.stream_results[0]?.status).toBe("ACTIVE");
  });
});

describe("a drop longer than the reconnect window", () => {
  test("the asset completes, and the reconnect makes a new asset of the same stream", async () => {
    const { stream } = await goLive({ reconnect_window: 5 });
    const first = w.sandbox.control.muxLiveStream(stream.id)?.active_asset_id ?? "";

    expect(await eventsOfTenSecondDrop(stream.id)).toEqual([
      "video.live_stream.disconnected",
      "video.asset.live_stream_completed",
      "video.live_stream.idle",
      "video.live_stream.connected",
      "video.live_stream.recording",
      "video.asset.created",
      "video.live_stream.active",
      "video.asset.ready",
    ]);
    const live = w.sandbox.control.muxLiveStream(stream.id);
    const second = live?.active_asset_id ?? "";
    expect(second).not.toBe(first);
    expect(live).toMatchObject({ status: "active", recent_asset_ids: [first, second] });
    expect(w.sandbox.control.muxAsset(first)).toMatchObject({ is_live: false, status: "ready", duration: 10, live_stream_id: stream.id });
    expect(w.sandbox.control.muxAsset(second)).toMatchObject({ is_live: true, live_stream_id: stream.id });
    // The new asset's webhooks name its live stream, as MUX's do.
    const created = w.sandbox.control.webhooksSent({ service: "mux", type: "video.asset.created" }).at(-1);
    expect(JSON.parse(created?.body ?? "{}")).toMatchObject({ data: { id: second, live_stream_id: stream.id } });
  });

  test("low latency without a reconnect_window waits 0 s, so every drop splits the recording", async () => {
    const { stream } = await goLive({ latency_mode: "low" });
    expect(w.sandbox.control.muxLiveStream(stream.id)?.reconnect_window).toBe(0);
    w.sandbox.control.dropMuxIngest(stream.id, 2_000);
    await pass(2_000);
    expect(w.sandbox.control.muxLiveStream(stream.id)?.recent_asset_ids).toHaveLength(2);
  });

  test("low latency honours the reconnect_window it was given", async () => {
    const { stream } = await goLive({ latency_mode: "low", reconnect_window: 60 });
    w.sandbox.control.dropMuxIngest(stream.id, 2_000);
    await pass(2_000);
    expect(w.sandbox.control.muxLiveStream(stream.id)?.recent_asset_ids).toHaveLength(1);
  });
});

describe("dropMuxIngest's edges", () => {
  test("30 s or more: LiveKit gives up on the output, and MUX's window then ends the asset", async () => {
    const { stream, egressId } = await goLive({ reconnect_window: 60 });
    w.sandbox.control.dropMuxIngest(stream.id, 40_000);
    await pass(32_000);
    expect(w.sandbox.control.egress(egressId)).toMatchObject({ status: "EGRESS_FAILED" });
    await pass(60_000);
    expect(w.sandbox.control.muxLiveStream(stream.id)).toMatchObject({ status: "idle" });
  });

  test("no running egress publishes to the stream → false; an unknown stream id throws", async () => {
    const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    expect(w.sandbox.control.dropMuxIngest(stream.id, 1_000)).toBe(false);
    expect(() => w.sandbox.control.dropMuxIngest("nope", 1_000)).toThrow('unknown live stream id "nope"');
  });
});
