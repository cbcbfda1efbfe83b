// The state in Postgres follows the signed events: forged or stale ones change nothing,
// duplicates and reordering never move a broadcast backwards, applied events are remembered by
// id, and stored upstream text is masked. Egress events: egress-webhooks.test.ts.
import { createHash, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { livestreams, rowsOf, webhookEvents } from "@golive/next/db";
import type { SentWebhook } from "@golive/sandbox";
import { reconcile } from "@golive/next/reconcile";
import { useTestApp } from "../support/test-file";
import { signMux, webhookHelpers } from "../support/webhooks";

const t = useTestApp({ host: "Host" });
const { goLive, row, status, replay, sentAbout } = webhookHelpers(t);

describe("status follows MUX", () => {
  test("starting until MUX reports media, then active", async () => {
    t.app.sandbox.control.webhookFault({ service: "mux", type: "video.live_stream.active", action: "hold" });
    const started = await goLive("wh-starting");
    await t.app.sandbox.control.settle();
    expect((await status(started.livestreamId)).status).toBe("starting");

    await t.app.sandbox.control.releaseHeld();
    expect((await status(started.livestreamId)).status).toBe("active");
  });

  test("the recording's ids arrive by webhook and the stop answers with them", async () => {
    const started = await goLive("wh-recording");
    await t.app.sandbox.control.settle();
    const stream = t.app.sandbox.control.muxLiveStream(started.muxLiveStreamId);
    const asset = t.app.sandbox.control.muxAsset(stream?.active_asset_id ?? "");
    expect(await row(started.livestreamId)).toMatchObject({ muxAssetId: asset?.id, vodPlaybackId: asset?.playback_ids?.[0]?.id, recordingFinalAt: null });

    const stop = await t.host.request("DELETE", "/api/video/livestream", { livestreamId: started.livestreamId });
    expect(stop.body).toEqual({ livestreamId: started.livestreamId, status: "completed", muxAssetId: asset?.id, vodPlaybackId: asset?.playback_ids?.[0]?.id });
    // Stop didn't ask MUX about the asset: the events had said it all.
    expect(t.app.sandbox.control.requests({ service: "mux", method: "GET" })).toEqual([]);

    await t.app.sandbox.control.settle();
    expect((await row(started.livestreamId))?.recordingFinalAt).toBeInstanceOf(Date);
  });
});

describe("forged, stale and unknown events change nothing", () => {
  test.each([
    ["no signature", () => ({})],
    ["a wrong secret", (body: string) => ({ "mux-signature": signMux(body, "not-the-secret") })],
    ["a stale timestamp (10 min)", (body: string) => ({ "mux-signature": signMux(body, t.app.credentials.muxWebhookSecret, Math.floor(Date.now() / 1000) - 600) })],
    ["garbage", () => ({ "mux-signature": "t=abc,v1=zzz" })],
    // The SDK only refuses old timestamps: a far-future one would stay replayable for ever.
    ["a timestamp 10 min in the future", (body: string) => ({ "mux-signature": signMux(body, t.app.credentials.muxWebhookSecret, Math.floor(Date.now() / 1000) + 600) })],
  ])("MUX event with %s → 401", async (_name, headers) => {
    t.app.sandbox.control.webhookFault({ service: "mux", type: "video.live_stream.active", action: "drop" });
    const started = await goLive(`wh-forged-${_name.length}`);
    await t.app.sandbox.control.settle();
    const body = JSON.stringify({ type: "video.live_stream.active", id: randomUUID(), data: { id: started.muxLiveStreamId }, object: { type: "live_stream", id: started.muxLiveStreamId } });
    const res = await t.app.anonymous.request("POST", "/api/webhooks/mux", body, headers(body));
    expect({ status: res.status, body: res.body }).toEqual({
      status: 401,
      body: { error: "This is not a valid signed MUX webhook.", code: "invalid_signature" },
    });
    expect((await row(started.livestreamId))?.status).toBe("starting");
  });

  test("a MUX event signed a minute ahead (clock skew) is accepted", async () => {
    t.app.sandbox.control.webhookFault({ service: "mux", type: "video.live_stream.active", action: "drop" });
    const started = await goLive("wh-skew");
    await t.app.sandbox.control.settle();
    const body = JSON.stringify({ type: "video.live_stream.active", id: randomUUID(), data: { id: started.muxLiveStreamId }, object: { type: "live_stream", id: started.muxLiveStreamId } });
    const res = await t.app.anonymous.request("POST", "/api/webhooks/mux", body, {
      "mux-signature": signMux(body, t.app.credentials.muxWebhookSecret, Math.floor(Date.now() / 1000) + 60),
    });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { received: true } });
    expect((await row(started.livestreamId))?.status).toBe("active");
  });

  test("a MUX event verifies with only MUX_WEBHOOK_SECRET set (no MUX API token)", async () => {
    t.app.sandbox.control.webhookFault({ service: "mux", type: "video.live_stream.active", action: "drop" });
    const started = await goLive("wh-secret-only");
    await t.app.sandbox.control.settle();
    const body = JSON.stringify({ type: "video.live_stream.active", id: randomUUID(), data: { id: started.muxLiveStreamId }, object: { type: "live_stream", id: started.muxLiveStreamId } });
    const { MUX_TOKEN_ID, MUX_TOKEN_SECRET } = process.env;
    delete process.env.MUX_TOKEN_ID;
    delete process.env.MUX_TOKEN_SECRET;
    try {
      const res = await t.app.anonymous.request("POST", "/api/webhooks/mux", body, { "mux-signature": signMux(body, t.app.credentials.muxWebhookSecret) });
      expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { received: true } });
    } finally {
      Object.assign(process.env, { MUX_TOKEN_ID, MUX_TOKEN_SECRET });
    }
    expect((await row(started.livestreamId))?.status).toBe("active");
  });

  test("LiveKit event signed with another secret → 401", async () => {
    const { AccessToken } = await import("livekit-server-sdk");
    const started = await goLive("wh-forged-livekit");
    await t.app.sandbox.control.settle();
    const body = JSON.stringify({ event: "egress_ended", egressInfo: { egressId: started.egressId, status: "EGRESS_FAILED", error: "forged" } });
    const token = new AccessToken(t.app.credentials.livekitApiKey, "a-different-secret-of-enough-length");
    token.sha256 = createHash("sha256").update(body).digest("base64");
    const res = await t.app.anonymous.request("POST", "/api/webhooks/livekit", body, {
      authorization: await token.toJwt(),
      "content-type": "application/webhook+json",
    });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 401,
      body: { error: "This is not a valid signed LiveKit webhook.", code: "invalid_signature" },
    });
    expect((await row(started.livestreamId))?.status).toBe("active");
  });

  test("a correctly signed event about a stream we don't know is acknowledged and ignored", async () => {
    const body = JSON.stringify({ type: "video.live_stream.active", id: randomUUID(), data: { id: "not-ours" }, object: { type: "live_stream", id: "not-ours" } });
    const res = await t.app.anonymous.request("POST", "/api/webhooks/mux", body, { "mux-signature": signMux(body, t.app.credentials.muxWebhookSecret) });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { received: true } });
  });
});

