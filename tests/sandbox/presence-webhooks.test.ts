// Presence webhooks from the sandbox's LiveKit (room_started, participant_joined,
// participant_left, room_finished): their order, their protojson body, that the SDK's
// WebhookReceiver verifies and decodes them, and that webhook faults reach them.
import { ParticipantInfo_State, StreamOutput, WebhookReceiver, type WebhookEvent } from "livekit-server-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { muxIngest, startReceiver, startWorld, type Receiver, type World } from "../support/sandbox-clients";

let w: World;
let hooks: Receiver;
beforeAll(async () => {
  hooks = await startReceiver();
  w = await startWorld({ now: () => Date.now(), livekit: { webhookUrl: hooks.url } });
});
beforeEach(() => {
  w.sandbox.control.reset();
  hooks.received.length = 0;
});
afterAll(async () => {
  await w.sandbox.close();
  await hooks.close();
});

/** Every delivered LiveKit webhook, verified and decoded by the SDK, in arrival order. */
async function received(): Promise<WebhookEvent[]> {
  await w.sandbox.control.settle();
  const receiver = new WebhookReceiver(w.creds.apiKey, w.creds.apiSecret);
  return Promise.all(hooks.received.map((hook) => receiver.receive(hook.body, hook.headers.authorization)));
}

const summary = (events: WebhookEvent[]) =>
  events.map((e) => [e.event, e.room?.name, e.participant?.identity ?? null, e.room?.numParticipants]);

describe("presence events", () => {
  test("join, join, leave, leave: room_started, joined ×2, left ×2, room_finished — verified and decoded", async () => {
    w.sandbox.control.joinRoom("studio", "host");
    w.sandbox.control.joinRoom("studio", "guest");
    w.sandbox.control.joinRoom("studio", "guest"); // already in: nothing new
    w.sandbox.control.leaveRoom("studio", "guest");
    w.sandbox.control.leaveRoom("studio", "host"); // the last one: the room closes
    w.sandbox.control.leaveRoom("studio", "host"); // absent room: a no-op

    const events = await received();
    expect(summary(events)).toEqual([
      ["room_started", "studio", null, 0],
      ["participant_joined", "studio", "host", 1],
      ["participant_joined", "studio", "guest", 2],
      ["participant_left", "studio", "guest", 1],
      ["participant_left", "studio", "host", 0],
      ["room_finished", "studio", null, 0],
    ]);
    const roomSids = new Set(events.map((e) => e.room?.sid));
    expect(roomSids.size).toBe(1);
    expect([...roomSids][0]).toMatch(/^RM_/);
    expect(events.every((e) => e.id.startsWith("EV_") && e.createdAt > 0n)).toBe(true);
    const host = events.filter((e) => e.participant?.identity === "host");
    expect(host.map((e) => e.participant?.state)).toEqual([ParticipantInfo_State.ACTIVE, ParticipantInfo_State.DISCONNECTED]);
    expect(host[0]?.participant?.sid).toMatch(/^PA_/);
    expect(host[1]?.participant?.sid).toBe(host[0]?.participant?.sid);
    // A new sid after the room closed: it is a new room.
    w.sandbox.control.joinRoom("studio", "host");
    const [again] = (await received()).slice(6);
    expect(again?.event).toBe("room_started");
    expect(again?.room?.sid).not.toBe([...roomSids][0]);
  });

  test("the body is camelCase protojson of WebhookEvent, signed like the egress events", async () => {
    w.sandbox.control.joinRoom("studio", "host");
    await w.sandbox.control.settle();
    const joined = hooks.received[1];
    expect(joined?.headers["content-type"]).toBe("application/webhook+json");
    expect(joined?.headers.authorization).not.toMatch(/^Bearer/);
    const body = JSON.parse(joined?.body ?? "{}") as Record<string, unknown>;
    expect(body).toMatchObject({
      event: "participant_joined",
      room: { sid: expect.stringMatching(/^RM_/), name: "studio", numParticipants: 1 },
      participant: { sid: expect.stringMatching(/^PA_/), identity: "host", state: "ACTIVE", joinedAt: expect.any(String) },
      id: expect.stringMatching(/^EV_/),
      createdAt: expect.any(String),
    });
    expect(Object.keys(body)).not.toContain("egressInfo");
    const tampered = (joined?.body ?? "").replace("host", "h0st");
    await expect(new WebhookReceiver(w.creds.apiKey, w.creds.apiSecret).receive(tampered, joined?.headers.authorization)).rejects.toThrow("sha256");
  });

  test("createRoom / deleteRoom of an empty room: room_started, room_finished", async () => {
    w.sandbox.control.createRoom("lobby");
    w.sandbox.control.createRoom("lobby"); // exists: nothing new
    w.sandbox.control.deleteRoom("lobby");
    w.sandbox.control.deleteRoom("lobby"); // gone: a no-op
    expect(summary(await received())).toEqual([
      ["room_started", "lobby", null, 0],
      ["room_finished", "lobby", null, 0],
    ]);
  });

  test("DeleteRoom with people in and an egress running: left for each, room_finished, then the egress ends", async () => {
    const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    w.sandbox.control.joinRoom("studio", "host");
    w.sandbox.control.joinRoom("studio", "guest");
    await w.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest(stream.stream_key)] }));
    await w.sandbox.control.settle();
    hooks.received.length = 0;

    await w.rooms.deleteRoom("studio");
    const events = await received();
    expect(events.map((e) => [e.event, e.participant?.identity ?? e.egressInfo?.status ?? null])).toEqual([
      ["participant_left", "host"],
      ["participant_left", "guest"],
      ["room_finished", null],
      ["egress_updated", 2], // ENDING
      ["egress_ended", 3], // COMPLETE
    ]);
  });
});

describe("webhook faults reach presence events", () => {
  test("a dropped participant_left never arrives; the rest do", async () => {
    w.sandbox.control.webhookFault({ service: "livekit", type: "participant_left", action: "drop" });
    w.sandbox.control.joinRoom("studio", "host");
    w.sandbox.control.joinRoom("studio", "guest");
    w.sandbox.control.leaveRoom("studio", "guest");
    w.sandbox.control.leaveRoom("studio", "host");

    expect(summary(await received())).toEqual([
      ["room_started", "studio", null, 0],
      ["participant_joined", "studio", "host", 1],
      ["participant_joined", "studio", "guest", 2],
      // guest's participant_left was dropped (times: 1); host's is delivered
      ["participant_left", "studio", "host", 0],
      ["room_finished", "studio", null, 0],
    ]);
    const left = w.sandbox.control.webhooksSent({ service: "livekit", type: "participant_left" });
    expect(left.map((h) => h.state)).toEqual(["dropped", "delivered"]);
  });

  test("duplicate and hold apply to them too", async () => {
    w.sandbox.control.webhookFault({ service: "livekit", type: "participant_joined", action: "duplicate" });
    w.sandbox.control.webhookFault({ service: "livekit", type: "room_finished", action: "hold" });
    w.sandbox.control.joinRoom("studio", "host");
    w.sandbox.control.leaveRoom("studio", "host");
    const events = await received();
    expect(events.map((e) => e.event)).toEqual(["room_started", "participant_joined", "participant_joined", "participant_left"]);
    expect(events[1]?.id).toBe(events[2]?.id); // the same event, delivered twice
    await w.sandbox.control.releaseHeld();
    expect((await received()).map((e) => e.event).at(-1)).toBe("room_finished");
  });
});
