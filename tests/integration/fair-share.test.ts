// No one account can take what everyone shares (docs/architecture.md, "MUX at fleet scale"):
// a user holds at most LIVESTREAM_MAX_LIVE_PER_USER live broadcasts, also when their go-lives
// race each other, and at most TURNS_AHEAD_PER_REQUESTER turns of the shared MUX POST queue
// (measured with the sandbox's rate limits in tests/integration/mux-rate-limits.test.ts).
import { afterEach, describe, expect, test } from "vitest";
import { reservePostSlot, TURNS_AHEAD_PER_REQUESTER } from "@golive/next/upstream";
import { listLivestreamsResultSchema, startLivestreamResultSchema } from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ alice: "Alice", bob: "Bob" });
afterEach(() => {
  process.env.LIVESTREAM_MAX_LIVE_PER_USER = "100";
});

const tooMany = (held: number, cap: number) => ({
  code: "too_many",
  error: `You already have ${held} live broadcasts, and one account may have at most ${cap} at once. End one of them before going live in another room.`,
});

let rooms = 0;
function room(owner: { id: string }): string {
  const name = `fair-${++rooms}`;
  t.app.sandbox.control.joinRoom(name, owner.id);
  return name;
}

const goLive = (who: typeof t.alice, roomName: string, headers?: Record<string, string>) =>
  who.request("POST", "/api/video/livestream", { roomName }, headers);

describe("LIVESTREAM_MAX_LIVE_PER_USER", () => {
  test("the default is 3: a fourth live broadcast is 429 too_many, nothing made; ending one makes room", async () => {
    delete process.env.LIVESTREAM_MAX_LIVE_PER_USER;
    const live = [];
    for (let i = 0; i < 3; i++) {
      const res = await goLive(t.alice, room(t.alice));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      live.push(parseBody(res, startLivestreamResultSchema).livestreamId);
    }
    const creates = t.app.sandbox.control.requests({ service: "mux", method: "POST" }).length;
    const egresses = t.app.sandbox.control.egresses().length;
    const fourth = room(t.alice);
    const refused = await goLive(t.alice, fourth);
    expect({ status: refused.status, body: refused.body }).toEqual({ status: 429, body: tooMany(3, 3) });
    expect(t.app.sandbox.control.requests({ service: "mux", method: "POST" }).length).toBe(creates);
    expect(t.app.sandbox.control.egresses().length).toBe(egresses);
    // Nothing of the refusal is listed.
    const list = await t.alice.request("GET", `/api/video/livestream?roomName=${fourth}`);
    expect(list.body).toEqual({ livestreams: [], nextCursor: null });

    // Another user is not affected by Alice's count.
    const bobs = await goLive(t.bob, room(t.bob));
    expect(bobs.status).toBe(201);

    const stopped = await t.alice.request("DELETE", "/api/video/livestream", { livestreamId: live[0] });
    expect(stopped.status).toBe(200);
    expect((await goLive(t.alice, fourth)).status).toBe(201);
    await endAll();
  });

  test("holds under concurrency: 8 go-lives at once in 8 rooms by one user make exactly the cap live", async () => {
    process.env.LIVESTREAM_MAX_LIVE_PER_USER = "3";
    const names = Array.from({ length: 8 }, () => room(t.alice));
    const answers = await Promise.all(names.map((name) => goLive(t.alice, name)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect({ status: refused.status, body: refused.body }).toEqual({ status: 429, body: tooMany(3, 3) });
    }
    const list = await t.alice.request("GET", "/api/video/livestream?limit=100");
    const liveNow = parseBody(list, listLivestreamsResultSchema).livestreams.filter((l) => ["starting", "active", "stopping"].includes(l.status));
    expect(liveNow).toHaveLength(3);
    await endAll();
  });

  test("a replay of an existing go-live (same Idempotency-Key) is answered, not refused, at the cap", async () => {
    process.env.LIVESTREAM_MAX_LIVE_PER_USER = "1";
    const name = room(t.alice);
    const first = await goLive(t.alice, name, { "idempotency-key": "fair-replay" });
    expect(first.status).toBe(201);
    const again = await goLive(t.alice, name, { "idempotency-key": "fair-replay" });
    expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: first.body });
    const other = await goLive(t.alice, room(t.alice), { "idempotency-key": "fair-other" });
    expect({ status: other.status, body: other.body }).toEqual({
      status: 429,
      body: {
        code: "too_many",
        error: "You already have 1 live broadcast, and one account may have at most 1 at once. End one of them before going live in another room.",
      },
    });
    await endAll();
  });
});

describe("the MUX POST queue's share per user", () => {
  test(`a user holds at most ${TURNS_AHEAD_PER_REQUESTER} turns ahead, also when asking at once; another user still gets the next turn`, async () => {
    const environment = "fair-share-test"; // a queue of its own, one POST a second
    const second = 1000;
    const first = await reservePostSlot(environment, "ann", 10_000, second);
    expect(first).toEqual({ ok: true, waitMs: expect.any(Number) });
    // Ann's first turn is due now; her share more are held ahead, one more is refused with when
    // the first of those is due.
    const held = [];
    for (let i = 0; i < TURNS_AHEAD_PER_REQUESTER; i++) held.push(await reservePostSlot(environment, "ann", 10_000, second));
    expect(held.map((s) => s.ok)).toEqual(Array(TURNS_AHEAD_PER_REQUESTER).fill(true));
    const refused = await reservePostSlot(environment, "ann", 10_000, second);
    expect(refused).toEqual({ ok: false, reason: "share", retryAfterMs: expect.any(Number) });
    expect(refused.ok ? 0 : refused.retryAfterMs).toBeGreaterThan(0.5 * second);
    expect(refused.ok ? 0 : refused.retryAfterMs).toBeLessThanOrEqual(second);

    // Ben is next, right behind Ann's turns.
    const ben = await reservePostSlot(environment, "ben", 10_000, second);
    expect(ben).toEqual({ ok: true, waitMs: expect.any(Number) });
    expect(ben.ok ? ben.waitMs : 0).toBeGreaterThan((TURNS_AHEAD_PER_REQUESTER + 0.5) * second);
    expect(ben.ok ? ben.waitMs : 0).toBeLessThanOrEqual((TURNS_AHEAD_PER_REQUESTER + 1) * second);

    // Ten at once by Cy: all his turns are ahead, so exactly his share is reserved.
    const cys = await Promise.all(Array.from({ length: 10 }, () => reservePostSlot(environment, "cy", 10_000, second)));
    expect(cys.filter((s) => s.ok)).toHaveLength(TURNS_AHEAD_PER_REQUESTER);
    expect(cys.filter((s) => !s.ok && s.reason === "share")).toHaveLength(10 - TURNS_AHEAD_PER_REQUESTER);

    // The whole queue past the budget: refused as "queue", whoever asks.
    expect(await reservePostSlot(environment, "dee", 5 * second, second)).toEqual({ ok: false, reason: "queue", retryAfterMs: expect.any(Number) });
  });
});

/** Ends every live broadcast of both users, so one test's count doesn't carry into the next. */
async function endAll(): Promise<void> {
  for (const who of [t.alice, t.bob]) {
    const list = await who.request("GET", "/api/video/livestream?limit=100");
    for (const l of parseBody(list, listLivestreamsResultSchema).livestreams) {
      if (l.status === "starting" || l.status === "active") await who.request("DELETE", "/api/video/livestream", { livestreamId: l.id });
    }
  }
}
