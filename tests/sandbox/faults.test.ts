// Fault injection on the HTTP APIs, seen through the official SDKs.
import Mux from "@mux/mux-node";
import { EgressClient, StreamOutput } from "livekit-server-sdk";
import { describe, expect, test } from "vitest";
import { caught, muxIngest, type World, useStudioWorld } from "../support/sandbox-clients";

let w: World;
useStudioWorld({ now: () => 1_700_000_000_000 }, (world) => (w = world));

const create = (mux: Mux = w.mux) => mux.video.liveStreams.create({ playback_policy: ["public"], passthrough: "row-1" });

describe("MUX faults", () => {
  test("status + body, once by default", async () => {
    const id = w.sandbox.control.fault({
      service: "mux",
      match: { method: "POST", path: "/video/v1/live-streams" },
      action: { status: 429, body: { error: { type: "rate_limit_exceeded", messages: ["slow down"] } } },
    });
    expect(id).toMatch(/^fault_/);
    const err = await caught(create());
    expect(err.status).toBe(429);
    expect(err.message).toContain("slow down");
    await expect(create()).resolves.toMatchObject({ status: "idle" });
    expect(w.sandbox.control.requests({ service: "mux" }).map((r) => [r.status, r.faultId])).toEqual([
      [429, id],
      [201, undefined],
    ]);
  });

  test("dropAfterHandling: the stream is made but the answer is lost; the SDK's retry makes a duplicate", async () => {
    w.sandbox.control.fault({ service: "mux", match: { method: "POST", path: "/video/v1/live-streams" }, action: { dropAfterHandling: true } });
    const lost = await caught(create());
    expect(lost.status).toBeUndefined(); // a connection error: no answer
    expect(w.sandbox.control.muxLiveStreams()).toHaveLength(1);
    expect(w.sandbox.control.requests({ service: "mux" }).map((r) => r.status)).toEqual([201]);

    const retrying = new Mux({ tokenId: w.creds.tokenId, tokenSecret: w.creds.tokenSecret, baseURL: w.sandbox.muxBaseUrl, maxRetries: 1 });
    w.sandbox.control.fault({ service: "mux", match: { method: "POST", path: "/video/v1/live-streams" }, action: { dropAfterHandling: true } });
    await expect(create(retrying)).resolves.toMatchObject({ passthrough: "row-1" });
    expect(w.sandbox.control.muxLiveStreams().filter((s) => s.passthrough === "row-1")).toHaveLength(3);
  });

  test("a 5xx is retried by the SDK: the retried create is visible in the recorded requests", async () => {
    const retrying = new Mux({ tokenId: w.creds.tokenId, tokenSecret: w.creds.tokenSecret, baseURL: w.sandbox.muxBaseUrl, maxRetries: 2 });
    w.sandbox.control.fault({
      service: "mux",
      match: { method: "POST", path: /^\/video\/v1\/live-streams$/ },
      // retry-after-ms keeps the SDK's backoff out of the test's wall time
      action: { status: 503, body: { error: { type: "unavailable", messages: ["try again"] } }, headers: { "retry-after-ms": "0" } },
    });
    await create(retrying);
    const posts = w.sandbox.control.requests({ service: "mux", method: "POST" });
    expect(posts.map((p) => p.status)).toEqual([503, 201]);
    expect(posts.map((p) => p.body)).toEqual([
      { playback_policy: ["public"], passthrough: "row-1" },
      { playback_policy: ["public"], passthrough: "row-1" },
    ]);
  });

  test("drop: the connection closes with no answer", async () => {
    w.sandbox.control.fault({ service: "mux", match: { method: "POST" }, action: { drop: true } });
    const err = await caught(create());
    expect(err.status).toBeUndefined();
    expect(err.message).toMatch(/connection/i);
    expect(w.sandbox.control.requests()[0]?.status).toBe(0);
    expect(w.sandbox.control.muxLiveStreams()).toHaveLength(0);
  });

  test("delay: the answer waits for sandbox time (a client timeout sees a hang)", async () => {
    w.sandbox.control.fault({ service: "mux", match: { method: "GET" }, action: { delayMs: 10_000 } });
    const { id } = await create();
    const arrived = w.sandbox.control.nextRequest({ service: "mux", method: "GET" });
    const pending = w.mux.video.liveStreams.retrieve(id);
    let settled = false;
    pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await arrived;
    await w.sandbox.control.settle();
    expect(settled).toBe(false);
    await w.sandbox.control.advance(10_000);
    await expect(pending).resolves.toMatchObject({ id });
    const timeout = new Mux({ tokenId: w.creds.tokenId, tokenSecret: w.creds.tokenSecret, baseURL: w.sandbox.muxBaseUrl, maxRetries: 0, timeout: 50 });
    w.sandbox.control.fault({ service: "mux", match: { method: "GET" }, action: { delayMs: 10_000 } });
    expect((await caught(timeout.video.liveStreams.retrieve(id))).message).toMatch(/timed out/i);
  });

  test("times: Infinity until clearFaults", async () => {
    w.sandbox.control.fault({ service: "mux", match: {}, times: Infinity, action: { status: 500 } });
    expect((await caught(create())).status).toBe(500);
    expect((await caught(create())).status).toBe(500);
    w.sandbox.control.clearFaults();
    await expect(create()).resolves.toBeDefined();
  });
});

