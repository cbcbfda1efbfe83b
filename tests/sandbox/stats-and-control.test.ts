// Viewer counts (/counts with a token from mux.jwt.signViewerCounts) and the HTTP control API.
import { generateKeyPairSync } from "node:crypto";
import Mux from "@mux/mux-node";
import { StreamOutput } from "livekit-server-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { muxIngest, startWorld, type World } from "../support/sandbox-clients";

const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const privatePem = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const publicPem = keys.publicKey.export({ type: "spki", format: "pem" }).toString();
const keyId = "sandbox-signing-key";

let w: World;
let signer: Mux;
beforeAll(async () => {
  w = await startWorld({ mux: { signingKeyId: keyId, signingPublicKeyPem: publicPem } });
  // base64 of the PEM, the form MUX_PRIVATE_KEY takes
  signer = new Mux({ tokenId: "x", tokenSecret: "y", jwtSigningKey: keyId, jwtPrivateKey: Buffer.from(privatePem).toString("base64") });
});
beforeEach(() => w.sandbox.control.reset());
afterAll(() => w.sandbox.close());

const counts = (token: string) => fetch(`${w.sandbox.muxStatsUrl}/counts?token=${encodeURIComponent(token)}`);

describe("viewer counts", () => {
  test("by live stream id and by playback id", async () => {
    const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    w.sandbox.control.setViewers(stream.id, { viewers: 7, views: 42 });
    const byStream = await counts(await signer.jwt.signViewerCounts(stream.id, { type: "live_stream" }));
    expect(byStream.status).toBe(200);
    expect(await byStream.json()).toEqual({ data: [{ viewers: 7, views: 42, updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }] });
    const playbackId = stream.playback_ids?.[0]?.id ?? "";
    const byPlayback = await counts(await signer.jwt.signViewerCounts(playbackId, { type: "playback" }));
    expect(((await byPlayback.json()) as { data: { viewers: number }[] }).data[0]?.viewers).toBe(7);
    expect(w.sandbox.control.requests({ service: "stats" })).toHaveLength(2);
  });

  test("unknown ids count zero; bad tokens → 403", async () => {
    const zero = await counts(await signer.jwt.signViewerCounts("nobody", { type: "live_stream" }));
    expect(((await zero.json()) as { data: { views: number }[] }).data[0]?.views).toBe(0);

    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const forged = await signer.jwt.signViewerCounts("x", { type: "live_stream", keySecret: other });
    const rejected = await counts(forged);
    expect(rejected.status).toBe(403);
    expect(await rejected.json()).toMatchObject({ error: { type: "forbidden", messages: [expect.stringContaining("invalid token")] } });
    expect((await counts("not-a-jwt")).status).toBe(403);
    const wrongKid = await signer.jwt.signViewerCounts("x", { type: "live_stream", keyId: "other-key" });
    expect((await counts(wrongKid)).status).toBe(403);
    expect((await fetch(`${w.sandbox.muxStatsUrl}/counts`)).status).toBe(403);
  });
});

