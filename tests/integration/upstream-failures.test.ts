// Upstream failures through the sandbox's fault injection: a clear 4xx/5xx, the row left
// `failed` with a readable reason, and nothing half-made upstream (docs/architecture.md,
// invariants 2 and 5).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { getDb } from "@/lib/db";
import { livestreams } from "@golive/next/db";
import { startLivestreamResultSchema } from "@golive/next/contract";
import { parseBody, startTestApp, type TestApp, type TestUser } from "../support/test-app";
import { passthroughOf } from "../support/upstream-requests";

let app: TestApp;
let user: TestUser;
const logged: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  user = await app.newUser();
  for (const level of ["error", "warn", "log", "info"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(" "));
    });
  }
});
afterAll(async () => {
  // No stream key of any stream the sandbox made ever reached a log line.
  const keys = app.sandbox.control.muxLiveStreams().map((s) => s.stream_key);
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) expect(logged.join("\n")).not.toContain(key);
  vi.restoreAllMocks();
  await app?.close();
});
beforeEach(() => app.sandbox.control.clearFaults());

type Fault = Parameters<TestApp["sandbox"]["control"]["fault"]>[0];
const muxCreate = { service: "mux", match: { method: "POST", path: "/video/v1/live-streams" } } as const;
const egressStart = { service: "livekit", match: { rpc: "StartRoomCompositeEgress" } } as const;

/** Puts the user in `room`, so the participant check passes, with `fault` waiting upstream. */
function inRoomWithFault(room: string, fault: Fault): void {
  app.sandbox.control.joinRoom(room, user.id);
  app.sandbox.control.fault(fault);
}

async function rowFor(room: string) {
  const db = await getDb();
  const rows = await db.select().from(livestreams).where(eq(livestreams.roomName, room));
  return rows.at(-1);
}

describe("MUX create fails", () => {
  test.each([
    ["MUX refuses (401)", { status: 401, body: { error: { type: "unauthorized", messages: ["Unauthorized request"] } } }, 1, 502, "upstream_error", "Could not create the MUX live stream: MUX refused the request."],
    ["MUX is down (500, after the SDK's retries)", { status: 500, body: { error: { type: "internal", messages: ["boom"] } } }, 3, 502, "upstream_error", "Could not create the MUX live stream: MUX refused the request."],
    ["MUX overloaded (503, after the SDK's retries)", { status: 503, body: {} }, 3, 503, "upstream_unavailable", "Could not create the MUX live stream: MUX did not answer in time or is unavailable. Try again shortly."],
    ["connection dropped (after the SDK's retries)", { drop: true as const }, 3, 503, "upstream_unavailable", "Could not create the MUX live stream: MUX did not answer in time or is unavailable. Try again shortly."],
  ])("%s", async (name, action, times, status, code, message) => {
    const room = `mux-fail-${status}-${name.length}`;
    inRoomWithFault(room, { ...muxCreate, times, action });
    const egressBefore = app.sandbox.control.egresses().length;

    const res = await user.request("POST", "/api/video/livestream", { roomName: room });
    expect({ status: res.status, body: res.body }).toEqual({ status, body: { error: message, code } });
    expect(await rowFor(room)).toMatchObject({ status: "failed", failureReason: message, egressId: null, muxLiveStreamId: null });
    expect(app.sandbox.control.egresses().length).toBe(egressBefore);

    // The room is free: a retry once MUX is back goes live.
    const retry = await user.request("POST", "/api/video/livestream", { roomName: room });
    expect(retry.status).toBe(201);
  });
});

describe("MUX create hiccups", () => {
  test("one 500 is retried by the SDK: the go-live succeeds with one stream, tagged with the row id", async () => {
    const room = "mux-retried";
    inRoomWithFault(room, { ...muxCreate, times: 1, action: { status: 500, body: {} } });
    const before = app.sandbox.control.requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" }).length;
    const res = await user.request("POST", "/api/video/livestream", { roomName: room });
    expect(res.status).toBe(201);
    const creates = app.sandbox.control.requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" }).slice(before);
    expect(creates.map((c) => c.status)).toEqual([500, 201]);
    const { livestreamId } = parseBody(res, startLivestreamResultSchema);
    expect(creates.map(passthroughOf)).toEqual([livestreamId, livestreamId]);
  });
});

