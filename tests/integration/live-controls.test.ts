// Production controls, end to end: layout, quality and orientation at go-live, and a live
// broadcast's layout and destinations changed with PATCH /api/video/livestream. Real route
// handlers over HTTP, a real database, the official SDKs talking to the sandbox's LiveKit,
// which behaves as livekit/egress does (adds before removes, outputs keyed by full URL,
// an unreachable added output FAILED while the call succeeds).
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { getDb } from "@/lib/db";
import { livestreams } from "@golive/next/db";
import { apiErrorBodySchema, listLivestreamsResultSchema, livestreamStatusResultSchema, startLivestreamResultSchema, type LivestreamStatusResult } from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { jsonObjectSchema, recordedBody } from "../support/upstream-requests";

const t = useTestApp({ host: "Host", stranger: "Stranger" });

const YT_KEY = "yt12-3456-7890-abcd";
const OWN_KEY = "own-key-0123456789";
const youtube = (streamKey = YT_KEY) => ({ type: "youtube", name: "YouTube", streamKey });
const custom = (customRtmpUrl: string, streamKey = OWN_KEY) => ({ type: "custom", name: "Own server", streamKey, customRtmpUrl });

// Every log line of the file, to prove no key reaches one.
const logged: string[] = [];
beforeEach(() => {
  for (const level of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  }
});
afterEach(() => vi.restoreAllMocks());

let rooms = 0;
async function goLive(extra: Record<string, unknown> = {}): Promise<LivestreamStatusResult & { room: string }> {
  const room = `controls-${++rooms}`;
  t.app.sandbox.control.joinRoom(room, t.host.id);
  const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await t.app.sandbox.control.settle();
  return { ...(await status(parseBody(res, startLivestreamResultSchema).livestreamId)), room };
}

async function status(id: string): Promise<LivestreamStatusResult> {
  const res = await t.host.request("GET", `/api/video/livestream/status?id=${id}`);
  expect(res.status).toBe(200);
  return parseBody(res, livestreamStatusResultSchema);
}

async function patch(body: Record<string, unknown>, who = t.host) {
  const res = await who.request("PATCH", "/api/video/livestream", body);
  await t.app.sandbox.control.settle();
  return res;
}

const egressRequest = (rpc: string) => recordedBody(t.app.sandbox.control.requests({ service: "livekit", rpc }).at(-1), jsonObjectSchema.optional());

async function row(id: string) {
  const db = await getDb();
  const [found] = await db.select().from(livestreams).where(eq(livestreams.id, id));
  return found;
}

describe("layout, quality and orientation at go-live", () => {
  test.each([
    [{}, "grid", { width: 1920, height: 1080, framerate: 30, videoBitrate: 4500 }, { layout: "grid", quality: "1080p30", orientation: "landscape" }],
    [{ layout: "speaker", quality: "720p30" }, "speaker", { width: 1280, height: 720, framerate: 30, videoBitrate: 3000 }, { layout: "speaker", quality: "720p30", orientation: "landscape" }],
    [{ quality: "720p60", layout: "grid-light" }, "grid-light", { width: 1280, height: 720, framerate: 60, videoBitrate: 4500 }, { layout: "grid-light", quality: "720p60", orientation: "landscape" }],
    [{ quality: "1080p60", orientation: "portrait", layout: "single-speaker" }, "single-speaker", { width: 1080, height: 1920, framerate: 60, videoBitrate: 6000 }, { layout: "single-speaker", quality: "1080p60", orientation: "portrait" }],
  ])("%o → LiveKit gets layout %s and exactly these EncodingOptions (kbps, 2 s keyframes)", async (asked, layout, video, stored) => {
    const live = await goLive(asked);
    const body = egressRequest("StartRoomCompositeEgress");
    expect(body?.layout).toBe(layout);
    expect(body?.advanced).toEqual({ ...video, audioBitrate: 128, keyFrameInterval: 2 });
    expect(body?.preset).toBeUndefined();
    expect({ layout: live.layout, quality: live.quality, orientation: live.orientation }).toEqual(stored);

    const list = await t.host.request("GET", `/api/video/livestream?roomName=${live.room}`);
    expect(parseBody(list, listLivestreamsResultSchema).livestreams[0]).toMatchObject(stored);
  });

  test.each([
    [{ layout: "mosaic" }, 'layout must be one of "grid", "speaker", "single-speaker", "grid-light", "speaker-light", "single-speaker-light".'],
    [{ quality: "4k" }, 'quality must be one of "720p30", "720p60", "1080p30", "1080p60".'],
    [{ orientation: "square" }, 'orientation must be "landscape" or "portrait".'],
  ])("%o → 400 naming the field, nothing created", async (field, message) => {
    const before = t.app.sandbox.control.requests().length;
    const res = await t.host.request("POST", "/api/video/livestream", { roomName: "never-live", ...field });
    expect(res).toMatchObject({ status: 400, body: { error: message, code: "bad_request" } });
    expect(t.app.sandbox.control.requests().length).toBe(before);
  });
});