describe("ingest health", () => {
  const health = (token: string) => fetch(`${w.sandbox.muxStatsUrl}/live-stream-health?token=${encodeURIComponent(token)}`);
  const healthBody = (status: string, avg: number, deviation: number) => ({
    data: [
      {
        ingest_health: {
          status,
          updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
          stream_drift_session_avg: avg,
          stream_drift_deviation_from_rolling_avg: deviation,
        },
      },
    ],
  });

  test("unknown until an encoder connects, excellent while one is, what setIngestHealth set after", async () => {
    const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    const token = await signer.jwt.signViewerCounts(stream.id, { type: "live_stream" });
    expect(await (await health(token)).json()).toEqual(healthBody("unknown", 0, 0));

    w.sandbox.control.joinRoom("health-room", "host");
    await w.egress.startRoomCompositeEgress("health-room", new StreamOutput({ urls: [muxIngest(stream.stream_key)] }));
    await w.sandbox.control.settle();
    expect(await (await health(token)).json()).toEqual(healthBody("excellent", 0, 0));

    w.sandbox.control.setIngestHealth(stream.id, { status: "poor", streamDriftSessionAvg: 1800, streamDriftDeviationFromRollingAvg: 650 });
    expect(await (await health(token)).json()).toEqual(healthBody("poor", 1800, 650));
    expect(w.sandbox.control.requests({ service: "stats" }).map((r) => r.path)).toEqual(["/live-stream-health", "/live-stream-health", "/live-stream-health"]);
  });

  test("only live-stream tokens; unknown streams 404; bad tokens 403", async () => {
    const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    const playbackId = stream.playback_ids?.[0]?.id ?? "";
    expect((await health(await signer.jwt.signViewerCounts(playbackId, { type: "playback" }))).status).toBe(403);
    expect((await health(await signer.jwt.signViewerCounts("nobody", { type: "live_stream" }))).status).toBe(404);
    expect((await health("not-a-jwt")).status).toBe(403);
    expect(() => w.sandbox.control.setIngestHealth("nobody", { status: "good" })).toThrow(/live stream/);
  });

  test("liveStreamWarning sends video.live_stream.warning with the SDK's shape", async () => {
    const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    w.sandbox.control.liveStreamWarning(stream.id, { type: "unsupported_keyframe_interval", message: "Keyframes arrive every 8 s." });
    await w.sandbox.control.settle();
    const [sent] = w.sandbox.control.webhooksSent({ service: "mux", type: "video.live_stream.warning" });
    expect(JSON.parse(sent?.body ?? "{}")).toMatchObject({
      type: "video.live_stream.warning",
      object: { type: "live", id: stream.id },
      data: { id: stream.id, warning: { type: "unsupported_keyframe_interval", message: "Keyframes arrive every 8 s." } },
    });
  });
});

describe("HTTP control API", () => {
  const call = async (method: string, args?: unknown) => {
    const res = await fetch(`${w.sandbox.controlUrl}/${method}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: args === undefined ? undefined : JSON.stringify(args),
    });
    return { status: res.status, body: (await res.json()) as { result?: unknown; error?: string } };
  };

  test("rooms, faults, inspection and time over HTTP", async () => {
    expect((await call("joinRoom", { room: "studio", identity: "host" })).status).toBe(200);
    const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    const fault = await call("fault", { service: "mux", match: { method: "GET", path: { regex: "^/video/v1/live-streams/" } }, action: { status: 500 } });
    expect(fault.body.result).toEqual({ id: expect.stringMatching(/^fault_/) });
    await expect(w.mux.video.liveStreams.retrieve(stream.id)).rejects.toMatchObject({ status: 500 });

    const { egressId } = await w.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest(stream.stream_key)] }));
    expect((await call("settle")).status).toBe(200);
    const egress = (await call("egress", { id: egressId })).body.result as { status: string; raw_urls: string[] };
    expect(egress.status).toBe("EGRESS_ACTIVE");
    expect(egress.raw_urls).toEqual([muxIngest(stream.stream_key)]);
    const live = (await call("muxLiveStream", { id: stream.id })).body.result as { status: string };
    expect(live.status).toBe("active");
    const reqs = (await call("requests", { service: "livekit" })).body.result as { rpc: string }[];
    expect(reqs.map((r) => r.rpc)).toEqual(["StartRoomCompositeEgress"]);
    expect((await call("advance", { ms: 1000 })).status).toBe(200);
    expect((await call("failStreamUrl", { egressId, urlSubstring: "mux.com" })).body.result).toBe(true);
  });

  test("bad input → 400, unknown method → 404", async () => {
    expect((await call("joinRoom", { room: "" })).status).toBe(400);
    expect((await call("fault", { service: "mux", match: {}, action: { nope: 1 } })).status).toBe(400);
    expect((await call("noSuchThing")).status).toBe(404);
    const nonLoopback = await call("setWebhookUrl", { service: "mux", url: "https://example.com/hook" });
    expect(nonLoopback).toMatchObject({ status: 400, body: { error: expect.stringContaining("loopback") } });
  });
});