describe("MUX's answer lost after it made the stream", () => {
  test("the SDK's retry makes a second stream; both carry the row id, the row links one, reconcile deletes the other", async () => {
    const room = "mux-answer-lost";
    inRoomWithFault(room, { ...muxCreate, action: { dropAfterHandling: true } });
    const res = await user.request("POST", "/api/video/livestream", { roomName: room });
    expect(res.status).toBe(201);
    const { livestreamId, muxLiveStreamId } = parseBody(res, startLivestreamResultSchema);
    const tagged = app.sandbox.control.muxLiveStreams().filter((s) => s.passthrough === livestreamId);
    expect(tagged).toHaveLength(2);
    await app.sandbox.control.settle();

    const { reconcile } = await import("@golive/next/reconcile");
    const report = await reconcile();
    const duplicate = tagged.find((s) => s.id !== muxLiveStreamId)?.id;
    expect(report.muxStreamsDeleted).toContain(duplicate);
    expect(app.sandbox.control.muxLiveStreams().filter((s) => s.passthrough === livestreamId).map((s) => s.id)).toEqual([muxLiveStreamId]);
  });
});

describe("LiveKit egress fails: the MUX stream is deleted", () => {
  test("a room that empties between the participant check and the egress is 422, and the MUX stream is deleted", async () => {
    const room = "emptied-room";
    inRoomWithFault(room, { ...egressStart, action: { twirp: { code: "not_found", msg: "requested room does not exist" } } });
    const res = await user.request("POST", "/api/video/livestream", { roomName: room });
    const message = `Room "${room}" can't go live: LiveKit has no such room with people in it. Join the room (at least one participant) before going live.`;
    expect({ status: res.status, body: res.body }).toEqual({ status: 422, body: { error: message, code: "room_unavailable" } });
    const row = await rowFor(room);
    expect(row).toMatchObject({ status: "failed", failureReason: message, egressId: null });
    expect(app.sandbox.control.muxLiveStream(row?.muxLiveStreamId ?? "")).toBeUndefined();
    expect(app.sandbox.control.requests({ service: "mux", method: "DELETE", path: `/video/v1/live-streams/${row?.muxLiveStreamId}` })).toHaveLength(1);
  });

  test.each([
    ["LiveKit errors (internal)", { twirp: { code: "internal", msg: "egress service crashed" } }, 502, "upstream_error", "Could not start the LiveKit egress: LiveKit refused the request."],
    ["LiveKit unavailable", { twirp: { code: "unavailable", msg: "no egress workers" } }, 503, "upstream_unavailable", "Could not start the LiveKit egress: LiveKit did not answer in time or is unavailable. Try again shortly."],
    ["connection dropped", { drop: true as const }, 503, "upstream_unavailable", "Could not start the LiveKit egress: LiveKit did not answer in time or is unavailable. Try again shortly."],
  ])("%s", async (_name, action, status, code, message) => {
    const room = `egress-fail-${code}-${status}-${"drop" in action ? "drop" : "twirp"}`;
    inRoomWithFault(room, { ...egressStart, action });

    const res = await user.request("POST", "/api/video/livestream", { roomName: room });
    expect({ status: res.status, body: res.body }).toEqual({ status, body: { error: message, code } });
    const row = await rowFor(room);
    expect(row).toMatchObject({ status: "failed", failureReason: message, egressId: null });
    expect(app.sandbox.control.muxLiveStream(row?.muxLiveStreamId ?? "")).toBeUndefined();
  });

  test("an egress LiveKit started but whose answer was lost is found and stopped before it streams untracked", async () => {
    const room = "egress-answer-lost";
    inRoomWithFault(room, { ...egressStart, action: { dropAfterHandling: true } });

    const res = await user.request("POST", "/api/video/livestream", {
      roomName: room,
      additionalDestinations: [{ type: "youtube", streamKey: "yt-lost-answer-key" }],
    });
    expect(res.status).toBe(503);
    const [egress] = app.sandbox.control.egresses().filter((e) => e.room_name === room);
    expect(egress).toBeDefined();
    await app.sandbox.control.settle();
    expect(["EGRESS_COMPLETE", "EGRESS_ABORTED"]).toContain(app.sandbox.control.egress(egress?.egress_id ?? "")?.status);
    expect(app.sandbox.control.requests({ service: "livekit", rpc: "StopEgress" }).map((r) => r.body)).toContainEqual({ egressId: egress?.egress_id });
    expect((await rowFor(room))?.status).toBe("failed");
  });

  test("LiveKit refusing a destination URL is a 400 that leaks no key", async () => {
    const room = "egress-invalid";
    inRoomWithFault(room, { ...egressStart, action: { twirp: { code: "invalid_argument", msg: "invalid url rtmp://a.rtmp.youtube.com/live2/yt-secret-key-123" } } });
    const res = await user.request("POST", "/api/video/livestream", {
      roomName: room,
      additionalDestinations: [{ type: "youtube", streamKey: "yt-secret-key-123" }],
    });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: { error: "LiveKit refused the destinations: check each RTMP URL and stream key.", code: "bad_request" },
    });
    expect(logged.join("\n")).not.toContain("yt-secret-key-123");
  });
});

