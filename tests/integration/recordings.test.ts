// A recording that survives a reconnect (docs/architecture.md, "Recordings across reconnects"):
// every MUX live stream golive creates has a reconnect window with slate; a drop within it keeps
// one recording, a longer one gives several parts, all kept in order whatever order their
// webhooks arrive in (or if they are lost: reconcile reads MUX's recent_asset_ids); MUX's
// destination shows `reconnecting` while MUX's encoder is away. Real routes, the sandbox.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { livestreams } from "@golive/next/db";
import { listLivestreamsResultSchema, livestreamStatusResultSchema, startLivestreamResultSchema, type LivestreamStatusResult, type StartLivestreamResult } from "@golive/next/contract";
import { reconcile } from "@golive/next/reconcile";
import { watchAccess } from "@golive/next/watch";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { plainLiveStreamBody } from "../support/upstream-requests";

// A MUX signing key, so a broadcast may be private (signed playback ids on every part).
const t = useTestApp({ host: "Host" }, { viewerCounts: true });
const control = () => t.app.sandbox.control;

afterEach(() => {
  delete process.env.LIVESTREAM_RECONNECT_WINDOW_SECONDS;
});

let rooms = 0;
async function goLive(body: Record<string, unknown> = {}): Promise<StartLivestreamResult & { room: string }> {
  rooms += 1;
  const room = `rec-${rooms}`;
  control().joinRoom(room, t.host.id);
  const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await control().settle();
  return { ...parseBody(res, startLivestreamResultSchema), room };
}