describe("duplicates and reordering", () => {
  test("every event delivered twice: same outcome", async () => {
    t.app.sandbox.control.webhookFault({ service: "mux", action: "duplicate", times: Number.POSITIVE_INFINITY });
    t.app.sandbox.control.webhookFault({ service: "livekit", action: "duplicate", times: Number.POSITIVE_INFINITY });
    const started = await goLive("wh-dup", { additionalDestinations: [{ type: "youtube", streamKey: "dup-key-123456" }] });
    await t.app.sandbox.control.settle();
    expect(await status(started.livestreamId)).toMatchObject({ status: "active", destinations: [{ status: "live" }, { status: "live" }] });
    await t.host.request("DELETE", "/api/video/livestream", { livestreamId: started.livestreamId });
    await t.app.sandbox.control.settle();
    expect((await row(started.livestreamId))?.status).toBe("completed");
    const sent = t.app.sandbox.control.webhooksSent({ service: "mux" }).filter((w) => w.type === "video.live_stream.active");
    expect(sent.length).toBeGreaterThanOrEqual(2);
  });

  test("events held through a whole broadcast and delivered newest first never revive it", async () => {
    t.app.sandbox.control.webhookFault({ service: "mux", action: "hold", times: Number.POSITIVE_INFINITY });
    t.app.sandbox.control.webhookFault({ service: "livekit", action: "hold", times: Number.POSITIVE_INFINITY });
    const started = await goLive("wh-reorder");
    await t.app.sandbox.control.settle();
    const stop = await t.host.request("DELETE", "/api/video/livestream", { livestreamId: started.livestreamId });
    expect(stop.body).toMatchObject({ status: "completed" });
    t.app.sandbox.control.clearFaults();

    await t.app.sandbox.control.releaseHeld(); // live_stream.active arrives after the stop
    const after = await row(started.livestreamId);
    expect(after?.status).toBe("completed");
    expect(after?.muxAssetId).toBeTruthy();
    expect(after?.recordingFinalAt).toBeInstanceOf(Date);
  });
});

