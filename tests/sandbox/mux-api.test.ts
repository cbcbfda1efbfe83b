// The MUX emulator driven through @mux/mux-node over HTTP.
import Mux from "@mux/mux-node";
import { StreamOutput } from "livekit-server-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { caught, muxIngest, startWorld, type World } from "../support/sandbox-clients";

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
beforeEach(() => w.sandbox.control.reset());
afterAll(() => w.sandbox.close());

const createBody = {
  playback_policy: ["public" as const],
  new_asset_settings: { playback_policy: ["public" as const] },
  latency_mode: "low" as const,
  reconnect_window: 30,
  max_continuous_duration: 3600,
  passthrough: "row-1",
};

describe("live streams", () => {
  test("create answers MUX's shape inside the data envelope", async () => {
    const stream = await w.mux.video.liveStreams.create(createBody);
    expect(stream).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9]{20,}$/),
      stream_key: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: "idle",
      playback_ids: [{ id: expect.any(String), policy: "public" }],
      new_asset_settings: { playback_policies: ["public"] },
      passthrough: "row-1",
      latency_mode: "low",
      low_latency: true,
      reconnect_window: 30,
      max_continuous_duration: 3600,
      created_at: expect.stringMatching(/^\d{10}$/),
    });
    const raw = await fetch(`${w.sandbox.muxBaseUrl}/video/v1/live-streams/${stream.id}`, {
      headers: { authorization: `Basic ${Buffer.from(`${w.creds.tokenId}:${w.creds.tokenSecret}`).toString("base64")}` },
    });
    expect(Object.keys((await raw.json()) as object)).toEqual(["data"]);
  });

  test("defaults: standard latency, 60 s reconnect window, 12 h maximum", async () => {
    const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    expect(stream).toMatchObject({ latency_mode: "standard", reconnect_window: 60, max_continuous_duration: 43200 });
    const low = await w.mux.video.liveStreams.create({ latency_mode: "reduced" });
    expect(low.reconnect_window).toBe(0);
  });

  test("retrieve, disable, enable, delete", async () => {
    const { id } = await w.mux.video.liveStreams.create(createBody);
    expect((await w.mux.video.liveStreams.retrieve(id)).id).toBe(id);
    await w.mux.video.liveStreams.disable(id);
    expect((await w.mux.video.liveStreams.retrieve(id)).status).toBe("disabled");
    await w.mux.video.liveStreams.enable(id);
    expect((await w.mux.video.liveStreams.retrieve(id)).status).toBe("idle");
    await w.mux.video.liveStreams.delete(id);
    const err = await caught(w.mux.video.liveStreams.retrieve(id));
    expect(err.status).toBe(404);
    expect(w.sandbox.control.requests({ service: "mux", method: "DELETE" })[0]?.status).toBe(204);
  });

  test("list filters by status and pages with page/limit, newest first", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await w.mux.video.liveStreams.create({ playback_policy: ["public"] })).id);
      await w.sandbox.control.advance(1000); // distinct created_at
    }
    await w.mux.video.liveStreams.disable(ids[0] ?? "");
    const idle = await w.mux.video.liveStreams.list({ status: "idle" });
    expect(idle.data.map((s) => s.id)).toEqual(ids.slice(1).reverse());
    const page2 = await w.mux.video.liveStreams.list({ limit: 2, page: 2 });
    expect(page2.data.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    const all: string[] = [];
    for await (const s of w.mux.video.liveStreams.list({ limit: 2 })) all.push(s.id);
    expect(all).toEqual([...ids].reverse());
  });

  test("complete on an idle stream is a harmless 200", async () => {
    const { id } = await w.mux.video.liveStreams.create(createBody);
    await w.mux.video.liveStreams.complete(id);
    expect(w.sandbox.control.requests({ path: `/video/v1/live-streams/${id}/complete` })[0]?.status).toBe(200);
  });

  test("simulcast targets: create, retrieve, delete", async () => {
    const { id } = await w.mux.video.liveStreams.create(createBody);
    const target = await w.mux.video.liveStreams.createSimulcastTarget(id, { url: "rtmp://a.rtmp.youtube.com/live2", stream_key: "yt-key", passthrough: "yt" });
    expect(target).toEqual({ id: expect.any(String), url: "rtmp://a.rtmp.youtube.com/live2", stream_key: "yt-key", passthrough: "yt", status: "idle" });
    expect((await w.mux.video.liveStreams.retrieve(id)).simulcast_targets).toHaveLength(1);
    await w.mux.video.liveStreams.deleteSimulcastTarget(id, target.id);
    expect((await w.mux.video.liveStreams.retrieve(id)).simulcast_targets).toBeUndefined();
    const bad = await caught(w.mux.video.liveStreams.createSimulcastTarget(id, { url: "http://nope" }));
    expect(bad.status).toBe(400);
  });
});