async function status(id: string): Promise<LivestreamStatusResult> {
  const res = await t.host.request("GET", `/api/video/livestream/status?id=${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return parseBody(res, livestreamStatusResultSchema);
}

async function stop(id: string): Promise<void> {
  const res = await t.host.request("DELETE", "/api/video/livestream", { livestreamId: id });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await control().settle();
}

/** Sandbox time forward in 1 s steps (one `advance` runs every task due by its end at that end time). */
async function pass(ms: number) {
  for (let done = 0; done < ms; done += 1_000) await control().advance(Math.min(1_000, ms - done));
}

const muxState = async (id: string) => (await status(id)).destinations.find((d) => d.type === "mux")?.status;
const createBodies = () => control().requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" }).map((r) => r.body);
const assetsOf = (liveStreamId: string) => control().muxLiveStream(liveStreamId)?.recent_asset_ids ?? [];
const playbackOf = (assetId: string) => control().muxAsset(assetId)?.playback_ids?.[0]?.id ?? null;

describe("every live stream golive creates has a reconnect window, with slate", () => {
  test("standard latency (the default): reconnect_window 60 and use_slate_for_standard_latency, as the pool's streams", async () => {
    const before = createBodies().length;
    const started = await goLive();
    expect(createBodies().slice(before)).toEqual([plainLiveStreamBody(started.livestreamId)]);
    expect(control().muxLiveStream(started.muxLiveStreamId)).toMatchObject({ reconnect_window: 60, use_slate_for_standard_latency: true });
    await stop(started.livestreamId);
  });

  test("low latency: the same window (MUX's default would be 0); MUX inserts its slate itself", async () => {
    const before = createBodies().length;
    const started = await goLive({ latencyMode: "low" });
    const [body] = createBodies().slice(before);
    expect(body).toMatchObject({ latency_mode: "low", reconnect_window: 60 });
    expect(body).not.toHaveProperty("use_slate_for_standard_latency");
    expect(control().muxLiveStream(started.muxLiveStreamId)).toMatchObject({ latency_mode: "low", reconnect_window: 60 });
    await stop(started.livestreamId);
  });

  test("LIVESTREAM_RECONNECT_WINDOW_SECONDS sets it", async () => {
    process.env.LIVESTREAM_RECONNECT_WINDOW_SECONDS = "300";
    const before = createBodies().length;
    const started = await goLive({ latencyMode: "low" });
    expect(createBodies().slice(before)[0]).toMatchObject({ reconnect_window: 300 });
    await stop(started.livestreamId);
  });
});

describe("a drop within the window: one recording", () => {
  test("MUX's destination is reconnecting while MUX's encoder is away, live again after; one final part", async () => {
    const started = await goLive();
    expect(await muxState(started.livestreamId)).toBe("live");
    const [asset] = assetsOf(started.muxLiveStreamId);

    expect(control().dropMuxIngest(started.muxLiveStreamId, 10_000)).toBe(true);
    await control().settle();
    expect(await status(started.livestreamId)).toMatchObject({ status: "active", destinations: [{ id: "mux", status: "reconnecting" }] });

    await pass(12_000);
    expect(await muxState(started.livestreamId)).toBe("live");
    await stop(started.livestreamId);

    const after = await status(started.livestreamId);
    expect(after).toMatchObject({ status: "completed", muxAssetId: asset, vodPlaybackId: playbackOf(asset ?? "") });
    expect(after.recordings).toEqual([{ muxAssetId: asset, vodPlaybackId: playbackOf(asset ?? ""), durationSeconds: expect.any(Number), final: true }]);
  });

  test("an older disconnected arriving after the reconnect doesn't make MUX's destination reconnecting again", async () => {
    const started = await goLive();
    control().webhookFault({ service: "mux", type: "video.live_stream.disconnected", action: "hold" });
    control().dropMuxIngest(started.muxLiveStreamId, 4_000);
    await pass(6_000);
    expect(await muxState(started.livestreamId)).toBe("live");
    await control().releaseHeld();
    expect(await muxState(started.livestreamId)).toBe("live");
    await stop(started.livestreamId);
  });
});

describe("a drop beyond the window: several parts", () => {
  /** Live with a 2 s window, dropped for 6 s: MUX completes part 1; the reconnect makes part 2. */
  async function liveInTwoParts(body: Record<string, unknown> = {}) {
    process.env.LIVESTREAM_RECONNECT_WINDOW_SECONDS = "2";
    const started = await goLive({ latencyMode: "low", ...body });
    await pass(3_000);
    control().dropMuxIngest(started.muxLiveStreamId, 6_000);
    await pass(8_000);
    const parts = assetsOf(started.muxLiveStreamId);
    expect(parts).toHaveLength(2);
    return { started, parts };
  }

  test("both parts are listed in order, the latest as muxAssetId; status, list and stop agree", async () => {
    const { started, parts } = await liveInTwoParts();
    const [first, second] = parts as [string, string];
    const live = await status(started.livestreamId);
    expect(live).toMatchObject({ status: "active", muxAssetId: second, vodPlaybackId: playbackOf(second), destinations: [{ id: "mux", status: "live" }] });
    expect(live.recordings).toEqual([
      { muxAssetId: first, vodPlaybackId: playbackOf(first), durationSeconds: expect.any(Number), final: true },
      { muxAssetId: second, vodPlaybackId: playbackOf(second), durationSeconds: null, final: false },
    ]);

    const stopped = await t.host.request("DELETE", "/api/video/livestream", { livestreamId: started.livestreamId });
    expect(stopped.body).toEqual({ livestreamId: started.livestreamId, status: "completed", muxAssetId: second, vodPlaybackId: playbackOf(second) });
    await control().settle();

    const expected = [
      { muxAssetId: first, vodPlaybackId: playbackOf(first), durationSeconds: expect.any(Number), final: true },
      { muxAssetId: second, vodPlaybackId: playbackOf(second), durationSeconds: expect.any(Number), final: true },
    ];
    expect((await status(started.livestreamId)).recordings).toEqual(expected);
    const list = await t.host.request("GET", `/api/video/livestream?roomName=${started.room}`);
    expect(parseBody(list, listLivestreamsResultSchema).livestreams).toEqual([
      expect.objectContaining({ muxAssetId: second, recordings: expected }),
    ]);
    const db = await getDb();
    const [row] = await db.select().from(livestreams).where(eq(livestreams.id, started.livestreamId));
    expect(row?.recordingFinalAt).toBeInstanceOf(Date);
  });

  test("the watch page finds the broadcast by either part's playback id, private parts too", async () => {
    const { started, parts } = await liveInTwoParts({ visibility: "private" });
    await stop(started.livestreamId);
    for (const part of parts) {
      expect(control().muxAsset(part)?.playback_ids?.[0]?.policy).toBe("signed");
      const found = await watchAccess(playbackOf(part) ?? "", { userId: t.host.id });
      expect(found?.target).toMatchObject({ livestreamId: started.livestreamId, kind: "recording", visibility: "private" });
      // The broadcast's owner gets tokens for that part; a stranger without a link doesn't.
      expect(found?.grant.kind).toBe("signed");
      expect((await watchAccess(playbackOf(part) ?? "", { userId: null }))?.grant).toEqual({ kind: "refused" });
    }
  });

  test("late, repeated and reversed asset webhooks give the same parts", async () => {
    for (const type of ["video.asset.created", "video.asset.ready", "video.asset.live_stream_completed"]) {
      control().webhookFault({ service: "mux", type, action: "duplicate", times: 10 });
    }
    control().webhookFault({ service: "mux", type: "video.asset.live_stream_completed", action: "hold", times: 10 });
    const { started, parts } = await liveInTwoParts();
    await t.host.request("DELETE", "/api/video/livestream", { livestreamId: started.livestreamId });
    await control().settle();
    // Newest first: part 2's completion before part 1's.
    await control().releaseHeld();
    const [first, second] = parts as [string, string];
    expect(await status(started.livestreamId)).toMatchObject({
      muxAssetId: second,
      recordings: [
        { muxAssetId: first, final: true },
        { muxAssetId: second, final: true },
      ],
    });
  });

  test("asset webhooks lost: reconcile reads the parts from MUX's recent_asset_ids", async () => {
    for (const type of ["video.asset.created", "video.asset.ready", "video.asset.live_stream_completed"]) {
      control().webhookFault({ service: "mux", type, action: "drop", times: Number.POSITIVE_INFINITY });
    }
    const { started, parts } = await liveInTwoParts();
    await stop(started.livestreamId);
    expect((await status(started.livestreamId)).recordings).toEqual([]);

    const report = await reconcile({ olderThanMs: 0 });
    expect(report.errors).toBe(0);
    const [first, second] = parts as [string, string];
    expect(await status(started.livestreamId)).toMatchObject({
      muxAssetId: second,
      vodPlaybackId: playbackOf(second),
      recordings: [
        { muxAssetId: first, vodPlaybackId: playbackOf(first), final: true, durationSeconds: expect.any(Number) },
        { muxAssetId: second, vodPlaybackId: playbackOf(second), final: true, durationSeconds: expect.any(Number) },
      ],
    });
  });
});
