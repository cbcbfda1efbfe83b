// Safe to retry (Idempotency-Key), safe to expose (only participants broadcast a room), and
// status polling that costs MUX at most one stats call per stream per 15 s.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { livestreams } from "@/lib/db/schema";
import { startTestApp, type TestApp, type TestUser } from "../support/test-app";

let app: TestApp;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  app = await startTestApp({ viewerCounts: true });
  [alice, bob] = await Promise.all([app.newUser("Alice"), app.newUser("Bob")]);
});
afterAll(() => app?.close());
beforeEach(() => app.sandbox.control.clearFaults());

const creates = () => app.sandbox.control.requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" }).length;

describe("room authorization", () => {
  test("a user who isn't in the room gets 403, and nothing is created", async () => {
    app.sandbox.control.joinRoom("alices-room", alice.id);
    const before = creates();
    const res = await bob.request("POST", "/api/video/livestream", { roomName: "alices-room" });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 403,
      body: { error: 'You can only go live from a room you are in: join "alices-room" first.', code: "forbidden" },
    });
    expect(creates()).toBe(before);
    const db = await getDb();
    expect(await db.select().from(livestreams).where(eq(livestreams.roomName, "alices-room"))).toEqual([]);
  });

  test.each([
    ["a room that doesn't exist", "no-such-room", () => {}],
    ["a room everyone left", "left-room", () => {
      app.sandbox.control.joinRoom("left-room", alice.id);
      app.sandbox.control.leaveRoom("left-room", alice.id);
    }],
  ])("%s is 422 with advice", async (_name, room, arrange) => {
    arrange();
    const before = creates();
    const res = await alice.request("POST", "/api/video/livestream", { roomName: room });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 422,
      body: {
        error: `Room "${room}" can't go live: LiveKit has no such room with people in it. Join the room (at least one participant) before going live.`,
        code: "room_unavailable",
      },
    });
    expect(creates()).toBe(before);
  });

  test("the participant check asks LiveKit with a roomAdmin token for that room", async () => {
    app.sandbox.control.joinRoom("checked-room", alice.id);
    const res = await alice.request("POST", "/api/video/livestream", { roomName: "checked-room" });
    expect(res.status).toBe(201);
    const check = app.sandbox.control.requests({ service: "livekit", rpc: "ListParticipants" }).at(-1);
    expect(check?.body).toEqual({ room: "checked-room" });
    expect(check?.status).toBe(200);
  });
});

describe("Idempotency-Key", () => {
  test("a retry with the same key answers the first result and starts nothing new", async () => {
    app.sandbox.control.joinRoom("idem-room", alice.id);
    const before = creates();
    const first = await alice.request("POST", "/api/video/livestream", { roomName: "idem-room" }, { "idempotency-key": "key-1" });
    const again = await alice.request("POST", "/api/video/livestream", { roomName: "idem-room" }, { "idempotency-key": "key-1" });
    expect(first.status).toBe(201);
    expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: first.body });
    expect(creates() - before).toBe(1);
    expect(app.sandbox.control.egresses().filter((e) => e.room_name === "idem-room")).toHaveLength(1);
  });

  test("keys are per user, and a key reused for another request is refused", async () => {
    app.sandbox.control.joinRoom("idem-other", alice.id);
    const reuse = await alice.request("POST", "/api/video/livestream", { roomName: "idem-other" }, { "idempotency-key": "key-1" });
    expect({ status: reuse.status, body: reuse.body }).toEqual({
      status: 409,
      body: { error: "This Idempotency-Key was already used for a different request. Use a new key.", code: "conflict" },
    });
    app.sandbox.control.joinRoom("idem-bob", bob.id);
    const bobs = await bob.request("POST", "/api/video/livestream", { roomName: "idem-bob" }, { "idempotency-key": "key-1" });
    expect(bobs.status).toBe(201);
  });

  test("concurrent requests with one key: one broadcast", async () => {
    app.sandbox.control.joinRoom("idem-race", alice.id);
    const before = creates();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => alice.request("POST", "/api/video/livestream", { roomName: "idem-race" }, { "idempotency-key": "race-key" })),
    );
    expect(creates() - before).toBe(1);
    const winners = results.filter((r) => r.status === 201);
    expect(winners.length).toBeGreaterThanOrEqual(1);
    for (const w of winners) expect(w.body).toEqual(winners[0]?.body);
    for (const r of results.filter((r) => r.status !== 201)) {
      expect(r.body).toEqual({ error: "A request with this Idempotency-Key is still in progress. Try again in a moment.", code: "conflict" });
    }
  });

  test("a failed request releases its key, so the same key can be retried", async () => {
    app.sandbox.control.joinRoom("idem-retry", alice.id);
    app.sandbox.control.fault({ service: "mux", match: { method: "POST", path: "/video/v1/live-streams" }, action: { status: 401, body: {} } });
    const failed = await alice.request("POST", "/api/video/livestream", { roomName: "idem-retry" }, { "idempotency-key": "retry-key" });
    expect(failed.status).toBe(502);
    const retried = await alice.request("POST", "/api/video/livestream", { roomName: "idem-retry" }, { "idempotency-key": "retry-key" });
    expect(retried.status).toBe(201);
  });

  test("a malformed key is a 400", async () => {
    const res = await alice.request("POST", "/api/video/livestream", { roomName: "idem-room" }, { "idempotency-key": "has spaces in it" });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: { error: "Idempotency-Key must be 1–255 printable ASCII characters without spaces.", code: "bad_request" },
    });
  });
});

