// Go-live is safe to retry: a request with an Idempotency-Key answers the first result for
// that key and starts nothing new; keys are per user, a failed request releases its key.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startTestApp, type TestApp, type TestUser } from "../support/test-app";

let app: TestApp;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  app = await startTestApp();
  [alice, bob] = await Promise.all([app.newUser("Alice"), app.newUser("Bob")]);
});
afterAll(() => app?.close());
beforeEach(() => app.sandbox.control.clearFaults());

const creates = () => app.sandbox.control.requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" }).length;

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
