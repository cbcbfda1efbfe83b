// Opt-in rate limits (packages/sandbox/src/rate-limits.ts), seen through the official SDKs: MUX token
// buckets with 429 + retry headers that @mux/mux-node honours, and LiveKit Cloud's
// concurrent-egress cap as the Twirp error it answers.
import Mux, { APIError } from "@mux/mux-node";
import { EgressStatus, ServerError, StreamOutput } from "livekit-server-sdk";
import { afterEach, describe, expect, test } from "vitest";
import { MUX_OTHER_BUCKET, MUX_POST_BUCKET } from "@golive/sandbox";
import { caught, muxIngest, startWorld, type World } from "../support/sandbox-clients";

const T0 = 1_700_000_000_000;
let w: World | undefined;
afterEach(async () => {
  await w?.sandbox.close();
  w = undefined;
});

async function world(extra: Parameters<typeof startWorld>[0] = {}): Promise<World> {
  w = await startWorld({ now: () => T0, ...extra });
  return w;
}

const create = (mux: Mux) => mux.video.liveStreams.create({ playback_policy: ["public"] });

/** The 429 as the SDK surfaces it, with the headers it read the retry delay from. */
async function refusal(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error("expected a 429");
}

describe("MUX token buckets", () => {
  test("off by default: a burst of 10 creates all succeed", async () => {
    const { mux, sandbox } = await world();
    await Promise.all(Array.from({ length: 10 }, () => create(mux)));
    expect(sandbox.control.muxLiveStreams()).toHaveLength(10);
    expect(sandbox.control.requests({ service: "mux" }).map((r) => r.status)).toEqual(Array(10).fill(201));
  });

  test("POST: the burst allowance, then 429 with retry headers; one more token per second of sandbox time", async () => {
    const { mux, sandbox } = await world({ rateLimits: { mux: true } });
    expect(MUX_POST_BUCKET).toEqual({ perSecond: 1, burst: 3 });
    for (let i = 0; i < 3; i++) await create(mux);

    const refused = await refusal(create(mux));
    expect(refused.status).toBe(429);
    expect(refused.headers?.get("retry-after")).toBe("1");
    expect(refused.headers?.get("retry-after-ms")).toBe("1000");
    expect(refused.error).toEqual({ errors: ["Too many requests, retry later."] });

    // Part of a second: still no whole token; the wait left is what the headers say.
    await sandbox.control.advance(400);
    const early = await refusal(create(mux));
    expect(early.headers?.get("retry-after-ms")).toBe("600");
    expect(early.headers?.get("retry-after")).toBe("1");

    await sandbox.control.advance(600);
    await expect(create(mux)).resolves.toMatchObject({ status: "idle" });
    expect((await refusal(create(mux))).status).toBe(429);
    expect(sandbox.control.requests({ service: "mux" }).map((r) => r.status)).toEqual([201, 201, 201, 429, 429, 201, 429]);
  });

  test("GET, PUT, DELETE: 5/s in their own bucket; a refused call changes nothing", async () => {
    const { mux, sandbox } = await world({ rateLimits: { mux: true } });
    expect(MUX_OTHER_BUCKET).toEqual({ perSecond: 5, burst: 5 });
    const stream = await create(mux);
    for (let i = 0; i < 4; i++) await mux.video.liveStreams.retrieve(stream.id);
    await mux.video.liveStreams.disable(stream.id); // the 5th token

    const refusedDelete = await refusal(mux.video.liveStreams.delete(stream.id));
    expect(refusedDelete.status).toBe(429);
    expect(refusedDelete.headers?.get("retry-after-ms")).toBe("200");
    expect(sandbox.control.muxLiveStream(stream.id)).toMatchObject({ id: stream.id, status: "disabled" });
    // The POST bucket is separate: creates still go through.
    await create(mux);

    await sandbox.control.advance(200);
    await mux.video.liveStreams.delete(stream.id);
    expect(sandbox.control.muxLiveStream(stream.id)).toBeUndefined();
    expect(sandbox.control.requests({ service: "mux", method: "DELETE" }).map((r) => r.status)).toEqual([429, 204]);
  });

  test("a refused create makes no stream and sends no webhook", async () => {
    const { mux, sandbox } = await world({ rateLimits: { mux: { post: { perSecond: 1, burst: 1 } } } });
    await create(mux);
    expect((await refusal(create(mux))).status).toBe(429);
    await sandbox.control.settle();
    expect(sandbox.control.muxLiveStreams()).toHaveLength(1);
    expect(sandbox.control.webhooksSent({ service: "mux", type: "video.live_stream.created" })).toHaveLength(1);
  });

  test("the SDK's own retry waits for retry-after-ms and then succeeds", async () => {
    // Real timers, because the SDK sleeps in real time: 20/s makes the wait 50 ms.
    const { sandbox, creds } = await world({ now: undefined, rateLimits: { mux: { post: { perSecond: 20, burst: 1 } } } });
    const retrying = new Mux({ tokenId: creds.tokenId, tokenSecret: creds.tokenSecret, baseURL: sandbox.muxBaseUrl });
    await create(retrying);
    const started = Date.now();
    await expect(create(retrying)).resolves.toMatchObject({ status: "idle" });
    // Well under retry-after's whole second and the SDK's own first backoff (375–500 ms).
    expect(Date.now() - started).toBeLessThan(350);
    expect(sandbox.control.requests({ service: "mux" }).map((r) => r.status)).toEqual([201, 429, 201]);
    expect(sandbox.control.muxLiveStreams()).toHaveLength(2);
  });

  test("retryAfterHeaders: false answers a bare 429, like the one captured from MUX", async () => {
    const { mux } = await world({ rateLimits: { mux: { post: { perSecond: 1, burst: 1 }, retryAfterHeaders: false } } });
    await create(mux);
    const refused = await refusal(create(mux));
    expect(refused.status).toBe(429);
    expect(refused.headers?.get("retry-after")).toBeNull();
    expect(refused.headers?.get("retry-after-ms")).toBeNull();
  });
});