describe("LiveKit faults", () => {
  test("a Twirp error by RPC name", async () => {
    w.sandbox.control.fault({ service: "livekit", match: { rpc: "StartRoomCompositeEgress" }, action: { twirp: { code: "unavailable", msg: "no egress workers" } } });
    const err = await caught(w.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest("k")] })));
    expect(err).toMatchObject({ status: 503, code: "unavailable", message: "no egress workers" });
    expect(w.sandbox.control.requests({ rpc: "StartRoomCompositeEgress" })[0]).toMatchObject({ status: 503, service: "livekit" });
    expect(w.sandbox.control.egresses()).toHaveLength(0);
  });

  test("a plain status, a drop and a delay", async () => {
    w.sandbox.control.fault({ service: "livekit", match: { rpc: "ListEgress" }, action: { status: 502, body: "bad gateway" } });
    expect((await caught(w.egress.listEgress())).status).toBe(502);
    w.sandbox.control.fault({ service: "livekit", match: { rpc: "ListEgress" }, action: { drop: true } });
    expect((await caught(w.egress.listEgress())).status).toBeUndefined();
    const impatient = new EgressClient(w.sandbox.livekitUrl, w.creds.apiKey, w.creds.apiSecret, { requestTimeout: 0.05 });
    w.sandbox.control.fault({ service: "livekit", match: { rpc: "ListEgress" }, action: { delayMs: 60_000 } });
    expect((await caught(impatient.listEgress())).message).toMatch(/timeout|aborted/i);
  });

  test("failStreamUrl fails one destination; the egress goes on with the rest", async () => {
    const stream = await create();
    const { egressId } = await w.egress.startRoomCompositeEgress(
      "studio",
      new StreamOutput({ urls: [muxIngest(stream.stream_key), "rtmp://a.rtmp.youtube.com/live2/yt-key-123"] }),
    );
    await w.sandbox.control.settle();
    expect(w.sandbox.control.failStreamUrl(egressId, "youtube", "Connection refused")).toBe(true);
    const egress = w.sandbox.control.egress(egressId);
    expect(egress?.status).toBe("EGRESS_ACTIVE");
    expect(egress?.stream_results[1]).toMatchObject({ status: "FAILED", error: "Connection refused", url: "rtmp://a.rtmp.youtube.com/live2/{yt-...123}" });
    expect((await w.mux.video.liveStreams.retrieve(stream.id)).status).toBe("active");
    expect(w.sandbox.control.failStreamUrl(egressId, "youtube")).toBe(false); // already failed

    w.sandbox.control.failStreamUrl(egressId, "mux.com", "Broken pipe");
    expect(w.sandbox.control.egress(egressId)).toMatchObject({ status: "EGRESS_FAILED", error: "Broken pipe" });
  });

  test("refuseIngest: a destination that never connects", async () => {
    w.sandbox.control.refuseIngest("twitch", "rtmp connect failed: i/o timeout");
    const { egressId } = await w.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: ["rtmp://live.twitch.tv/app/live_1"] }));
    await w.sandbox.control.settle();
    expect(w.sandbox.control.egress(egressId)).toMatchObject({ status: "EGRESS_FAILED", error: "rtmp connect failed: i/o timeout" });
  });
});