describe("errors in MUX's shape", () => {
  test("wrong credentials → 401 AuthenticationError", async () => {
    const wrong = new Mux({ tokenId: w.creds.tokenId, tokenSecret: "nope", baseURL: w.sandbox.muxBaseUrl, maxRetries: 0 });
    const err = await caught(wrong.video.liveStreams.create(createBody));
    expect(err.status).toBe(401);
    expect(err.message).toContain("unauthorized");
    expect(w.sandbox.control.muxLiveStreams()).toHaveLength(0);
  });

  test.each([
    [{ max_continuous_duration: 59 }, "max_continuous_duration must be between 60 and 43200"],
    [{ max_continuous_duration: 43201 }, "max_continuous_duration must be between 60 and 43200"],
    [{ reconnect_window: 1801 }, "reconnect_window must be between 0 and 1800"],
    [{ reconnect_window: -1 }, "reconnect_window must be between 0 and 1800"],
  ])("validation %j → 400 invalid_parameters", async (extra, message) => {
    const err = await caught(w.mux.video.liveStreams.create({ ...createBody, ...extra }));
    expect(err.status).toBe(400);
    expect(err.message).toContain("invalid_parameters");
    expect(err.message).toContain(message);
  });

  test("bad enums → 400", async () => {
    const raw = (body: unknown) =>
      fetch(`${w.sandbox.muxBaseUrl}/video/v1/live-streams`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${w.creds.tokenId}:${w.creds.tokenSecret}`).toString("base64")}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(body),
      });
    const latency = await raw({ latency_mode: "ultra" });
    expect(latency.status).toBe(400);
    expect(await latency.json()).toEqual({ error: { type: "invalid_parameters", messages: ["latency_mode must be one of low, reduced, standard"] } });
    expect((await raw({ playback_policy: ["private"] })).status).toBe(400);
    expect((await raw({ new_asset_settings: { playback_policy: ["nope"] } })).status).toBe(400);
  });

  test("meta: kept on the stream and on each asset it records (new_asset_settings.meta); MUX's maxima enforced", async () => {
    const title = "Café live — 🎥".padEnd(512, "x");
    const stream = await w.mux.video.liveStreams.create({
      ...createBody,
      meta: { title },
      new_asset_settings: { playback_policy: ["public"], meta: { title, external_id: "row-1" } },
    });
    expect(stream.meta).toEqual({ title });
    expect(stream.new_asset_settings?.meta).toEqual({ title, external_id: "row-1" });
    w.sandbox.control.joinRoom("studio", "host");
    await w.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest(stream.stream_key)] }));
    await w.sandbox.control.settle();
    const asset = w.sandbox.control.muxAsset(w.sandbox.control.muxLiveStream(stream.id)?.active_asset_id ?? "");
    expect(asset?.meta).toEqual({ title, external_id: "row-1" });

    const raw = (body: unknown) =>
      fetch(`${w.sandbox.muxBaseUrl}/video/v1/live-streams`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${w.creds.tokenId}:${w.creds.tokenSecret}`).toString("base64")}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const long = await raw({ meta: { title: "x".repeat(513) } });
    expect({ status: long.status, body: await long.json() }).toEqual({ status: 400, body: { error: { type: "invalid_parameters", messages: ["meta.title must be at most 512 code points"] } } });
    expect((await raw({ meta: { description: "not MUX's" } })).status).toBe(400);
    expect((await raw({ new_asset_settings: { meta: { creator_id: "c".repeat(129) } } })).status).toBe(400);
  });

  test("unknown ids → 404 not_found", async () => {
    const err = await caught(w.mux.video.liveStreams.retrieve("does-not-exist"));
    expect(err.status).toBe(404);
    expect(err.message).toContain("not_found");
    expect((await caught(w.mux.video.assets.retrieve("nope"))).status).toBe(404);
    expect((await caught(w.mux.video.liveStreams.complete("nope"))).status).toBe(404);
  });
});
