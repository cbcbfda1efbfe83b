// Stream health (docs/architecture.md, "Stream health"): MUX's ingest health polled within the
// viewer counts' budget, MUX's warnings kept, LiveKit's retrying outputs never "live", and Retry
// of a failed extra destination re-adding its sealed URL. Real route handlers over HTTP, a real
// database, the official SDKs talking to the sandbox; golive's clock is the sandbox's.
import { eq } from "drizzle-orm";
import { retryDestination } from "@/app/actions/livestream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { getDb } from "@/lib/db";
import { setGoliveClock } from "@golive/next/config";
import { livestreamStatusResultSchema, startLivestreamResultSchema, type LivestreamStatusResult } from "@golive/next/contract";
import { livestreams } from "@golive/next/db";
import { callAction } from "../support/server-actions";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { signMux } from "../support/webhooks";

const t = useTestApp({ host: "Host", stranger: "Stranger" }, { viewerCounts: true });
const control = () => t.app.sandbox.control;

beforeAll(() => setGoliveClock(() => control().now()));
afterAll(() => setGoliveClock(undefined));

// Every log line of the file, to prove no key reaches one.
const logged: string[] = [];
beforeEach(() => {
  for (const level of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  }
});
afterEach(() => vi.restoreAllMocks());

const YT_KEY = "yt12-3456-7890-abcd";
const TW_KEY = "live_123456789_abcdefghijkl";
const youtube = { type: "youtube", name: "YouTube", streamKey: YT_KEY };
const twitch = { type: "twitch", name: "Twitch", streamKey: TW_KEY };

let rooms = 0;
async function goLive(extra: Record<string, unknown> = {}) {
  const room = `health-${++rooms}`;
  control().joinRoom(room, t.host.id);
  const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await control().settle();
  const started = parseBody(res, startLivestreamResultSchema);
  return { room, ...started };
}

