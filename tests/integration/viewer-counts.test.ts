// Status polls read the database; MUX is asked for a stream's viewer count at most once per
// 15 s, and stats trouble never fails a status (docs/architecture.md, invariant 6).
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { livestreams } from "@golive/next/db";
import { livestreamStatusResultSchema, startLivestreamResultSchema } from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ alice: "Alice" }, { viewerCounts: true });

describe("viewer counts", () => {
  test("50 polls cause one stats call; the count is MUX's", async () => {
    t.app.sandbox.control.joinRoom("viewers-room", t.alice.id);
    const started = parseBody(await t.alice.request("POST", "/api/video/livestream", { roomName: "viewers-room" }), startLivestreamResultSchema);
    await t.app.sandbox.control.settle();
    t.app.sandbox.control.setViewers(started.muxLiveStreamId, { viewers: 7, views: 31 });
    const statsBefore = t.app.sandbox.control.requests({ service: "stats", path: "/counts" }).length;

    const polls = await Promise.all(
      Array.from({ length: 50 }, () => t.alice.request("GET", `/api/video/livestream/status?id=${started.livestreamId}`)),
    );
    expect(polls.every((p) => p.status === 200)).toBe(true);
    expect(t.app.sandbox.control.requests({ service: "stats", path: "/counts" }).length - statsBefore).toBe(1);
    const last = await t.alice.request("GET", `/api/video/livestream/status?roomName=viewers-room`);
    expect(last.body).toMatchObject({ viewerCount: 7, viewerCountAvailable: true });
    // No MUX API call either: status is served from the database.
    expect(t.app.sandbox.control.requests({ service: "mux", method: "GET" })).toEqual([]);

    // 15 s later the next poll asks again.
    const db = await getDb();
    await db.update(livestreams).set({ viewersCheckedAt: new Date(Date.now() - 16_000) }).where(eq(livestreams.id, started.livestreamId));
    t.app.sandbox.control.setViewers(started.muxLiveStreamId, { viewers: 9, views: 40 });
    const later = await t.alice.request("GET", `/api/video/livestream/status?id=${started.livestreamId}`);
    expect(later.body).toMatchObject({ viewerCount: 9 });
    expect(t.app.sandbox.control.requests({ service: "stats", path: "/counts" }).length - statsBefore).toBe(2);
  });

  test("stats trouble keeps the last count and doesn't fail the status", async () => {
    const row = await t.alice.get("/api/video/livestream/status?roomName=viewers-room", livestreamStatusResultSchema);
    const db = await getDb();
    await db.update(livestreams).set({ viewersCheckedAt: new Date(Date.now() - 16_000) }).where(eq(livestreams.id, row.livestreamId));
    t.app.sandbox.control.fault({ service: "stats", match: {}, action: { status: 500, body: {} } });
    const res = await t.alice.request("GET", `/api/video/livestream/status?id=${row.livestreamId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ viewerCount: row.viewerCount });
  });
});