describe("stop", () => {
  async function live(room: string) {
    app.sandbox.control.joinRoom(room, user.id);
    const res = await user.request("POST", "/api/video/livestream", { roomName: room });
    expect(res.status).toBe(201);
    await app.sandbox.control.settle();
    return parseBody(res, startLivestreamResultSchema);
  }

  test("an egress that already ended (failed_precondition) counts as stopped, and MUX is still completed", async () => {
    const started = await live("ended-egress");
    app.sandbox.control.fault({
      service: "livekit",
      match: { rpc: "StopEgress" },
      action: { twirp: { code: "failed_precondition", msg: "egress with status EGRESS_COMPLETE cannot be stopped" } },
    });
    const res = await user.request("DELETE", "/api/video/livestream", { roomName: "ended-egress" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ livestreamId: started.livestreamId, status: "completed" });
    expect(app.sandbox.control.requests({ service: "mux", path: `/video/v1/live-streams/${started.muxLiveStreamId}/complete` })).toHaveLength(1);
  });

  test("an egress LiveKit no longer knows (not_found) counts as stopped too", async () => {
    const started = await live("forgotten-egress");
    app.sandbox.control.fault({ service: "livekit", match: { rpc: "StopEgress" }, action: { twirp: { code: "not_found", msg: "egress not found" } } });
    const res = await user.request("DELETE", "/api/video/livestream", { livestreamId: started.livestreamId });
    expect(res.body).toMatchObject({ status: "completed" });
  });

  test("LiveKit failing to stop is a 502, and the row says why", async () => {
    const started = await live("stuck-egress");
    app.sandbox.control.fault({ service: "livekit", match: { rpc: "StopEgress" }, action: { twirp: { code: "internal", msg: "oops" } } });
    const res = await user.request("DELETE", "/api/video/livestream", { livestreamId: started.livestreamId });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 502,
      body: { error: "Could not stop the LiveKit egress: LiveKit refused the request.", code: "upstream_error" },
    });
    expect(await rowFor("stuck-egress")).toMatchObject({
      status: "failed",
      failureReason: "Could not stop the LiveKit egress: LiveKit refused the request. The egress may still be running.",
    });
  });

  test("MUX failing to complete doesn't undo a stop: the broadcast has ended", async () => {
    const started = await live("mux-complete-fails");
    app.sandbox.control.fault({ service: "mux", match: { method: "PUT", path: /\/complete$/ }, times: 3, action: { status: 500, body: {} } });
    const res = await user.request("DELETE", "/api/video/livestream", { roomName: "mux-complete-fails" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ livestreamId: started.livestreamId, status: "completed" });
  });
});

describe("not configured", () => {
  test("missing credentials are a 503 naming them, and nothing is written", async () => {
    const saved = process.env.MUX_TOKEN_SECRET;
    process.env.MUX_TOKEN_SECRET = "";
    try {
      const res = await user.request("POST", "/api/video/livestream", { roomName: "unconfigured" });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 503,
        body: { error: "MUX is not configured: set MUX_TOKEN_SECRET (see .env.example).", code: "not_configured" },
      });
      expect(await rowFor("unconfigured")).toBeUndefined();
    } finally {
      process.env.MUX_TOKEN_SECRET = saved;
    }
  });
});
