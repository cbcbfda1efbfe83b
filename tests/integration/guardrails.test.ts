// Guardrails (docs/architecture.md, "Guardrails"): no broadcast runs on with nobody in it. Real
// route handlers over HTTP, the sandbox's signed presence webhooks, and the reconcile pass that
// runs the check; golive's guardrail clock is the sandbox's, so `control().advance(ms)` moves
// LiveKit's event times and golive's "now" together.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { setGoliveClock } from "@golive/next/config";
import { livestreamStatusResultSchema, startLivestreamResultSchema } from "@golive/next/contract";
import { livestreams } from "@golive/next/db";
import { enforceGuardrails, lengthInWords } from "@golive/next/livestream";
import { reconcile } from "@golive/next/reconcile";
import { recordedBody } from "../support/upstream-requests";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { z } from "zod";

const WINDOW_SECONDS = 60;
const t = useTestApp({ host: "Host", cohost: "Cohost", guest: "Guest" }, { env: { LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS: String(WINDOW_SECONDS) } });
const control = () => t.app.sandbox.control;

beforeAll(() => setGoliveClock(() => control().now()));
afterAll(() => setGoliveClock(undefined));

let rooms = 0;
const newRoom = () => `guard-${++rooms}`;

/** The host's room with the guest in it too (so the host can leave without LiveKit closing it), live. */
async function liveRoom(extra: Record<string, unknown> = {}) {
  const room = newRoom();
  expect((await t.host.request("POST", "/api/rooms", { name: room })).status).toBe(201);
  control().joinRoom(room, t.guest.id);
  control().joinRoom(room, t.host.id);
  await control().settle();
  const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await control().settle();
  return { room, live: parseBody(res, startLivestreamResultSchema) };
}

/** What the guardrail check stopped of broadcast `id` (other tests' broadcasts may be due too). */
const guardrailStops = async (id: string) => (await enforceGuardrails()).stopped.filter((s) => s.id === id);
/** What a reconcile pass ended of broadcast `id`. */
const reconcileEnded = async (id: string) => (await reconcile()).ended.filter((e) => e.id === id);

const status = (id: string) => t.host.get(`/api/video/livestream/status?id=${id}`, livestreamStatusResultSchema);

async function rowOf(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(livestreams).where(eq(livestreams.id, id));
  return row;
}

const stopEgressCalls = (egressId: string) =>
  control()
    .requests({ service: "livekit", rpc: "StopEgress" })
    .filter((r) => recordedBody(r, z.looseObject({ egressId: z.string() })).egressId === egressId).length;
const muxCompletes = (liveStreamId: string) => control().requests({ service: "mux", method: "PUT", path: `/video/v1/live-streams/${liveStreamId}/complete` }).length;

/** The presence row's leave time of `identity` in `room` (LiveKit's clock, whole seconds). */
async function leftAt(room: string, identity: string): Promise<Date> {
  const db = await getDb();
  const { roomPresence } = await import("@golive/next/db");
  const rows = await db.select().from(roomPresence).where(eq(roomPresence.roomName, room));
  const at = rows.find((r) => r.identity === identity)?.leftAt;
  if (!at) throw new Error(`${identity} has not left ${room}`);
  return at;
}

