// Egress events drive each destination's state and the end of a broadcast nobody stopped; events
// that overtake the start's answer are kept until it lands; late and replayed ones never move a
// destination backwards.
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { pendingEgressEvents } from "@golive/next/db";
import type { SentWebhook } from "@golive/sandbox";
import { startLivestreamResultSchema } from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { webhookHelpers } from "../support/webhooks";

const t = useTestApp({ host: "Host" });
const { goLive, row, status, replay, sentAbout, destinationStates } = webhookHelpers(t);

describe("egress events", () => {
  test("one destination failing shows as failed; the broadcast stays live", async () => {
    const started = await goLive("wh-dest-fail", { additionalDestinations: [{ type: "youtube", streamKey: "yt-key-failing-1" }] });
    await t.app.sandbox.control.settle();
    expect(t.app.sandbox.control.failStreamUrl(started.egressId, "youtube", "connection refused")).toBe(true);
    await t.app.sandbox.control.settle();
    const s = await status(started.livestreamId);
    expect(s.status).toBe("active");
    expect(s.destinations).toEqual([
      expect.objectContaining({ type: "mux", status: "live" }),
      expect.objectContaining({ type: "youtube", status: "failed", error: "connection refused" }),
    ]);
    expect(JSON.stringify(s)).not.toContain("yt-key-failing-1");
  });

  test("an egress that fails underneath fails the broadcast with LiveKit's reason and completes MUX", async () => {
    const started = await goLive("wh-egress-fail");
    await t.app.sandbox.control.settle();
    t.app.sandbox.control.failStreamUrl(started.egressId, "global-live.mux.com", "ingest went away");
    await t.app.sandbox.control.settle();
    const after = await row(started.livestreamId);
    expect(after).toMatchObject({ status: "failed", endedAt: expect.any(Date) });
    expect(after?.failureReason).toMatch(/^The LiveKit egress failed/);
    expect(t.app.sandbox.control.requests({ service: "mux", path: `/video/v1/live-streams/${started.muxLiveStreamId}/complete` })).toHaveLength(1);
  });

  test("the room closing ends the broadcast as completed and completes MUX", async () => {
    const started = await goLive("wh-room-closed");
    await t.app.sandbox.control.settle();
    t.app.sandbox.control.deleteRoom("wh-room-closed");
    await t.app.sandbox.control.settle();
    expect(await row(started.livestreamId)).toMatchObject({ status: "completed", failureReason: null });
    expect(t.app.sandbox.control.requests({ service: "mux", path: `/video/v1/live-streams/${started.muxLiveStreamId}/complete` })).toHaveLength(1);
    // Stopping it now is a conflict, not a second MUX call.
    const stop = await t.host.request("DELETE", "/api/video/livestream", { roomName: "wh-room-closed" });
    expect(stop.status).toBe(409);
  });
});

describe("egress events that overtake LiveKit's answer to the start", () => {
  test("are kept and applied as soon as the start records the egress", async () => {
    t.app.sandbox.control.refuseIngest("a.rtmp.youtube.com", "connection refused");
    t.app.sandbox.control.fault({ service: "livekit", match: { rpc: "StartRoomCompositeEgress" }, action: { delayResponseMs: 300 } });
    const started = await goLive("wh-overtaken", { additionalDestinations: [{ type: "youtube", streamKey: "yt-overtaken-key-1" }] });

    // The failure event was delivered while the start still waited for LiveKit's answer.
    const sent = t.app.sandbox.control.webhooksSent({ service: "livekit" }).filter((w) => w.body.includes(started.egressId));
    expect(sent.length).toBeGreaterThan(0);
    const s = await status(started.livestreamId);
    expect(s.destinations).toEqual([
      expect.objectContaining({ type: "mux", status: "live" }),
      expect.objectContaining({ type: "youtube", status: "failed", error: "connection refused" }),
    ]);
    const db = await getDb();
    expect(await db.select().from(pendingEgressEvents).where(eq(pendingEgressEvents.egressId, started.egressId))).toEqual([]);
  });

  test("an egress that ended before the start recorded it ends the broadcast, and the answer says so", async () => {
    t.app.sandbox.control.refuseIngest("global-live.mux.com", "ingest unreachable");
    t.app.sandbox.control.fault({ service: "livekit", match: { rpc: "StartRoomCompositeEgress" }, action: { delayResponseMs: 300 } });
    t.app.sandbox.control.joinRoom("wh-overtaken-end", t.host.id);
    const res = await t.host.request("POST", "/api/video/livestream", { roomName: "wh-overtaken-end" });
    expect(res.status).toBe(201);
    const started = parseBody(res, startLivestreamResultSchema);
    expect(started.status).toBe("failed");
    const after = await row(started.livestreamId);
    expect(after?.status).toBe("failed");
    expect(after?.failureReason).toMatch(/^The LiveKit egress failed/);
    expect(t.app.sandbox.control.requests({ service: "mux", path: `/video/v1/live-streams/${started.muxLiveStreamId}/complete` })).toHaveLength(1);
  });
});