describe("PATCH: layout while live", () => {
  test("switches the egress's layout at once and records it", async () => {
    const live = await goLive({ layout: "speaker", quality: "720p30" });
    const res = await patch({ livestreamId: live.livestreamId, layout: "grid" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(egressRequest("UpdateLayout")).toEqual({ egressId: expect.any(String), layout: "grid" });
    expect(res.body).toMatchObject({ livestreamId: live.livestreamId, layout: "grid", quality: "720p30", status: "active" });
    // The same body as the status route.
    expect(parseBody(res, livestreamStatusResultSchema)).toEqual(await status(live.livestreamId));
  });

  test("by room name too", async () => {
    const live = await goLive();
    const res = await patch({ roomName: live.room, layout: "single-speaker-light" });
    expect(res).toMatchObject({ status: 200, body: { layout: "single-speaker-light" } });
  });
});

describe("PATCH: destinations while live", () => {
  test("adds a destination: LiveKit gets its exact URL, status shows it live with an id", async () => {
    const live = await goLive({ additionalDestinations: [youtube()] });
    const res = await patch({ livestreamId: live.livestreamId, addDestinations: [custom("rtmp://live.example.com/app")] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const update = egressRequest("UpdateStream");
    // Compared here, never printed: the URL carries the key.
    expect(update?.addOutputUrls).toEqual([`rtmp://live.example.com/app/${OWN_KEY}`]);
    expect(update?.removeOutputUrls ?? []).toEqual([]);

    const after = await status(live.livestreamId);
    expect(after.destinations.map(({ id: _id, ...d }) => d)).toEqual([
      expect.objectContaining({ type: "mux", status: "live" }),
      { type: "youtube", name: "YouTube", maskedUrl: "rtmp://a.rtmp.youtube.com/live2/yt12…abcd", status: "live" },
      { type: "custom", name: "Own server", maskedUrl: "rtmp://live.example.com/app/own-…6789", status: "live" },
    ]);
    const ids = after.destinations.map((d) => d.id);
    expect(ids[0]).toBe("mux");
    expect(new Set(ids).size).toBe(3);
    // Stable: the next read names them the same.
    expect((await status(live.livestreamId)).destinations.map((d) => d.id)).toEqual(ids);
  });

  test("removes a destination by id: LiveKit gets its exact full URL; it stays listed, finished, with removedAt", async () => {
    const live = await goLive({ additionalDestinations: [youtube(), custom("rtmp://live.example.com/app")] });
    const youtubeId = live.destinations[1]?.id ?? "";
    const res = await patch({ livestreamId: live.livestreamId, removeDestinations: [youtubeId] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(egressRequest("UpdateStream")?.removeOutputUrls).toEqual([`rtmp://a.rtmp.youtube.com/live2/${YT_KEY}`]);

    const after = await status(live.livestreamId);
    expect(after.status).toBe("active");
    expect(after.destinations[1]).toEqual({
      id: youtubeId,
      type: "youtube",
      name: "YouTube",
      maskedUrl: "rtmp://a.rtmp.youtube.com/live2/yt12…abcd",
      status: "finished",
      removedAt: expect.any(Date),
    });
    expect(after.destinations[2]?.status).toBe("live");
    const egress = t.app.sandbox.control.egresses().at(-1) as { status: string; stream_results: { status: string }[] };
    expect(egress.status).toBe("EGRESS_ACTIVE");
    expect(egress.stream_results.map((s) => s.status)).toEqual(["ACTIVE", "FINISHED", "ACTIVE"]);
  });

  test("add and remove in one call: LiveKit adds first, then removes", async () => {
    const live = await goLive({ additionalDestinations: [youtube()] });
    const res = await patch({
      livestreamId: live.livestreamId,
      addDestinations: [youtube("yt99-8888-7777-zzzz")],
      removeDestinations: [live.destinations[1]?.id],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const update = egressRequest("UpdateStream");
    expect(update?.addOutputUrls).toEqual(["rtmp://a.rtmp.youtube.com/live2/yt99-8888-7777-zzzz"]);
    expect(update?.removeOutputUrls).toEqual([`rtmp://a.rtmp.youtube.com/live2/${YT_KEY}`]);
    const after = await status(live.livestreamId);
    expect(after.destinations.map((d) => [d.maskedUrl, d.status])).toEqual([
      [expect.stringContaining("global-live.mux.com"), "live"],
      ["rtmp://a.rtmp.youtube.com/live2/yt12…abcd", "finished"],
      ["rtmp://a.rtmp.youtube.com/live2/yt99…zzzz", "live"],
    ]);
  });

  test("an added destination LiveKit can't reach is not a failed request: it shows failed with LiveKit's reason", async () => {
    const live = await goLive();
    t.app.sandbox.control.refuseIngest("unreachable.example.com", "connection refused by rtmp://unreachable.example.com/app/nope-secret-1234");
    const res = await patch({ livestreamId: live.livestreamId, addDestinations: [custom("rtmp://unreachable.example.com/app", "nope-secret-1234")] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const added = (await status(live.livestreamId)).destinations[1];
    expect(added).toMatchObject({ type: "custom", status: "failed", error: "connection refused by rtmp://unreachable.example.com/app/nope…1234" });
    expect(JSON.stringify(res.body)).not.toContain("nope-secret-1234");
  });

  test("a destination that drops is retried for up to 30 s: status shows the attempts, then failed", async () => {
    const live = await goLive({ additionalDestinations: [youtube()] });
    const egressId = (t.app.sandbox.control.egresses().at(-1) as { egress_id: string }).egress_id;
    expect(t.app.sandbox.control.dropStreamUrl(egressId, "a.rtmp.youtube.com", "server closed the connection")).toBe(true);
    await t.app.sandbox.control.advance(10_000);
    const retrying = (await status(live.livestreamId)).destinations[1];
    // Retrying is never "live" (tests/integration/stream-health.test.ts).
    expect(retrying).toMatchObject({ status: "reconnecting", retries: expect.any(Number), lastRetryAt: expect.any(Date) });
    expect(retrying?.retries).toBeGreaterThan(0);
    await t.app.sandbox.control.advance(30_000);
    expect((await status(live.livestreamId)).destinations[1]).toMatchObject({ status: "failed", error: "server closed the connection" });
  });
});

describe("PATCH: the rules", () => {
  test("only your own broadcast: another user's is 404, whatever it names", async () => {
    const live = await goLive({ additionalDestinations: [youtube()] });
    const before = t.app.sandbox.control.requests({ service: "livekit" }).length;
    for (const body of [
      { livestreamId: live.livestreamId, layout: "grid" },
      { roomName: live.room, layout: "grid" },
      { livestreamId: live.livestreamId, removeDestinations: [live.destinations[1]?.id] },
    ]) {
      const res = await patch(body, t.stranger);
      expect(res.status).toBe(404);
      expect(parseBody(res, apiErrorBodySchema).code).toBe("not_found");
    }
    expect(t.app.sandbox.control.requests({ service: "livekit" }).length).toBe(before);
  });

  test("no session → 401", async () => {
    const res = await t.app.anonymous.request("PATCH", "/api/video/livestream", { roomName: "x", layout: "grid" });
    expect(res.status).toBe(401);
  });

  test("after it ended → 409; the sealed URLs are gone", async () => {
    const live = await goLive({ additionalDestinations: [youtube()] });
    expect((await row(live.livestreamId))?.destinationUrlsSealed).toEqual(expect.any(String));
    await t.host.request("DELETE", "/api/video/livestream", { livestreamId: live.livestreamId });
    const res = await patch({ livestreamId: live.livestreamId, layout: "grid" });
    expect(res).toMatchObject({ status: 409, body: { error: "This broadcast is not live (status: completed), so it can't be changed.", code: "conflict" } });
    expect((await row(live.livestreamId))?.destinationUrlsSealed).toBeNull();
  });

  test.each<[string, (live: LivestreamStatusResult) => Record<string, unknown>, number, string]>([
    ["no change at all", () => ({}), 400, "Provide at least one change: layout, addDestinations or removeDestinations."],
    ["an unknown field", () => ({ addDestination: [youtube()] }), 400, 'Unrecognized key: "addDestination" Provide at least one change: layout, addDestinations or removeDestinations.'],
    ["MUX can't be removed", () => ({ removeDestinations: ["mux"] }), 400, "removeDestinations[0]: MUX can't be removed: it is the broadcast and its recording. End the broadcast instead."],
    ["an id this broadcast doesn't have", () => ({ removeDestinations: ["nope"] }), 400, 'removeDestinations[0]: this broadcast has no destination "nope".'],
    ["a bad stream key names its field", () => ({ addDestinations: [youtube("bad key")] }), 400, "addDestinations[0].streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters."],
    ["rtmps next to an rtmp egress", () => ({ addDestinations: [custom("rtmps://live.example.com:443/app")] }), 400, "addDestinations[0] must use rtmp:// like this broadcast's other destinations: LiveKit sends one egress over either rtmp:// or rtmps://, not both."],
    ["a destination it already has", () => ({ addDestinations: [youtube()] }), 400, "addDestinations[0] is already a destination of this broadcast."],
    ["a private address, as at go-live", () => ({ addDestinations: [custom("rtmp://10.1.2.3/app")] }), 400, "addDestinations[0].customRtmpUrl must point at a public RTMP server, not a loopback, private or link-local address."],
    ["the cap holds for the whole egress", () => ({ addDestinations: Array.from({ length: 10 }, (_, i) => youtube(`cap-key-000${i}-abcd`)) }), 400, "A broadcast may have at most 10 destinations besides MUX: it has 1, and this adds 10."],
  ])("%s", async (_name, body, code, message) => {
    const live = await goLive({ additionalDestinations: [youtube()] });
    const before = await status(live.livestreamId);
    const calls = t.app.sandbox.control.requests({ service: "livekit" }).length;
    const res = await patch({ livestreamId: live.livestreamId, ...body(live) });
    expect(res).toMatchObject({ status: code, body: { error: message } });
    // Nothing changed, nothing asked of LiveKit.
    expect(await status(live.livestreamId)).toEqual({ ...before, duration: expect.any(Number) });
    expect(t.app.sandbox.control.requests({ service: "livekit" }).length).toBe(calls);
  });

  test("removing one already removed → 409", async () => {
    const live = await goLive({ additionalDestinations: [youtube()] });
    const id = live.destinations[1]?.id;
    expect((await patch({ livestreamId: live.livestreamId, removeDestinations: [id] })).status).toBe(200);
    const again = await patch({ livestreamId: live.livestreamId, removeDestinations: [id] });
    expect(again).toMatchObject({ status: 409, body: { error: 'removeDestinations[0]: "YouTube" has already been removed.', code: "conflict" } });
  });
});

describe("the full URLs at rest", () => {
  test("sealed while live (no key in the clear), erased on every end: stop, egress ended, room closed", async () => {
    const stopped = await goLive({ additionalDestinations: [youtube()] });
    const sealed = (await row(stopped.livestreamId))?.destinationUrlsSealed ?? "";
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(YT_KEY);
    expect(Buffer.from(sealed.split(".").at(-1) ?? "", "base64url").toString("latin1")).not.toContain(YT_KEY);
    await t.host.request("DELETE", "/api/video/livestream", { livestreamId: stopped.livestreamId });
    expect((await row(stopped.livestreamId))?.destinationUrlsSealed).toBeNull();

    const closed = await goLive({ additionalDestinations: [youtube()] });
    t.app.sandbox.control.deleteRoom(closed.room);
    await t.app.sandbox.control.settle();
    expect(await row(closed.livestreamId)).toMatchObject({ status: "completed", destinationUrlsSealed: null });

    const failed = await goLive({ additionalDestinations: [youtube()] });
    const egressId = (t.app.sandbox.control.egresses().at(-1) as { egress_id: string }).egress_id;
    t.app.sandbox.control.failStreamUrl(egressId, "global-live.mux.com", "mux hung up");
    t.app.sandbox.control.failStreamUrl(egressId, "a.rtmp.youtube.com", "youtube hung up");
    await t.app.sandbox.control.settle();
    expect(await row(failed.livestreamId)).toMatchObject({ status: "failed", destinationUrlsSealed: null });
  });

  test("a wrong key fails closed: 503 saying what to check, nothing sent to LiveKit, nothing changed", async () => {
    const live = await goLive({ additionalDestinations: [youtube()] });
    const calls = t.app.sandbox.control.requests({ service: "livekit" }).length;
    vi.stubEnv("LIVESTREAM_ENCRYPTION_KEY", "a-different-key-than-the-one-it-was-sealed-with");
    try {
      const res = await patch({ livestreamId: live.livestreamId, removeDestinations: [live.destinations[1]?.id] });
      expect(res).toMatchObject({
        status: 503,
        body: {
          code: "not_configured",
          error: "This broadcast's destinations can't be read back: LIVESTREAM_ENCRYPTION_KEY is not the key they were stored with. Restore that key, or end the broadcast and go live again.",
        },
      });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(t.app.sandbox.control.requests({ service: "livekit" }).length).toBe(calls);
    expect((await status(live.livestreamId)).destinations[1]?.status).toBe("live");
  });

  test("no stream key reached a log line in this file", () => {
    const joined = logged.join("\n");
    for (const key of [YT_KEY, OWN_KEY, "nope-secret-1234", "yt99-8888-7777-zzzz"]) expect(joined).not.toContain(key);
  });
});