describe("host gone", () => {
  test("a host who comes back inside the window cancels it; one who leaves for good stops the broadcast after it, as a stop does", async () => {
    const { room, live } = await liveRoom();
    expect((await status(live.livestreamId)).guardrail).toBeNull();

    // The host leaves: the countdown runs, from the presence record's leave.
    control().leaveRoom(room, t.host.id);
    await control().settle();
    const firstLeave = await leftAt(room, t.host.id);
    // (The window runs from the later of the leave and the broadcast's start: LiveKit's leave times are whole seconds.)
    const startedAt = (await rowOf(live.livestreamId))?.startedAt?.getTime() ?? 0;
    expect((await status(live.livestreamId)).guardrail).toEqual({ kind: "host-left", endsAt: new Date(Math.max(firstLeave.getTime(), startedAt) + WINDOW_SECONDS * 1000) });

    // …and comes back inside it: nothing stops, however long the broadcast then runs.
    await control().advance(30_000);
    control().joinRoom(room, t.host.id);
    await control().settle();
    expect((await status(live.livestreamId)).guardrail).toBeNull();
    await control().advance(WINDOW_SECONDS * 1000);
    expect(await reconcileEnded(live.livestreamId)).toEqual([]);
    expect((await status(live.livestreamId)).status).toBe("active");

    // Leaves for good: not a second before the window ends…
    control().leaveRoom(room, t.host.id);
    await control().settle();
    const lastLeave = await leftAt(room, t.host.id);
    await control().advance(WINDOW_SECONDS * 1000 - 1500);
    expect(await reconcileEnded(live.livestreamId)).toEqual([]);
    expect(stopEgressCalls(live.egressId)).toBe(0);

    // …and stopped once it has: egress stopped, MUX completed, recording finalised, `completed`.
    await control().advance(2000);
    expect(await reconcileEnded(live.livestreamId)).toEqual([{ id: live.livestreamId, status: "completed" }]);
    expect(stopEgressCalls(live.egressId)).toBe(1);
    expect(muxCompletes(live.muxLiveStreamId)).toBe(1);
    await control().settle();
    const ended = await status(live.livestreamId);
    expect({ status: ended.status, endReason: ended.endReason, failureReason: ended.failureReason, guardrail: ended.guardrail }).toEqual({
      status: "completed",
      endReason: "Stopped: no host in the room for 1 minute",
      failureReason: null,
      guardrail: null,
    });
    expect(lastLeave.getTime()).toBeGreaterThan(firstLeave.getTime());
    expect(control().muxLiveStream(live.muxLiveStreamId)?.status).toBe("idle");
    expect(control().egress(live.egressId)?.status).toBe("EGRESS_COMPLETE");
    expect((await rowOf(live.livestreamId))?.recordingFinalAt).toBeInstanceOf(Date);

    // The list answer carries the reason too.
    const list = await t.host.request("GET", `/api/video/livestream?roomName=${room}`);
    expect(list.status).toBe(200);
    expect(z.object({ livestreams: z.array(z.object({ id: z.string(), endReason: z.string().nullable() })) }).parse(list.body).livestreams).toEqual([
      { id: live.livestreamId, endReason: "Stopped: no host in the room for 1 minute" },
    ]);
  });

  test("another host in the room keeps it going; a guest doesn't", async () => {
    const { room, live } = await liveRoom();
    const invite = await t.host.request("POST", "/api/rooms/invites", { room, role: "host" });
    const token = decodeURIComponent(new URL(z.object({ url: z.string() }).parse(invite.body).url).pathname.replace("/invite/", ""));
    expect((await t.cohost.request("POST", "/api/rooms/invites/accept", { token })).status).toBe(200);
    control().joinRoom(room, t.cohost.id);
    control().leaveRoom(room, t.host.id);
    await control().settle();
    await control().advance(WINDOW_SECONDS * 1000 + 2000);
    expect(await guardrailStops(live.livestreamId)).toEqual([]);
    expect((await status(live.livestreamId)).guardrail).toBeNull();

    // The co-host leaves too; only the guest is left.
    control().leaveRoom(room, t.cohost.id);
    await control().settle();
    expect((await status(live.livestreamId)).guardrail?.kind).toBe("host-left");
    await control().advance(WINDOW_SECONDS * 1000 + 2000);
    expect(await guardrailStops(live.livestreamId)).toEqual([{ id: live.livestreamId, status: "completed", reason: "Stopped: no host in the room for 1 minute" }]);
  });

  test("LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS=0: never stopped, and no countdown", async () => {
    const before = process.env.LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS;
    process.env.LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS = "0";
    try {
      const { room, live } = await liveRoom();
      control().leaveRoom(room, t.host.id);
      await control().settle();
      expect((await status(live.livestreamId)).guardrail).toBeNull();
      await control().advance(3600_000);
      expect(await reconcileEnded(live.livestreamId)).toEqual([]);
      expect((await status(live.livestreamId)).status).toBe("active");
      expect(stopEgressCalls(live.egressId)).toBe(0);
      await t.host.request("DELETE", "/api/video/livestream", { roomName: room });
    } finally {
      process.env.LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS = before;
    }
  });

  test("a lost participant_joined: LiveKit still lists the host, so nothing stops", async () => {
    const { room, live } = await liveRoom();
    control().leaveRoom(room, t.host.id);
    await control().settle();
    control().webhookFault({ service: "livekit", type: "participant_joined", action: "drop" });
    control().joinRoom(room, t.host.id);
    await control().settle();
    await control().advance(WINDOW_SECONDS * 1000 + 2000);
    const listed = control().requests({ service: "livekit", rpc: "ListParticipants" }).length;
    expect((await enforceGuardrails({ roomName: room })).stopped).toEqual([]);
    expect(control().requests({ service: "livekit", rpc: "ListParticipants" }).length).toBe(listed + 1);
    expect((await status(live.livestreamId)).status).toBe("active");
    await t.host.request("DELETE", "/api/video/livestream", { roomName: room });
  });

  test("a person's stop racing the guardrail's: one stop, and neither errs", async () => {
    const { room, live } = await liveRoom();
    control().leaveRoom(room, t.host.id);
    await control().settle();
    await control().advance(WINDOW_SECONDS * 1000 + 2000);
    const [guard, person] = await Promise.all([enforceGuardrails({ roomName: room }), t.host.request("DELETE", "/api/video/livestream", { roomName: room })]);
    expect(person.status, JSON.stringify(person.body)).toBe(200);
    expect(guard.errors).toBe(0);
    expect(guard.stopped.length).toBeLessThanOrEqual(1);
    expect(stopEgressCalls(live.egressId)).toBe(1);
    expect(muxCompletes(live.muxLiveStreamId)).toBe(1);
    await control().settle();
    const ended = await status(live.livestreamId);
    expect(ended.status).toBe("completed");
    // The reason says who stopped it: the guardrail's when it won, none when the person's did.
    expect(ended.endReason).toBe(guard.stopped.length === 1 ? "Stopped: no host in the room for 1 minute" : null);

    // After the guardrail's stop, a person's is answered as that stop, not as a conflict.
    const second = await liveRoom();
    control().leaveRoom(second.room, t.host.id);
    await control().settle();
    await control().advance(WINDOW_SECONDS * 1000 + 2000);
    expect(await guardrailStops(second.live.livestreamId)).toHaveLength(1);
    const late = await t.host.request("DELETE", "/api/video/livestream", { livestreamId: second.live.livestreamId });
    const row = await rowOf(second.live.livestreamId);
    expect({ status: late.status, body: late.body }).toEqual({
      status: 200,
      body: { livestreamId: second.live.livestreamId, status: "completed", muxAssetId: row?.muxAssetId ?? null, vodPlaybackId: row?.vodPlaybackId ?? null },
    });
    expect(stopEgressCalls(second.live.egressId)).toBe(1);
  });
});