describe("applied webhook events are remembered by id", () => {
  test("an exact replay of an applied MUX event is acknowledged and changes nothing", async () => {
    const started = await goLive("wh-replay-mux");
    await t.app.sandbox.control.settle();
    const [created] = sentAbout("mux", started.muxLiveStreamId, "video.asset.created");
    expect(created?.state).toBe("delivered");
    const db = await getDb();
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, created?.id ?? ""))).toEqual([
      { source: "mux", eventId: created?.id, receivedAt: expect.any(Date) },
    ]);
    const before = await row(started.livestreamId);
    await new Promise((resolve) => setTimeout(resolve, 5));

    const res = await replay(created as SentWebhook);
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { received: true } });
    expect(await row(started.livestreamId)).toEqual(before); // not even updated_at moved
  });

  test("the id of an event whose handling failed is forgotten, so the sender's retry is applied", async () => {
    t.app.sandbox.control.webhookFault({ service: "mux", type: "video.live_stream.active", action: "hold" });
    const started = await goLive("wh-apply-fails");
    await t.app.sandbox.control.settle();
    const db = await getDb();
    // Postgres refuses any change to this row while the trigger exists: applying the event throws.
    await db.execute(sql.raw(`create function wh_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`));
    await db.execute(sql.raw(`create trigger wh_refuse before update on golive.livestreams for each row when (old.id = '${started.livestreamId}') execute function wh_refuse()`));
    try {
      await t.app.sandbox.control.releaseHeld();
      const [active] = sentAbout("mux", started.muxLiveStreamId, "video.live_stream.active");
      expect(active?.attempts.map((a) => a.status)).toEqual([500]);
      expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, active?.id ?? ""))).toEqual([]);
    } finally {
      await db.execute(sql.raw("drop trigger wh_refuse on golive.livestreams"));
      await db.execute(sql.raw("drop function wh_refuse"));
    }
    await t.app.sandbox.control.settle(); // MUX retries
    const [active] = sentAbout("mux", started.muxLiveStreamId, "video.live_stream.active");
    expect(active?.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect((await row(started.livestreamId))?.status).toBe("active");
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, active?.id ?? ""))).toHaveLength(1);
  });

  test("a presence event is recorded with its effect: a replayed join (twice at once) doesn't bring back a pruned session", async () => {
    const room = "wh-replay-presence";
    const identity = `wh-guest-${randomUUID()}`;
    t.app.sandbox.control.joinRoom(room, identity);
    t.app.sandbox.control.leaveRoom(room, identity);
    await t.app.sandbox.control.settle();
    const [joined] = t.app.sandbox.control.webhooksSent({ service: "livekit", type: "participant_joined" }).filter((w) => w.body.includes(identity));
    expect(joined?.state).toBe("delivered");
    const db = await getDb();
    const where = sql`room_name = ${room} and identity = ${identity}`;
    expect(rowsOf(await db.execute(sql`select 1 from golive.room_presence where ${where}`))).toHaveLength(1);
    // As reconcile's prune does to old sessions: the row is gone, the event's id is remembered.
    await db.execute(sql`delete from golive.room_presence where ${where}`);
    const answers = await Promise.all([replay(joined as SentWebhook), replay(joined as SentWebhook)]);
    expect(answers.map((a) => ({ status: a.status, body: a.body }))).toEqual([
      { status: 200, body: { received: true } },
      { status: 200, body: { received: true } },
    ]);
    expect(rowsOf(await db.execute(sql`select 1 from golive.room_presence where ${where}`))).toEqual([]);
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, joined?.id ?? ""))).toHaveLength(1);
  });

  test("reconcile forgets ids older than 7 days", async () => {
    const db = await getDb();
    const days = (n: number) => new Date(Date.now() - n * 24 * 60 * 60 * 1000);
    await db.insert(webhookEvents).values([
      { source: "mux", eventId: "wh-prune-old", receivedAt: days(8) },
      { source: "livekit", eventId: "wh-prune-recent", receivedAt: days(6) },
    ]);
    await reconcile({ muxScanLimit: 0 });
    const left = await db.select({ eventId: webhookEvents.eventId }).from(webhookEvents).where(sql`${webhookEvents.eventId} like 'wh-prune-%'`);
    expect(left).toEqual([{ eventId: "wh-prune-recent" }]);
  });
});

