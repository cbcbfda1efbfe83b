// Outbound webhooks: verified with the SDKs' own verifiers, plus delivery faults and retries.
import Mux from "@mux/mux-node";
import { StreamOutput, WebhookReceiver } from "livekit-server-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { muxIngest, startReceiver, startWorld, type Receiver, type World } from "../support/sandbox-clients";

let w: World;
let muxHooks: Receiver;
let lkHooks: Receiver;
beforeAll(async () => {
  muxHooks = await startReceiver();
  lkHooks = await startReceiver();
  w = await startWorld({
    now: () => Date.now(),
    mux: { webhookUrl: muxHooks.url },
    livekit: { webhookUrl: lkHooks.url },
  });
});
beforeEach(async () => {
  w.sandbox.control.reset();
  w.sandbox.control.joinRoom("studio", "host");
  // Joining sends room_started + participant_joined: let them land before the slate is wiped.
  await w.sandbox.control.settle();
  muxHooks.received.length = 0;
  lkHooks.received.length = 0;
  muxHooks.respondWith = [];
  lkHooks.respondWith = [];
});
afterAll(async () => {
  await w.sandbox.close();
  await muxHooks.close();
  await lkHooks.close();
});

const muxTypes = () => muxHooks.received.map((r) => (JSON.parse(r.body) as { type: string }).type);

async function goLiveAndStop() {
  const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"], new_asset_settings: { playback_policy: ["public"] } });
  const { egressId } = await w.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest(stream.stream_key)] }));
  await w.sandbox.control.settle();
  await w.egress.stopEgress(egressId);
  await w.mux.video.liveStreams.complete(stream.id);
  await w.sandbox.control.settle();
  return { stream, egressId };
}

describe("MUX webhooks", () => {
  test("signed so that mux.webhooks.unwrap accepts them, in lifecycle order", async () => {
    const { stream } = await goLiveAndStop();
    expect(muxTypes()).toEqual([
      "video.live_stream.created",
      "video.live_stream.connected",
      "video.live_stream.recording",
      "video.asset.created",
      "video.live_stream.active",
      "video.asset.ready",
      "video.live_stream.disconnected",
      "video.asset.live_stream_completed",
      "video.live_stream.idle",
    ]);
    const verifier = new Mux({ tokenId: "x", tokenSecret: "y", webhookSecret: w.creds.webhookSecret });
    for (const hook of muxHooks.received) {
      const event = await verifier.webhooks.unwrap(hook.body, hook.headers as Record<string, string>);
      expect(event).toMatchObject({ object: { type: expect.any(String), id: expect.any(String) }, environment: { id: "sandbox" }, attempts: [] });
    }
    const completed = JSON.parse(muxHooks.received[7]?.body ?? "{}") as { data: Record<string, unknown> };
    expect(completed.data).toMatchObject({ live_stream_id: stream.id, is_live: false, status: "ready", created_at: expect.any(Number) });
    const wrong = new Mux({ tokenId: "x", tokenSecret: "y", webhookSecret: "not-the-secret" });
    const first = muxHooks.received[0];
    await expect(wrong.webhooks.unwrap(first?.body ?? "", (first?.headers ?? {}) as Record<string, string>)).rejects.toThrow();
  });

  test("non-2xx answers are retried (bounded) and recorded", async () => {
    muxHooks.respondWith = [500, 503];
    await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    await w.sandbox.control.settle(); // first attempt answered 500; retry due in 1 s
    await w.sandbox.control.advance(1000);
    await w.sandbox.control.advance(5000);
    const [sent] = w.sandbox.control.webhooksSent({ service: "mux" });
    expect(sent?.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(sent?.state).toBe("delivered");
    expect(muxHooks.received).toHaveLength(3);

    muxHooks.respondWith = [500, 500, 500];
    await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    await w.sandbox.control.settle();
    await w.sandbox.control.advance(1000);
    await w.sandbox.control.advance(5000);
    expect(w.sandbox.control.webhooksSent({ service: "mux" })[1]?.state).toBe("failed");
  });
});

describe("LiveKit webhooks", () => {
  test("WebhookReceiver verifies them and decodes the egress info", async () => {
    const { egressId } = await goLiveAndStop();
    const receiver = new WebhookReceiver(w.creds.apiKey, w.creds.apiSecret);
    const events = [];
    for (const hook of lkHooks.received) {
      expect(hook.headers["content-type"]).toBe("application/webhook+json");
      expect(hook.headers.authorization).not.toMatch(/^Bearer/);
      events.push(await receiver.receive(hook.body, hook.headers.authorization));
    }
    expect(events.map((e) => `${e.event}:${e.egressInfo?.status}`)).toEqual([
      "egress_started:0", // STARTING
      "egress_updated:1", // ACTIVE
      "egress_updated:2", // ENDING
      "egress_ended:3", // COMPLETE
    ]);
    expect(events.every((e) => e.egressInfo?.egressId === egressId && e.id.startsWith("EV_"))).toBe(true);
    const tampered = (lkHooks.received[0]?.body ?? "").replace("studio", "st0dio");
    await expect(receiver.receive(tampered, lkHooks.received[0]?.headers.authorization)).rejects.toThrow("sha256");
  });
});

describe("delivery faults", () => {
  test("drop, duplicate, delay", async () => {
    w.sandbox.control.webhookFault({ service: "mux", type: "video.live_stream.created", action: "drop" });
    await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    await w.sandbox.control.settle();
    expect(muxHooks.received).toHaveLength(0);
    expect(w.sandbox.control.webhooksSent({ service: "mux" })[0]?.state).toBe("dropped");

    w.sandbox.control.webhookFault({ service: "mux", action: "duplicate" });
    await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    await w.sandbox.control.settle();
    expect(muxHooks.received).toHaveLength(2);
    expect(muxHooks.received[0]?.body).toBe(muxHooks.received[1]?.body);

    w.sandbox.control.webhookFault({ service: "mux", action: { delayMs: 30_000 } });
    await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    await w.sandbox.control.settle();
    expect(muxHooks.received).toHaveLength(3); // the undelayed second one overtook the first
    await w.sandbox.control.advance(30_000);
    expect(muxHooks.received).toHaveLength(4);
  });

  test("hold + releaseHeld delivers out of order", async () => {
    w.sandbox.control.webhookFault({ service: "livekit", action: "hold", times: Infinity });
    await goLiveAndStop();
    expect(lkHooks.received).toHaveLength(0);
    const egressEvents = w.sandbox.control.webhooksSent({ service: "livekit" }).filter((h) => h.type.startsWith("egress_"));
    expect(egressEvents.map((h) => h.state)).toEqual(["held", "held", "held", "held"]);
    await w.sandbox.control.releaseHeld();
    const order = lkHooks.received.map((r) => (JSON.parse(r.body) as { event: string }).event);
    expect(order).toEqual(["egress_ended", "egress_updated", "egress_updated", "egress_started"]);
  });
});
