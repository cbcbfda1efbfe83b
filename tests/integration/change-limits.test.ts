// A live broadcast's changes are bounded (docs/architecture.md, "Changing a live broadcast"):
// at most 30 PATCHes a minute per broadcast (429 with Retry-After), and of its ended
// destinations only the latest 20 are kept, however many add/remove cycles it goes through.
import { describe, expect, test } from "vitest";
import { livestreamStatusResultSchema, startLivestreamResultSchema, type LivestreamDestination, type StartLivestreamResult } from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ host: "Host" });

let rooms = 0;
async function goLive(): Promise<StartLivestreamResult & { room: string }> {
  const room = `limits-${++rooms}`;
  t.app.sandbox.control.joinRoom(room, t.host.id);
  const res = await t.host.request("POST", "/api/video/livestream", { roomName: room });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await t.app.sandbox.control.settle();
  return { ...parseBody(res, startLivestreamResultSchema), room };
}

const patch = (body: Record<string, unknown>) => t.host.request("PATCH", "/api/video/livestream", body);

describe("PATCH rate", () => {
  test("30 changes a minute per broadcast; beyond, 429 with Retry-After and a sentence, LiveKit not asked", async () => {
    const live = await goLive();
    const calls = () => t.app.sandbox.control.requests({ service: "livekit", rpc: "UpdateLayout" }).length;
    const before = calls();
    // Forty at once, by id and by room name alike (it is the broadcast's allowance). The
    // allowance refills one change per 2 s, so a slow run may let a few more through.
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => patch({ ...(i % 2 === 0 ? { livestreamId: live.livestreamId } : { roomName: live.room }), layout: i % 2 === 0 ? "speaker" : "grid" })),
    );
    const refilled = Math.ceil((Date.now() - started) / 2000);
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(ok.length).toBeGreaterThanOrEqual(30);
    expect(ok.length).toBeLessThanOrEqual(30 + refilled);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.status).toBe(429);
      const retryAfter = Number(r.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(2);
      expect(r.body).toEqual({ code: "too_many", error: `This broadcast has had too many changes: at most 30 a minute. Try again in ${retryAfter} s.` });
    }
    // A refused change never reached LiveKit (an allowed one asks only when the layout differs).
    expect(calls() - before).toBeLessThanOrEqual(ok.length);

    // Another broadcast of the same user has its own allowance.
    const other = await goLive();
    expect((await patch({ livestreamId: other.livestreamId, layout: "speaker" })).status).toBe(200);
  });
});

describe("destination history", () => {
  const destination = (i: number) => ({ type: "custom", name: `Relay ${i}`, customRtmpUrl: "rtmp://live.example.com/app", streamKey: `relay-key-${i}-0123456789` });

  test("12 add/remove cycles of 10 keep MUX and the latest 20 removed; the same addresses added again are live", async () => {
    const live = await goLive();
    let removed: LivestreamDestination[] = [];
    for (let cycle = 0; cycle < 12; cycle++) {
      const added = await patch({ livestreamId: live.livestreamId, addDestinations: Array.from({ length: 10 }, (_, i) => destination(i)) });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      const running = parseBody(added, livestreamStatusResultSchema).destinations.filter((d) => d.type !== "mux" && d.removedAt === undefined);
      expect(running).toHaveLength(10);
      const gone = await patch({ livestreamId: live.livestreamId, removeDestinations: running.map((d) => d.id) });
      expect(gone.status, JSON.stringify(gone.body)).toBe(200);
      removed = parseBody(gone, livestreamStatusResultSchema).destinations.filter((d) => d.removedAt !== undefined);
    }
    await t.app.sandbox.control.settle();
    const after = await t.host.get(`/api/video/livestream/status?id=${live.livestreamId}`, livestreamStatusResultSchema);
    expect(after.destinations).toHaveLength(21);
    expect(after.destinations[0]).toMatchObject({ type: "mux", status: "live" });
    // The latest 20: the last two cycles' destinations.
    expect(after.destinations.slice(1).map((d) => d.id)).toEqual(removed.map((d) => d.id));
    expect(after.destinations.slice(1).every((d) => d.status === "finished" && d.removedAt !== undefined)).toBe(true);

    // The same ten addresses once more: LiveKit's results still list the dropped ones as
    // FINISHED, which must not finish the new ones.
    const again = await patch({ livestreamId: live.livestreamId, addDestinations: Array.from({ length: 10 }, (_, i) => destination(i)) });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    await t.app.sandbox.control.settle();
    const final = await t.host.get(`/api/video/livestream/status?id=${live.livestreamId}`, livestreamStatusResultSchema);
    expect(final.destinations).toHaveLength(31);
    const running = final.destinations.filter((d) => d.type !== "mux" && d.removedAt === undefined);
    expect(running.map((d) => d.status)).toEqual(Array(10).fill("live"));
  });
});
