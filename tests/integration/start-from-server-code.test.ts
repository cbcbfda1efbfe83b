// startLivestream called from server code (docs/reference/api.md, "From server code"): its options are
// planned by the same planner as the route's body, and an idempotency key works there too,
// shared with the route (the key lives in the service, not in the route).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { livestreamStatusResultSchema } from "@golive/next/contract";
// The glue at src/lib/video/, as the documented call imports it.
import { LivestreamError, startLivestream, stopLivestream } from "@/lib/video/livestream";
import { buildDestination } from "@/lib/video/stream-destinations";
import { parseBody, startTestApp, type TestApp, type TestUser } from "../support/test-app";
import { recordedBody, roomCompositeEgressSchema } from "../support/upstream-requests";

let app: TestApp;
let user: TestUser;

beforeAll(async () => {
  app = await startTestApp();
  user = await app.newUser("Server Code");
});
afterAll(() => app?.close());

const creates = () => app.sandbox.control.requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" }).length;

async function refusal(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (error) {
    if (error instanceof LivestreamError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("no error");
}

describe("startLivestream from server code", () => {
  test("the documented call: MUX plus a built YouTube destination, masked where it is stored", async () => {
    app.sandbox.control.joinRoom("code-room", user.id);
    const key = "abcd-efgh-ijkl-mnop";
    const live = await startLivestream(
      { roomName: "code-room", latencyMode: "low", additionalDestinations: [buildDestination("youtube", key, { name: "YouTube" })] },
      user.id,
    );
    expect(live.status).toBe("starting");
    const egress = app.sandbox.control.requests({ service: "livekit", rpc: "StartRoomCompositeEgress" }).at(-1);
    const urls = recordedBody(egress, roomCompositeEgressSchema).streamOutputs[0]?.urls;
    expect(urls?.[1]).toBe(`rtmp://a.rtmp.youtube.com/live2/${key}`);
    const status = await user.request("GET", `/api/video/livestream/status?id=${live.livestreamId}`);
    expect(parseBody(status, livestreamStatusResultSchema).destinations[1]).toMatchObject({
      type: "youtube",
      name: "YouTube",
      maskedUrl: "rtmp://a.rtmp.youtube.com/live2/abcd…mnop",
    });
    await stopLivestream(live.livestreamId, user.id);
  });

  test("the production controls and captions, typed options planned like the body's", async () => {
    app.sandbox.control.joinRoom("code-room-look", user.id);
    const live = await startLivestream({ roomName: "code-room-look", layout: "speaker", quality: "720p60", orientation: "portrait", captions: "de" }, user.id);
    const egress = recordedBody(app.sandbox.control.requests({ service: "livekit", rpc: "StartRoomCompositeEgress" }).at(-1), roomCompositeEgressSchema);
    expect(egress.layout).toBe("speaker");
    expect(egress.advanced).toEqual({ width: 720, height: 1280, framerate: 60, videoBitrate: 4500, audioBitrate: 128, keyFrameInterval: 2 });
    const create = app.sandbox.control.requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" }).at(-1)?.body;
    expect(create).toMatchObject({ generated_subtitles: [{ name: "Deutsch (generated)", language_code: "de" }] });
    const status = await user.request("GET", `/api/video/livestream/status?id=${live.livestreamId}`);
    expect(status.body).toMatchObject({ layout: "speaker", quality: "720p60", orientation: "portrait", visibility: "public", captions: "de" });
    // The planner's rule holds for server code too.
    expect(await refusal(() => startLivestream({ roomName: "code-room-look", latencyMode: "low", captions: "en" }, user.id))).toEqual({
      code: "bad_request",
      message: 'captions are not available with latencyMode "low": MUX does not caption low-latency streams. Choose latencyMode "standard", or no captions.',
    });
    await stopLivestream(live.livestreamId, user.id);
  });

  test.each([
    ["a blank room name", { roomName: " " }, "roomName is required."],
    ["maxDuration out of range", { roomName: "code-room", maxDuration: 10 }, "maxDuration must be a whole number of seconds between 60 and 43200."],
    [
      "a built destination with a key that leaves its segment",
      { roomName: "code-room", additionalDestinations: [{ type: "custom" as const, name: "c", rtmpUrl: "rtmp://live.example.com/app/a/b", streamKey: "a/b" }] },
      "additionalDestinations[0].streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters.",
    ],
    [
      "rtmp and rtmps mixed",
      {
        roomName: "code-room",
        additionalDestinations: [
          buildDestination("youtube", "yt-key-1234"),
          buildDestination("custom", "k-123", { customRtmpUrl: "rtmps://live.example.com/app" }),
        ],
      },
      "additionalDestinations must all use the same protocol: LiveKit sends one egress over either rtmp:// or rtmps://, not both.",
    ],
    [
      "a private custom server",
      { roomName: "code-room", additionalDestinations: [buildDestination("custom", "k-123", { customRtmpUrl: "rtmp://10.0.0.5/live" })] },
      "additionalDestinations[0].customRtmpUrl must point at a public RTMP server, not a loopback, private or link-local address.",
    ],
  ])("%s: the route's 400, nothing upstream", async (_name, options, message) => {
    const before = app.sandbox.control.requests().length;
    expect(await refusal(() => startLivestream(options, user.id))).toEqual({ code: "bad_request", message });
    expect(app.sandbox.control.requests().length).toBe(before);
  });
});

describe("an idempotency key in the service", () => {
  test("server code retrying with its key gets the first answer; another request with it is a 409", async () => {
    app.sandbox.control.joinRoom("code-idem", user.id);
    const before = creates();
    const first = await startLivestream({ roomName: "code-idem" }, user.id, { idempotencyKey: "code-key-1" });
    const again = await startLivestream({ roomName: "code-idem" }, user.id, { idempotencyKey: "code-key-1" });
    expect(again).toEqual(first);
    expect(creates() - before).toBe(1);
    expect(await refusal(() => startLivestream({ roomName: "code-idem", latencyMode: "low" }, user.id, { idempotencyKey: "code-key-1" }))).toEqual({
      code: "conflict",
      message: "This Idempotency-Key was already used for a different request. Use a new key.",
    });
    expect(await refusal(() => startLivestream({ roomName: "code-idem" }, user.id, { idempotencyKey: "has spaces" }))).toEqual({
      code: "bad_request",
      message: "Idempotency-Key must be 1–255 printable ASCII characters without spaces.",
    });
  });

  test("one key, the route then server code with the same request: one broadcast", async () => {
    app.sandbox.control.joinRoom("code-shared", user.id);
    const before = creates();
    const body = { roomName: "code-shared", additionalDestinations: [{ type: "twitch", streamKey: "live_123456" }] };
    const viaRoute = await user.request("POST", "/api/video/livestream", body, { "idempotency-key": "shared-key" });
    expect(viaRoute.status).toBe(201);
    const viaCode = await startLivestream(
      { roomName: "code-shared", additionalDestinations: [buildDestination("twitch", "live_123456")] },
      user.id,
      { idempotencyKey: "shared-key" },
    );
    expect(viaCode).toEqual(viaRoute.body);
    expect(creates() - before).toBe(1);
  });
});