describe("LiveKit concurrent-egress cap", () => {
  test("the egress beyond the cap gets resource_exhausted; one ending frees a slot", async () => {
    const { egress, mux, sandbox } = await world({ rateLimits: { livekitMaxConcurrentEgress: 2 } });
    for (const room of ["a", "b", "c"]) sandbox.control.joinRoom(room, "host");
    // Real stream keys, so the egresses stay up (an unknown key fails the egress at once).
    const keys = await Promise.all([create(mux), create(mux), create(mux)]).then((s) => s.map((x) => x.stream_key));
    const output = (i: number) => new StreamOutput({ urls: [muxIngest(keys[i] ?? "")] });
    const first = await egress.startRoomCompositeEgress("a", output(0));
    await egress.startRoomCompositeEgress("b", output(1));
    await sandbox.control.settle();
    expect(sandbox.control.egresses().map((e) => e.status)).toEqual(["EGRESS_ACTIVE", "EGRESS_ACTIVE"]);

    const refused = await caught(egress.startRoomCompositeEgress("c", output(2)));
    expect(refused).toMatchObject({ status: 429, code: "resource_exhausted", message: "concurrent egress sessions limit exceeded" });
    expect(sandbox.control.egresses()).toHaveLength(2);
    expect(sandbox.control.requests({ rpc: "StartRoomCompositeEgress" }).map((r) => r.status)).toEqual([200, 200, 429]);

    expect(await egress.stopEgress(first.egressId)).toMatchObject({ status: EgressStatus.EGRESS_ENDING });
    await sandbox.control.settle();
    expect(sandbox.control.egress(first.egressId)?.status).toBe("EGRESS_COMPLETE");
    await expect(egress.startRoomCompositeEgress("c", output(2))).resolves.toMatchObject({ roomName: "c" });
  });

  test("the SDK surfaces it as a ServerError", async () => {
    const { egress, sandbox } = await world({ rateLimits: { livekitMaxConcurrentEgress: 0 } });
    sandbox.control.joinRoom("a", "host");
    await expect(egress.startRoomCompositeEgress("a", new StreamOutput({ urls: [muxIngest("k-123456")] }))).rejects.toBeInstanceOf(ServerError);
  });
});

describe("setRateLimits", () => {
  test("in process: on, then off; the answer says what is in force", async () => {
    const { mux, sandbox } = await world();
    expect(sandbox.control.setRateLimits({ mux: true, livekitMaxConcurrentEgress: 3 })).toEqual({
      mux: { post: MUX_POST_BUCKET, other: MUX_OTHER_BUCKET, retryAfterHeaders: true },
      livekitMaxConcurrentEgress: 3,
    });
    for (let i = 0; i < 3; i++) await create(mux);
    expect((await refusal(create(mux))).status).toBe(429);
    expect(sandbox.control.setRateLimits()).toEqual({});
    await create(mux);
    expect(() => sandbox.control.setRateLimits({ livekitMaxConcurrentEgress: -1 })).toThrow(/livekitMaxConcurrentEgress/);
  });

  test("over HTTP: POST /_sandbox/setRateLimits with the settings; {} turns them off", async () => {
    const { mux, egress, sandbox } = await world();
    const post = (body: unknown) =>
      fetch(`${sandbox.controlUrl}/setRateLimits`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

    const on = await post({ mux: { post: { perSecond: 1, burst: 1 } }, livekitMaxConcurrentEgress: 0 });
    expect(on.status).toBe(200);
    expect(await on.json()).toEqual({
      result: { mux: { post: { perSecond: 1, burst: 1 }, other: MUX_OTHER_BUCKET, retryAfterHeaders: true }, livekitMaxConcurrentEgress: 0 },
    });
    await create(mux);
    expect((await refusal(create(mux))).status).toBe(429);
    sandbox.control.joinRoom("a", "host");
    expect(await caught(egress.startRoomCompositeEgress("a", new StreamOutput({ urls: [muxIngest("k-123456")] })))).toMatchObject({
      code: "resource_exhausted",
    });

    const off = await post({});
    expect(await off.json()).toEqual({ result: {} });
    await create(mux);
    await expect(egress.startRoomCompositeEgress("a", new StreamOutput({ urls: [muxIngest("k-123456")] }))).resolves.toBeDefined();

    const bad = await post({ mux: { post: { perSecond: 0, burst: 1 } } });
    expect(bad.status).toBe(400);
    const unknown = await post({ muxx: true });
    expect(unknown.status).toBe(400);
    // GET can't change it (control API rule: only argument-less reads answer GET).
    expect((await fetch(`${sandbox.controlUrl}/setRateLimits`)).status).toBe(405);
  });

  test("reset() refills the buckets and keeps the limits", async () => {
    const { mux, sandbox } = await world({ rateLimits: { mux: { post: { perSecond: 1, burst: 1 } } } });
    await create(mux);
    expect((await refusal(create(mux))).status).toBe(429);
    sandbox.control.reset();
    await create(mux);
    expect((await refusal(create(mux))).status).toBe(429);
  });
});