describe("late and replayed egress events never move a destination backwards", () => {
  test("a late egress_started leaves live outputs live", async () => {
    t.app.sandbox.control.webhookFault({ service: "livekit", type: "egress_started", action: "hold" });
    const started = await goLive("wh-late-started", { additionalDestinations: [{ type: "youtube", streamKey: "yt-late-started-1" }] });
    await t.app.sandbox.control.settle();
    expect(await destinationStates(started.livestreamId)).toEqual([["mux", "live", undefined], ["youtube", "live", undefined]]);

    await t.app.sandbox.control.releaseHeld();
    expect(sentAbout("livekit", started.egressId, "egress_started")[0]?.state).toBe("delivered");
    expect(await destinationStates(started.livestreamId)).toEqual([["mux", "live", undefined], ["youtube", "live", undefined]]);
    // The newest LiveKit update applied is remembered (EgressInfo.updated_at, ns).
    expect((await row(started.livestreamId))?.egressUpdatedAt).toEqual(expect.any(BigInt));
  });

  test("an older egress_updated delivered after a newer one doesn't revive a failed output", async () => {
    // The egress going active (both outputs streaming) is delivered only after the YouTube output failed.
    t.app.sandbox.control.webhookFault({ service: "livekit", type: "egress_updated", action: "hold" });
    const started = await goLive("wh-late-updated", { additionalDestinations: [{ type: "youtube", streamKey: "yt-late-updated-1" }] });
    await t.app.sandbox.control.settle();
    await new Promise((resolve) => setTimeout(resolve, 5)); // LiveKit's updated_at moves on
    expect(t.app.sandbox.control.failStreamUrl(started.egressId, "youtube", "connection refused")).toBe(true);
    await t.app.sandbox.control.settle();
    expect(await destinationStates(started.livestreamId)).toEqual([["mux", "live", undefined], ["youtube", "failed", "connection refused"]]);

    await t.app.sandbox.control.releaseHeld();
    const updates = sentAbout("livekit", started.egressId, "egress_updated");
    expect(updates.map((w) => w.state)).toEqual(["delivered", "delivered"]);
    expect(await destinationStates(started.livestreamId)).toEqual([["mux", "live", undefined], ["youtube", "failed", "connection refused"]]);
  });

  test("replaying a signed egress_updated: acknowledged, a failed output stays failed", async () => {
    const started = await goLive("wh-replay-failed", { additionalDestinations: [{ type: "youtube", streamKey: "yt-replay-failed-1" }] });
    await t.app.sandbox.control.settle();
    const [allLive] = sentAbout("livekit", started.egressId, "egress_updated");
    expect(allLive?.state).toBe("delivered");
    t.app.sandbox.control.failStreamUrl(started.egressId, "youtube", "connection refused");
    await t.app.sandbox.control.settle();

    const res = await replay(allLive as SentWebhook);
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { received: true } });
    expect(await destinationStates(started.livestreamId)).toEqual([["mux", "live", undefined], ["youtube", "failed", "connection refused"]]);
  });

  test("replaying a signed egress_updated after the broadcast completed doesn't make its outputs live", async () => {
    const started = await goLive("wh-replay-completed", { additionalDestinations: [{ type: "youtube", streamKey: "yt-replay-done-1" }] });
    await t.app.sandbox.control.settle();
    const [allLive] = sentAbout("livekit", started.egressId, "egress_updated");
    await t.host.request("DELETE", "/api/video/livestream", { livestreamId: started.livestreamId });
    await t.app.sandbox.control.settle();
    const before = await status(started.livestreamId);
    expect(before.status).toBe("completed");
    expect(before.destinations.map((d) => d.status)).toEqual(["finished", "finished"]);

    const res = await replay(allLive as SentWebhook);
    expect(res.status).toBe(200);
    const after = await status(started.livestreamId);
    expect(after.status).toBe("completed");
    expect(after.destinations.map((d) => d.status)).toEqual(["finished", "finished"]);
  });
});

