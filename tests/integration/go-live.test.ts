// Going live and stopping, the happy path end to end: real route handlers over HTTP, a real database,
// the official SDKs talking to the sandbox emulators.
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { livestreams } from "@golive/next/db";
import { listLivestreamsResultSchema, livestreamStatusResultSchema, startLivestreamResultSchema } from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { muxCreateLiveStreamSchema, recordedBody, roomCompositeEgressSchema } from "../support/upstream-requests";

const t = useTestApp({ host: "Host" });

/** Goes live and lets the sandbox's egress reach MUX and its webhooks reach the app. */
async function goLive(room: string, extra: Record<string, unknown> = {}) {
  t.app.sandbox.control.joinRoom(room, t.host.id);
  const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await t.app.sandbox.control.settle();
  return parseBody(res, startLivestreamResultSchema);
}

describe("POST /api/video/livestream", () => {
  test("creates a public MUX stream with archiving, then an RTMP egress to its ingest", async () => {
    const started = await goLive("studio-a", { latencyMode: "low", maxDuration: 3600 });

    expect(started).toEqual({
      livestreamId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      egressId: expect.any(String),
      muxLiveStreamId: expect.any(String),
      muxPlaybackId: expect.any(String),
      playbackUrl: `https://stream.mux.com/${started.muxPlaybackId}.m3u8`,
      // "starting" until MUX reports media; its webhook may already have won the race.
      status: expect.stringMatching(/^(starting|active)$/),
    });

    const [create] = t.app.sandbox.control.requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" });
    expect(create?.body).toEqual({
      playback_policy: ["public"],
      new_asset_settings: { playback_policy: ["public"] },
      latency_mode: "low",
      max_continuous_duration: 3600,
      // MUX's default for low latency is 0: any blip would split the recording.
      reconnect_window: 60,
      passthrough: started.livestreamId,
    });

    const stream = t.app.sandbox.control.muxLiveStream(started.muxLiveStreamId);
    const [egress] = t.app.sandbox.control.requests({ service: "livekit", rpc: "StartRoomCompositeEgress" });
    const body = recordedBody(egress, roomCompositeEgressSchema);
    expect(body.roomName).toBe("studio-a");
    expect(body.layout).toBe("grid");
    // kbps, as LiveKit means them
    expect(body.advanced).toMatchObject({ width: 1920, height: 1080, videoBitrate: 4500, audioBitrate: 128 });
    expect(body.streamOutputs).toEqual([{ protocol: "RTMP", urls: [`rtmp://global-live.mux.com:5222/app/${stream?.stream_key}`] }]);
  });

  test("defaults: standard latency and MUX's 12 h maximum", async () => {
    const started = await goLive("studio-defaults");
    const create = t.app.sandbox.control
      .requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" })
      .find((r) => recordedBody(r, muxCreateLiveStreamSchema).passthrough === started.livestreamId);
    expect(create?.body).toMatchObject({ latency_mode: "standard", max_continuous_duration: 43200 });
  });

  test("extra destinations follow the MUX ingest in one egress, and are stored masked", async () => {
    const started = await goLive("studio-multi", {
      additionalDestinations: [
        { type: "youtube", name: "YouTube Live", streamKey: "yt12-3456-7890-abcd" },
        { type: "twitch", streamKey: "live_123456789_abcdefghij" },
        { type: "custom", name: "Own server", streamKey: "own-key-0123456789", customRtmpUrl: "rtmp://live.example.com/app" },
      ],
    });
    const egress = t.app.sandbox.control.requests({ service: "livekit", rpc: "StartRoomCompositeEgress" }).at(-1);
    const urls = recordedBody(egress, roomCompositeEgressSchema).streamOutputs[0]?.urls;
    expect(urls?.slice(1)).toEqual([
      "rtmp://a.rtmp.youtube.com/live2/yt12-3456-7890-abcd",
      "rtmp://live.twitch.tv/app/live_123456789_abcdefghij",
      "rtmp://live.example.com/app/own-key-0123456789",
    ]);
    expect(urls?.[0]).toMatch(/^rtmp:\/\/global-live\.mux\.com:5222\/app\//);

    const status = await t.host.request("GET", `/api/video/livestream/status?id=${started.livestreamId}`);
    const muxKey = t.app.sandbox.control.muxLiveStream(started.muxLiveStreamId)?.stream_key ?? "";
    expect(parseBody(status, livestreamStatusResultSchema).destinations).toEqual([
      { id: "mux", type: "mux", name: "MUX", maskedUrl: `rtmp://global-live.mux.com:5222/app/${muxKey.slice(0, 4)}…${muxKey.slice(-4)}`, status: "live" },
      { id: expect.any(String), type: "youtube", name: "YouTube Live", maskedUrl: "rtmp://a.rtmp.youtube.com/live2/yt12…abcd", status: "live" },
      { id: expect.any(String), type: "twitch", name: "twitch", maskedUrl: "rtmp://live.twitch.tv/app/live…ghij", status: "live" },
      { id: expect.any(String), type: "custom", name: "Own server", maskedUrl: "rtmp://live.example.com/app/own-…6789", status: "live" },
    ]);
    expect(JSON.stringify(status.body)).not.toContain("yt12-3456-7890-abcd");
  });

  test("RTMPS destinations switch the MUX ingest to RTMPS so the egress has one protocol", async () => {
    await goLive("studio-rtmps", {
      additionalDestinations: [{ type: "custom", streamKey: "secure-key-123456", customRtmpUrl: "rtmps://live.example.com:443/app" }],
    });
    const egress = t.app.sandbox.control.requests({ service: "livekit", rpc: "StartRoomCompositeEgress" }).at(-1);
    const urls = recordedBody(egress, roomCompositeEgressSchema).streamOutputs[0]?.urls ?? [];
    expect(urls[0]).toMatch(/^rtmps:\/\/global-live\.mux\.com:443\/app\//);
    expect(urls[1]).toBe("rtmps://live.example.com:443/app/secure-key-123456");
  });
});

describe("status, list and stop", () => {
  test("status by id and by room, served from the database", async () => {
    const started = await goLive("studio-status");
    const before = t.app.sandbox.control.requests().length;

    const byId = await t.host.request("GET", `/api/video/livestream/status?id=${started.livestreamId}`);
    const byRoom = await t.host.request("GET", "/api/video/livestream/status?roomName=studio-status");
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({
      livestreamId: started.livestreamId,
      roomName: "studio-status",
      status: "active",
      muxPlaybackId: started.muxPlaybackId,
      playbackUrl: started.playbackUrl,
      viewerCount: 0,
      viewerCountAvailable: false,
      startedAt: expect.any(String),
      duration: expect.any(Number),
    });
    expect(byRoom.body).toEqual(byId.body);
    // polling costs no upstream call
    expect(t.app.sandbox.control.requests().length).toBe(before);
  });

  test("stop ends the egress, completes the MUX stream and reports the recording", async () => {
    const started = await goLive("studio-stop");
    await t.app.sandbox.control.settle(); // the publisher has connected: MUX is recording

    const res = await t.host.request("DELETE", "/api/video/livestream", { roomName: "studio-stop" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const stream = t.app.sandbox.control.muxLiveStream(started.muxLiveStreamId);
    const assetId = stream?.recent_asset_ids?.at(-1);
    expect(assetId).toBeDefined();
    const asset = t.app.sandbox.control.muxAssets().find((a) => a.id === assetId);
    expect(res.body).toEqual({
      livestreamId: started.livestreamId,
      status: "completed",
      muxAssetId: assetId,
      vodPlaybackId: asset?.playback_ids?.[0]?.id,
    });

    expect(t.app.sandbox.control.requests({ service: "livekit", rpc: "StopEgress" }).map((r) => r.body)).toContainEqual({ egressId: started.egressId });
    expect(t.app.sandbox.control.requests({ service: "mux", method: "PUT", path: `/video/v1/live-streams/${started.muxLiveStreamId}/complete` })).toHaveLength(1);
    expect(t.app.sandbox.control.egress(started.egressId)?.status).toBe("EGRESS_COMPLETE");

    const db = await getDb();
    const [row] = await db.select().from(livestreams).where(eq(livestreams.id, started.livestreamId));
    expect(row).toMatchObject({ status: "completed", muxAssetId: assetId, endedAt: expect.any(Date) });

    // The room is free again.
    await goLive("studio-stop");
  });

  test("list returns the caller's broadcasts newest first, without stream keys", async () => {
    const res = await t.host.request("GET", "/api/video/livestream?limit=100");
    expect(res.status).toBe(200);
    const list = parseBody(res, listLivestreamsResultSchema).livestreams;
    expect(list.length).toBeGreaterThan(3);
    const created = list.map((l) => l.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    for (const item of list) {
      expect(item).not.toHaveProperty("muxStreamKey");
      expect(item).not.toHaveProperty("rtmpUrl");
      expect(item).not.toHaveProperty("userId");
    }
    const keys = t.app.sandbox.control.muxLiveStreams().map((s) => s.stream_key);
    for (const key of keys) expect(JSON.stringify(res.body)).not.toContain(key);

    const one = await t.host.request("GET", "/api/video/livestream?roomName=studio-stop&limit=1");
    expect(parseBody(one, listLivestreamsResultSchema).livestreams).toEqual([
      expect.objectContaining({ roomName: "studio-stop", status: "active" }),
    ]);
  });

  test("the row keeps the room, the upstream ids, the stream key, the RTMP URL and the times", async () => {
    const started = await goLive("studio-row");
    const db = await getDb();
    const [row] = await db
      .select()
      .from(livestreams)
      .where(and(eq(livestreams.id, started.livestreamId), eq(livestreams.userId, t.host.id)));
    const stream = t.app.sandbox.control.muxLiveStream(started.muxLiveStreamId);
    expect(row).toMatchObject({
      roomName: "studio-row",
      egressId: started.egressId,
      muxLiveStreamId: started.muxLiveStreamId,
      muxPlaybackId: started.muxPlaybackId,
      muxStreamKey: stream?.stream_key,
      rtmpUrl: `rtmp://global-live.mux.com:5222/app/${stream?.stream_key}`,
      status: "active",
      startedAt: expect.any(Date),
      endedAt: null,
      failureReason: null,
    });
  });
});

describe("rows stored before upstream text was redacted", () => {
  test("status and list mask the keys in an old row's failure reason and destination errors", async () => {
    const db = await getDb();
    const key = "old-mux-key-0123456789";
    const [row] = await db
      .insert(livestreams)
      .values({
        roomName: "old-row-room",
        userId: t.host.id,
        status: "failed",
        muxStreamKey: key,
        failureReason: `The LiveKit egress failed: rtmp://global-live.mux.com:5222/app/${key} refused`,
        destinations: [
          { type: "youtube", name: "YouTube", maskedUrl: "rtmp://a.rtmp.youtube.com/live2/yt-o…-key", status: "failed", error: "rtmp://a.rtmp.youtube.com/live2/yt-old-secret-key: connection reset" },
        ],
      })
      .returning();
    const status = await t.host.request("GET", `/api/video/livestream/status?id=${row?.id}`);
    const list = await t.host.request("GET", "/api/video/livestream?roomName=old-row-room");
    for (const body of [JSON.stringify(status.body), JSON.stringify(list.body)]) {
      expect(body).not.toContain(key);
      expect(body).not.toContain("yt-old-secret-key");
      expect(body).toContain("rtmp://global-live.mux.com:5222/app/old-…6789");
    }
  });
});