describe("viewer counts", () => {
  test("50 polls cause one stats call; the count is MUX's", async () => {
    app.sandbox.control.joinRoom("viewers-room", alice.id);
    const started = (await alice.request("POST", "/api/video/livestream", { roomName: "viewers-room" })).body as {
      livestreamId: string;
      muxLiveStreamId: string;
    };
    await app.sandbox.control.settle();
    app.sandbox.control.setViewers(started.muxLiveStreamId, { viewers: 7, views: 31 });
    const statsBefore = app.sandbox.control.requests({ service: "stats" }).length;

    const polls = await Promise.all(
      Array.from({ length: 50 }, () => alice.request("GET", `/api/video/livestream/status?id=${started.livestreamId}`)),
    );
    expect(polls.every((p) => p.status === 200)).toBe(true);
    expect(app.sandbox.control.requests({ service: "stats" }).length - statsBefore).toBe(1);
    const last = await alice.request("GET", `/api/video/livestream/status?roomName=viewers-room`);
    expect(last.body).toMatchObject({ viewerCount: 7, viewerCountAvailable: true });
    // No MUX API call either: status is served from the database.
    expect(app.sandbox.control.requests({ service: "mux", method: "GET" })).toEqual([]);

    // 15 s later the next poll asks again.
    const db = await getDb();
    await db.update(livestreams).set({ viewersCheckedAt: new Date(Date.now() - 16_000) }).where(eq(livestreams.id, started.livestreamId));
    app.sandbox.control.setViewers(started.muxLiveStreamId, { viewers: 9, views: 40 });
    const later = await alice.request("GET", `/api/video/livestream/status?id=${started.livestreamId}`);
    expect(later.body).toMatchObject({ viewerCount: 9 });
    expect(app.sandbox.control.requests({ service: "stats" }).length - statsBefore).toBe(2);
  });

  test("stats trouble keeps the last count and doesn't fail the status", async () => {
    const row = (await alice.request("GET", "/api/video/livestream/status?roomName=viewers-room")).body as { livestreamId: string; viewerCount: number };
    const db = await getDb();
    await db.update(livestreams).set({ viewersCheckedAt: new Date(Date.now() - 16_000) }).where(eq(livestreams.id, row.livestreamId));
    app.sandbox.control.fault({ service: "stats", match: {}, action: { status: 500, body: {} } });
    const res = await alice.request("GET", `/api/video/livestream/status?id=${row.livestreamId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ viewerCount: row.viewerCount });
  });
});