describe("upstream error text is stored and shown with every key masked", () => {
  test("a destination's error and the broadcast's failure reason hold only masked URLs and keys", async () => {
    const ytKey = "yt-redact-key-0123456789";
    const started = await goLive("wh-redact", { additionalDestinations: [{ type: "youtube", streamKey: ytKey }] });
    await t.app.sandbox.control.settle();
    const muxKey = t.app.sandbox.control.muxLiveStream(started.muxLiveStreamId)?.stream_key ?? "";
    expect(muxKey.length).toBeGreaterThan(12);

    // LiveKit's error texts can quote the URL it dialled, key included.
    t.app.sandbox.control.failStreamUrl(started.egressId, "youtube", `rtmp connect to rtmp://a.rtmp.youtube.com/live2/${ytKey} failed: connection reset`);
    t.app.sandbox.control.failStreamUrl(
      started.egressId,
      "global-live.mux.com",
      `publish to rtmps://global-live.mux.com:443/app/${muxKey} refused (stream key ${muxKey} disabled)`,
    );
    await t.app.sandbox.control.settle();

    const shown = await status(started.livestreamId);
    expect(shown.status).toBe("failed");
    expect(shown.destinations.map((d) => d.error)).toEqual([
      `publish to rtmps://global-live.mux.com:443/app/${muxKey.slice(0, 4)}…${muxKey.slice(-4)} refused (stream key ${muxKey.slice(0, 4)}…${muxKey.slice(-4)} disabled)`,
      "rtmp connect to rtmp://a.rtmp.youtube.com/live2/yt-r…6789 failed: connection reset",
    ]);
    expect(shown.failureReason).toBe(
      `The LiveKit egress failed: publish to rtmps://global-live.mux.com:443/app/${muxKey.slice(0, 4)}…${muxKey.slice(-4)} refused (stream key ${muxKey.slice(0, 4)}…${muxKey.slice(-4)} disabled)`,
    );
    const stored = await row(started.livestreamId);
    const text = JSON.stringify({ shown, destinations: stored?.destinations, failureReason: stored?.failureReason });
    expect(text).not.toContain(muxKey);
    expect(text).not.toContain(ytKey);
  });
});