async function status(id: string): Promise<LivestreamStatusResult> {
  const res = await t.host.request("GET", `/api/video/livestream/status?id=${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return parseBody(res, livestreamStatusResultSchema);
}

/** Lets the next poll ask MUX again, as 15 s passing would. */
async function statsDue(id: string) {
  const db = await getDb();
  await db.update(livestreams).set({ viewersCheckedAt: new Date(Date.now() - 16_000) }).where(eq(livestreams.id, id));
}

const statsCalls = (path: string) => control().requests({ service: "stats" }).filter((r) => r.path === path).length;

describe("MUX ingest health", () => {
  test("100 polls, one live-stream-health call and one counts call; the answer is MUX's", async () => {
    const live = await goLive();
    control().setIngestHealth(live.muxLiveStreamId, { status: "good", streamDriftSessionAvg: 640, streamDriftDeviationFromRollingAvg: 120 });
    const before = { health: statsCalls("/live-stream-health"), counts: statsCalls("/counts") };

    const polls = await Promise.all(Array.from({ length: 100 }, () => t.host.request("GET", `/api/video/livestream/status?id=${live.livestreamId}`)));
    expect(polls.map((p) => p.status)).toEqual(polls.map(() => 200));
    expect(statsCalls("/live-stream-health") - before.health).toBe(1);
    expect(statsCalls("/counts") - before.counts).toBe(1);
    // Status reads the database: no MUX API call for it.
    expect(control().requests({ service: "mux", method: "GET" })).toEqual([]);

    const answer = await status(live.livestreamId);
    expect(answer.health).toEqual({
      ingestAvailable: true,
      ingest: { status: "good", driftSessionAvgMs: 640, driftDeviationMs: 120, updatedAt: expect.any(Date), checkedAt: expect.any(Date) },
      warning: null,
    });

    // 15 s later the next poll asks again, and sees the change.
    control().setIngestHealth(live.muxLiveStreamId, { status: "poor", streamDriftSessionAvg: 2100, streamDriftDeviationFromRollingAvg: 900 });
    await statsDue(live.livestreamId);
    await Promise.all(Array.from({ length: 20 }, () => status(live.livestreamId)));
    expect(statsCalls("/live-stream-health") - before.health).toBe(2);
    expect((await status(live.livestreamId)).health.ingest).toMatchObject({ status: "poor", driftSessionAvgMs: 2100, driftDeviationMs: 900 });
  });

  test("stats trouble keeps the last reading and never fails the status", async () => {
    const live = await goLive();
    control().setIngestHealth(live.muxLiveStreamId, { status: "excellent" });
    expect((await status(live.livestreamId)).health.ingest?.status).toBe("excellent");
    await statsDue(live.livestreamId);
    control().fault({ service: "stats", match: { path: "/live-stream-health" }, action: { status: 500, body: {} } });
    control().setIngestHealth(live.muxLiveStreamId, { status: "poor" });
    const res = await t.host.request("GET", `/api/video/livestream/status?id=${live.livestreamId}`);
    expect(res.status).toBe(200);
    expect(parseBody(res, livestreamStatusResultSchema).health.ingest?.status).toBe("excellent");
  });

  test("a status MUX adds later reads unknown; an ended broadcast shows no ingest health", async () => {
    const live = await goLive();
    control().fault({ service: "stats", match: { path: "/live-stream-health" }, action: { status: 200, body: { data: [{ ingest_health: { status: "stellar" } }] } } });
    expect((await status(live.livestreamId)).health.ingest).toEqual({ status: "unknown", driftSessionAvgMs: null, driftDeviationMs: null, updatedAt: null, checkedAt: expect.any(Date) });
    expect((await t.host.request("DELETE", "/api/video/livestream", { livestreamId: live.livestreamId })).status).toBe(200);
    expect((await status(live.livestreamId)).health).toEqual({ ingestAvailable: true, ingest: null, warning: null });
  });
});

describe("MUX warnings", () => {
  test("video.live_stream.warning is kept with its message masked, the newest one shown", async () => {
    const live = await goLive();
    const streamKey = control().muxLiveStream(live.muxLiveStreamId)?.stream_key ?? "";
    expect(streamKey).not.toBe("");
    control().liveStreamWarning(live.muxLiveStreamId, { type: "unsupported_keyframe_interval", message: `Keyframes on ${streamKey} arrive every 8 s; send one every 2 s.` });
    await control().settle();
    const warned = await status(live.livestreamId);
    expect(warned.health.warning).toEqual({
      type: "unsupported_keyframe_interval",
      message: expect.stringMatching(/^Keyframes on .+ arrive every 8 s; send one every 2 s\.$/),
      at: expect.any(Date),
    });
    expect(JSON.stringify(warned)).not.toContain(streamKey);

    // An older warning arriving later doesn't replace it.
    const older = JSON.stringify({
      type: "video.live_stream.warning",
      id: "warning-older-1",
      created_at: new Date(control().now() - 60_000).toISOString(),
      object: { type: "live", id: live.muxLiveStreamId },
      data: { id: live.muxLiveStreamId, stream_key: streamKey, warning: { type: "old", message: "An older warning." } },
    });
    const res = await t.app.anonymous.request("POST", "/api/webhooks/mux", older, { "mux-signature": signMux(older, t.app.credentials.muxWebhookSecret ?? "") });
    expect(res.status).toBe(200);
    expect((await status(live.livestreamId)).health.warning?.type).toBe("unsupported_keyframe_interval");
    expect(logged.join("\n")).not.toContain(streamKey);
  });

  test("a warning about a stream no live broadcast has changes nothing", async () => {
    const live = await goLive();
    expect((await t.host.request("DELETE", "/api/video/livestream", { livestreamId: live.livestreamId })).status).toBe(200);
    control().liveStreamWarning(live.muxLiveStreamId, { type: "late", message: "After the end." });
    await control().settle();
    expect((await status(live.livestreamId)).health.warning).toBeNull();
  });
});

const egressOf = (egressId: string) => control().egress(egressId);
/** Sandbox time in 1 s steps: one advance runs every due task at its end time (packages/sandbox/README.md). */
async function advanceBy(ms: number) {
  for (let done = 0; done < ms; done += 1_000) await control().advance(Math.min(1_000, ms - done));
}

describe("a destination that drops", () => {
  test("retrying is reconnecting with its attempts, never live; live again once it is past the window", async () => {
    const live = await goLive({ additionalDestinations: [twitch, youtube] });
    expect(control().dropStreamUrl(live.egressId, "twitch", "server closed the connection", 6_000)).toBe(true);
    await advanceBy(4_000);
    const retrying = await status(live.livestreamId);
    expect(retrying.destinations.map((d) => ({ name: d.name, status: d.status, retries: d.retries }))).toEqual([
      { name: "MUX", status: "live", retries: undefined },
      { name: "Twitch", status: "reconnecting", retries: 1 },
      { name: "YouTube", status: "live", retries: undefined },
    ]);
    const lastRetryAt = retrying.destinations[1]?.lastRetryAt;
    expect(lastRetryAt).toBeInstanceOf(Date);
    // LiveKit's first retry came 2 s after the drop (and wall time passes too).
    expect(control().now() - (lastRetryAt?.getTime() ?? 0)).toBeGreaterThanOrEqual(2_000);
    expect(control().now() - (lastRetryAt?.getTime() ?? 0)).toBeLessThan(3_000);

    // It reconnected at 6 s; LiveKit says nothing more, and the window runs out.
    await advanceBy(4_000);
    expect(egressOf(live.egressId)?.stream_results[1]?.status).toBe("ACTIVE");
    expect((await status(live.livestreamId)).destinations[1]?.status).toBe("reconnecting");
    await control().advance(25_000);
    expect((await status(live.livestreamId)).destinations[1]).toMatchObject({ name: "Twitch", status: "live", retries: 1, lastRetryAt });
    // The list answers the same state.
    const listed = await t.host.request("GET", `/api/video/livestream?roomName=${live.room}`);
    expect(JSON.stringify(listed.body)).toContain('"status":"live"');
  });

  test("one that never comes back fails after 30 s with LiveKit's reason", async () => {
    const live = await goLive({ additionalDestinations: [twitch] });
    control().dropStreamUrl(live.egressId, "twitch", "server closed the connection");
    await control().advance(10_000);
    expect((await status(live.livestreamId)).destinations[1]?.status).toBe("reconnecting");
    await control().advance(30_000);
    expect((await status(live.livestreamId)).destinations[1]).toMatchObject({ status: "failed", error: "server closed the connection", retries: 1 });
  });
});

const retry = (body: Record<string, unknown>, who = t.host) => who.request("POST", "/api/video/livestream/destinations/retry", body);
const updateStreamBodies = () => control().requests({ service: "livekit", rpc: "UpdateStream" }).map((r) => r.body);

describe("Retry of a failed destination", () => {
  test("re-adds exactly the sealed URL with UpdateStream; the destination is live again; no key in the answer", async () => {
    const live = await goLive({ additionalDestinations: [youtube, twitch] });
    expect(control().failStreamUrl(live.egressId, "a.rtmp.youtube.com", "connection refused")).toBe(true);
    await control().settle();
    const failed = await status(live.livestreamId);
    const yt = failed.destinations[1];
    expect(yt).toMatchObject({ name: "YouTube", status: "failed", error: "connection refused" });
    const updatesBefore = updateStreamBodies().length;

    const res = await retry({ livestreamId: live.livestreamId, destinationId: yt?.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const bodies = updateStreamBodies().slice(updatesBefore);
    expect(bodies).toEqual([{ egressId: live.egressId, addOutputUrls: [`rtmp://a.rtmp.youtube.com/live2/${YT_KEY}`] }]);
    const answer = parseBody(res, livestreamStatusResultSchema);
    expect(answer.destinations.map((d) => ({ id: d.id, name: d.name, status: d.status, error: d.error, retries: d.retries }))).toEqual([
      { id: "mux", name: "MUX", status: "live", error: undefined, retries: undefined },
      { id: yt?.id, name: "YouTube", status: "live", error: undefined, retries: undefined },
      { id: failed.destinations[2]?.id, name: "Twitch", status: "live", error: undefined, retries: undefined },
    ]);
    expect(answer.destinations[1]?.maskedUrl).toBe(yt?.maskedUrl);
    expect(JSON.stringify(res.body)).not.toContain(YT_KEY);
    expect(JSON.stringify(res.body)).not.toContain(TW_KEY);
    // LiveKit's later reports (the old FAILED output beside the new one) keep it live.
    await control().settle();
    expect((await status(live.livestreamId)).destinations[1]?.status).toBe("live");
    expect(control().egress(live.egressId)?.stream_results.map((r) => r.status)).toEqual(["ACTIVE", "FAILED", "ACTIVE", "ACTIVE"]);

    // It can fail and be retried again.
    expect(control().failStreamUrl(live.egressId, "a.rtmp.youtube.com", "connection reset")).toBe(true);
    await control().settle();
    expect((await status(live.livestreamId)).destinations[1]).toMatchObject({ status: "failed", error: "connection reset" });
    expect((await retry({ roomName: live.room, destinationId: yt?.id })).status).toBe(200);
    expect((await status(live.livestreamId)).destinations[1]?.status).toBe("live");
    expect(logged.join("\n")).not.toContain(YT_KEY);
  });

  test("a retry LiveKit can't reach shows failed again with the new reason", async () => {
    const live = await goLive({ additionalDestinations: [youtube] });
    control().failStreamUrl(live.egressId, "a.rtmp.youtube.com", "connection refused");
    control().refuseIngest("a.rtmp.youtube.com", `publish refused for ${YT_KEY}`);
    await control().settle();
    const id = (await status(live.livestreamId)).destinations[1]?.id;
    const res = await retry({ livestreamId: live.livestreamId, destinationId: id });
    expect(res.status).toBe(200);
    expect(parseBody(res, livestreamStatusResultSchema).destinations[1]).toMatchObject({ status: "failed", error: "publish refused for yt12…abcd" });
    control().clearFaults();
  });

  test("LiveKit refusing the call leaves it failed, with its reason", async () => {
    const live = await goLive({ additionalDestinations: [youtube] });
    control().failStreamUrl(live.egressId, "a.rtmp.youtube.com", "connection refused");
    await control().settle();
    const id = (await status(live.livestreamId)).destinations[1]?.id;
    control().fault({ service: "livekit", match: { rpc: "UpdateStream" }, action: { twirp: { code: "unavailable", msg: "try later" } } });
    const res = await retry({ livestreamId: live.livestreamId, destinationId: id });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: expect.stringContaining('Could not retry "YouTube"'), code: "upstream_unavailable" });
    expect((await status(live.livestreamId)).destinations[1]).toMatchObject({ status: "failed", error: "connection refused" });
  });

  test.each<[string, (ids: { livestreamId: string; room: string; mux: string; live: string; failed: string }) => Record<string, unknown>, number, { error: string; code: string }]>([
    ["MUX can't be retried", (l) => ({ livestreamId: l.livestreamId, destinationId: l.mux }), 400, { error: "destinationId: MUX can't be retried: it is the broadcast and its recording. End the broadcast and go live again.", code: "bad_request" }],
    ["only a failed destination", (l) => ({ livestreamId: l.livestreamId, destinationId: l.live }), 409, { error: 'Only a failed destination can be retried; "Twitch" is live.', code: "conflict" }],
    ["an id it doesn't have", (l) => ({ livestreamId: l.livestreamId, destinationId: "nope" }), 400, { error: 'destinationId: this broadcast has no destination "nope".', code: "bad_request" }],
    ["no destination named", (l) => ({ livestreamId: l.livestreamId }), 400, { error: expect.stringContaining("destinationId"), code: "bad_request" }],
    ["no broadcast named", (l) => ({ destinationId: l.failed }), 400, { error: "Provide livestreamId (or roomName).", code: "bad_request" }],
    ["an unknown field", (l) => ({ livestreamId: l.livestreamId, destinationId: l.failed, streamKey: "x" }), 400, { error: expect.stringContaining("streamKey"), code: "bad_request" }],
  ])("%s", async (_name, body, code, expected) => {
    const live = await goLive({ additionalDestinations: [youtube, twitch] });
    control().failStreamUrl(live.egressId, "a.rtmp.youtube.com", "connection refused");
    await control().settle();
    const [mux, failed, running] = (await status(live.livestreamId)).destinations;
    const calls = updateStreamBodies().length;
    const res = await retry(body({ livestreamId: live.livestreamId, room: live.room, mux: mux?.id ?? "", live: running?.id ?? "", failed: failed?.id ?? "" }));
    expect({ status: res.status, body: res.body }).toEqual({ status: code, body: expected });
    expect(updateStreamBodies().length).toBe(calls);
    expect((await status(live.livestreamId)).destinations[1]).toMatchObject({ status: "failed", error: "connection refused" });
  });

  test("only your own live broadcast: a stranger's is 404, no session 401, an ended one 409", async () => {
    const live = await goLive({ additionalDestinations: [youtube] });
    control().failStreamUrl(live.egressId, "a.rtmp.youtube.com", "connection refused");
    await control().settle();
    const id = (await status(live.livestreamId)).destinations[1]?.id;
    expect((await retry({ livestreamId: live.livestreamId, destinationId: id }, t.stranger)).status).toBe(404);
    expect((await t.app.anonymous.request("POST", "/api/video/livestream/destinations/retry", { livestreamId: live.livestreamId, destinationId: id })).status).toBe(401);
    expect((await t.host.request("DELETE", "/api/video/livestream", { livestreamId: live.livestreamId })).status).toBe(200);
    expect(await retry({ livestreamId: live.livestreamId, destinationId: id })).toMatchObject({
      status: 409,
      body: { error: "This broadcast is not live (status: completed), so it can't be changed.", code: "conflict" },
    });
  });

  test("the retryDestination server action does what the route does", async () => {
    const live = await goLive({ additionalDestinations: [youtube] });
    control().failStreamUrl(live.egressId, "a.rtmp.youtube.com", "connection refused");
    await control().settle();
    const id = (await status(live.livestreamId)).destinations[1]?.id ?? "";
    const result = await callAction(t.host.cookie, () => retryDestination({ livestreamId: live.livestreamId, destinationId: id }));
    expect(result).toMatchObject({ ok: true, data: { destinations: [{ id: "mux" }, { id, status: "live" }] } });
    expect(JSON.stringify(result)).not.toContain(YT_KEY);
    expect(await callAction(t.host.cookie, () => retryDestination({ livestreamId: live.livestreamId, destinationId: "mux" }))).toEqual({
      ok: false,
      error: "destinationId: MUX can't be retried: it is the broadcast and its recording. End the broadcast and go live again.",
      code: "bad_request",
    });
  });
});
