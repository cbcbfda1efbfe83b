// Go-live is safe to retry: a request with an Idempotency-Key answers the first result for
// that key and starts nothing new; keys are per user, a failed request releases its key.
import { describe, expect, test } from "vitest";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ alice: "Alice", bob: "Bob" });

const creates = () => t.app.sandbox.control.requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" }).length;

describe("Idempotency-Key", () => {
  test("a retry with the same key answers the first result and starts nothing new", async () => {
    t.app.sandbox.control.joinRoom("idem-room", t.alice.id);
    const before = creates();
    const first = await t.alice.request("POST", "/api/video/livestream", { roomName: "idem-room" }, { "idempotency-key": "key-1" });
    const again = await t.alice.request("POST", "/api/video/livestream", { roomName: "idem-room" }, { "idempotency-key": "key-1" });
    expect(first.status).toBe(201);
    expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: first.body });
    expect(creates() - before).toBe(1);
    expect(t.app.sandbox.control.egresses().filter((e) => e.room_name === "idem-room")).toHaveLength(1);
  });

  test("keys are per user, and a key reused for another request is refused", async () => {
    t.app.sandbox.control.joinRoom("idem-other", t.alice.id);
    const reuse = await t.alice.request("POST", "/api/video/livestream", { roomName: "idem-other" }, { "idempotency-key": "key-1" });
    expect({ status: reuse.status, body: reuse.body }).toEqual({
      status: 409,
      body: { error: "This Idempotency-Key was already used for a different request. Use a new key.", code: "conflict" },
    });
    t.app.sandbox.control.joinRoom("idem-bob", t.bob.id);
    const bobs = await t.bob.request("POST", "/api/video/livestream", { roomName: "idem-bob" }, { "idempotency-key": "key-1" });
    expect(bobs.status).toBe(201);
  });

  test("concurrent requests with one key: one broadcast", async () => {
    t.app.sandbox.control.joinRoom("idem-race", t.alice.id);
    const before = creates();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.alice.request("POST", "/api/video/livestream", { roomName: "idem-race" }, { "idempotency-key": "race-key" })),
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
    t.app.sandbox.control.joinRoom("idem-retry", t.alice.id);
    t.app.sandbox.control.fault({ service: "mux", match: { method: "POST", path: "/video/v1/live-streams" }, action: { status: 401, body: {} } });
    const failed = await t.alice.request("POST", "/api/video/livestream", { roomName: "idem-retry" }, { "idempotency-key": "retry-key" });
    expect(failed.status).toBe(502);
    const retried = await t.alice.request("POST", "/api/video/livestream", { roomName: "idem-retry" }, { "idempotency-key": "retry-key" });
    expect(retried.status).toBe(201);
  });

  test("a malformed key is a 400", async () => {
    const res = await t.alice.request("POST", "/api/video/livestream", { roomName: "idem-room" }, { "idempotency-key": "has spaces in it" });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: { error: "Idempotency-Key must be 1–255 printable ASCII characters without spaces.", code: "bad_request" },
    });
  });
});