describe("room empty", () => {
  test("only the egress's recorder left in the room: stopped at once, by the participant_left that emptied it", async () => {
    const room = newRoom();
    expect((await t.host.request("POST", "/api/rooms", { name: room })).status).toBe(201);
    control().joinRoom(room, t.host.id);
    await control().settle();
    const res = await t.host.request("POST", "/api/video/livestream", { roomName: room });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const live = parseBody(res, startLivestreamResultSchema);
    // LiveKit's room-composite egress joins the room as a participant of its own, identity = its id.
    control().joinRoom(room, live.egressId);
    await control().settle();
    expect((await status(live.livestreamId)).guardrail).toBeNull();

    control().leaveRoom(room, t.host.id);
    await control().settle(); // no time passes
    expect(stopEgressCalls(live.egressId)).toBe(1);
    expect(muxCompletes(live.muxLiveStreamId)).toBe(1);
    const ended = await status(live.livestreamId);
    expect({ status: ended.status, endReason: ended.endReason, failureReason: ended.failureReason }).toEqual({
      status: "completed",
      endReason: "Stopped: nobody was left in the room",
      failureReason: null,
    });
    control().deleteRoom(room);
    await control().settle();
  });

  test("the recorder and a guest: not empty (the host-left window runs instead)", async () => {
    const { room, live } = await liveRoom();
    control().joinRoom(room, live.egressId);
    control().leaveRoom(room, t.host.id);
    await control().settle();
    expect(stopEgressCalls(live.egressId)).toBe(0);
    expect((await status(live.livestreamId)).guardrail?.kind).toBe("host-left");
    await t.host.request("DELETE", "/api/video/livestream", { roomName: room });
  });
});

test("lengths in words", () => {
  expect([120, 60, 90, 1, 3600, 7200].map(lengthInWords)).toEqual(["2 minutes", "1 minute", "90 seconds", "1 second", "1 hour", "2 hours"]);
});
