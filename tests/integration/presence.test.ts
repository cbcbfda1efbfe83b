// Go-live authorization from presence (docs/architecture.md, "Presence"): LiveKit's
// participant_joined / participant_left / room_finished webhooks keep who is in which room;
// go-live trusts a recent "present" record and asks LiveKit (ListParticipants) only without
// one. Real route handlers over HTTP; the sandbox sends the signed webhooks, and its webhook
// faults lose, hold and reorder them.
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { roomPresence } from "@golive/next/db";
import { applyPresenceEvent, PRESENCE_RETENTION_MS, PRESENCE_TRUST_MS, type PresenceEvent } from "@golive/next/rooms";
import { reconcile } from "@golive/next/reconcile";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ host: "Host", other: "Other" });

const control = () => t.app.sandbox.control;
const listParticipantsCalls = () => control().requests({ service: "livekit", rpc: "ListParticipants" }).length;
const notInRoom = (room: string) => ({
  status: 403,
  body: { error: `You can only go live from a room you are in: join "${room}" first.`, code: "forbidden" },
});

/** Goes live as the host; answers the status, body and how many ListParticipants calls it took. */
async function goLive(room: string) {
  const before = listParticipantsCalls();
  const res = await t.host.request("POST", "/api/video/livestream", { roomName: room });
  const answer = { status: res.status, body: res.body, listParticipants: listParticipantsCalls() - before };
  if (res.status === 201) await t.host.request("DELETE", "/api/video/livestream", { roomName: room });
  return answer;
}

async function presence(room: string, identity: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(roomPresence)
    .where(and(eq(roomPresence.roomName, room), eq(roomPresence.identity, identity)));
  return row;
}

/** The host's room, kept open by another participant so that the host can leave it. */
async function hostAndOtherIn(room: string) {
  await t.host.request("POST", "/api/rooms", { name: room });
  control().joinRoom(room, t.other.id);
  control().joinRoom(room, t.host.id);
  await control().settle();
}

describe("go-live reads presence from the webhooks", () => {
  test("a host whose participant_joined arrived goes live with no ListParticipants call", async () => {
    await hostAndOtherIn("present-room");
    expect(await presence("present-room", t.host.id)).toMatchObject({ leftAt: null });
    expect(await goLive("present-room")).toMatchObject({ status: 201, listParticipants: 0 });
  });

  test("a host who left is refused: with no present record, LiveKit is asked and says not present", async () => {
    await hostAndOtherIn("left-room");
    control().leaveRoom("left-room", t.host.id);
    await control().settle();
    expect((await presence("left-room", t.host.id))?.leftAt).toBeInstanceOf(Date);
    const answer = await goLive("left-room");
    expect(answer).toEqual({ ...notInRoom("left-room"), listParticipants: 1 });
  });

  test("no presence event yet (participant_joined lost): LiveKit is asked, and says present", async () => {
    await t.host.request("POST", "/api/rooms", { name: "unheard-room" });
    control().webhookFault({ service: "livekit", type: "participant_joined", action: "drop" });
    control().joinRoom("unheard-room", t.host.id);
    await control().settle();
    expect(await presence("unheard-room", t.host.id)).toBeUndefined();
    expect(await goLive("unheard-room")).toMatchObject({ status: 201, listParticipants: 1 });
  });

  test("a lost participant_left: the stale record is trusted until its session is PRESENCE_TRUST_MS old, then LiveKit decides", async () => {
    await hostAndOtherIn("lost-leave-room");
    control().webhookFault({ service: "livekit", type: "participant_left", action: "drop" });
    control().leaveRoom("lost-leave-room", t.host.id);
    await control().settle();
    expect(await presence("lost-leave-room", t.host.id)).toMatchObject({ leftAt: null });
    // The documented cost: the host who left can still take the room live…
    expect(await goLive("lost-leave-room")).toMatchObject({ status: 201, listParticipants: 0 });
    // …until the session is older than the trust bound.
    const db = await getDb();
    await db
      .update(roomPresence)
      .set({ joinedAt: new Date(Date.now() - PRESENCE_TRUST_MS - 1000) })
      .where(and(eq(roomPresence.roomName, "lost-leave-room"), eq(roomPresence.identity, t.host.id)));
    expect(await goLive("lost-leave-room")).toEqual({ ...notInRoom("lost-leave-room"), listParticipants: 1 });
  });
});

describe("late and reordered presence events", () => {
  test("a participant_left that overtakes its participant_joined: the late join doesn't make the host present", async () => {
    await t.host.request("POST", "/api/rooms", { name: "overtaken-room" });
    control().joinRoom("overtaken-room", t.other.id);
    await control().settle();
    control().webhookFault({ service: "livekit", type: "participant_joined", action: "hold" });
    control().joinRoom("overtaken-room", t.host.id);
    control().leaveRoom("overtaken-room", t.host.id);
    await control().settle();
    await control().releaseHeld();
    await control().settle();
    expect((await presence("overtaken-room", t.host.id))?.leftAt).toBeInstanceOf(Date);
    expect(await goLive("overtaken-room")).toEqual({ ...notInRoom("overtaken-room"), listParticipants: 1 });
  });

  test("a participant_left of an older session arriving after a rejoin: the host stays present", async () => {
    await hostAndOtherIn("rejoin-room");
    control().webhookFault({ service: "livekit", type: "participant_left", action: "hold" });
    control().leaveRoom("rejoin-room", t.host.id);
    await control().advance(1000); // the rejoin is a later session
    control().joinRoom("rejoin-room", t.host.id);
    await control().settle();
    await control().releaseHeld();
    await control().settle();
    expect(control().webhooksSent({ service: "livekit", type: "participant_left" }).at(-1)?.state).toBe("delivered");
    expect(await presence("rejoin-room", t.host.id)).toMatchObject({ leftAt: null });
    expect(await goLive("rejoin-room")).toMatchObject({ status: 201, listParticipants: 0 });
  });

  test("room_finished clears the room even when every participant_left was lost", async () => {
    await hostAndOtherIn("finished-room");
    control().webhookFault({ service: "livekit", type: "participant_left", action: "drop", times: Number.POSITIVE_INFINITY });
    control().deleteRoom("finished-room");
    await control().settle();
    expect((await presence("finished-room", t.host.id))?.leftAt).toBeInstanceOf(Date);
    expect((await presence("finished-room", t.other.id))?.leftAt).toBeInstanceOf(Date);
    const answer = await goLive("finished-room");
    expect(answer).toMatchObject({ status: 422, body: { code: "room_unavailable" }, listParticipants: 1 });
  });

  test("a late room_finished of the room's previous instance doesn't clear the new one", async () => {
    await hostAndOtherIn("reopened-room");
    control().webhookFault({ service: "livekit", type: "room_finished", action: "hold" });
    control().deleteRoom("reopened-room");
    await control().advance(1000);
    control().joinRoom("reopened-room", t.host.id); // a new instance: new room sid
    await control().settle();
    await control().releaseHeld();
    await control().settle();
    expect(control().webhooksSent({ service: "livekit", type: "room_finished" }).at(-1)?.state).toBe("delivered");
    expect(await presence("reopened-room", t.host.id)).toMatchObject({ leftAt: null });
    expect(await goLive("reopened-room")).toMatchObject({ status: 201, listParticipants: 0 });
  });
});

describe("the ordering rule, event by event", () => {
  const T = Date.now();
  const joined = (sid: string, joinedAtMs: number, roomSid = "RM_1"): PresenceEvent => ({
    kind: "joined", roomName: "", roomSid, identity: "id", participantSid: sid, joinedAtMs, at: joinedAtMs,
  });
  const left = (sid: string, joinedAtMs: number, roomSid = "RM_1"): PresenceEvent => ({
    kind: "left", roomName: "", roomSid, identity: "id", participantSid: sid, joinedAtMs, at: joinedAtMs + 5000,
  });
  const finished = (roomSid: string, roomCreatedAtMs: number): PresenceEvent => ({
    kind: "room_finished", roomName: "", roomSid, roomCreatedAtMs, at: T + 60_000,
  });

  test.each<[string, PresenceEvent[], boolean]>([
    ["join", [joined("PA_1", T)], true],
    ["join, leave", [joined("PA_1", T), left("PA_1", T)], false],
    ["leave overtakes its join", [left("PA_1", T), joined("PA_1", T)], false],
    ["join delivered twice around its leave", [joined("PA_1", T), left("PA_1", T), joined("PA_1", T)], false],
    ["rejoin after a leave", [joined("PA_1", T), left("PA_1", T), joined("PA_2", T + 1)], true],
    ["old leave after the rejoin", [joined("PA_1", T), joined("PA_2", T + 1), left("PA_1", T)], true],
    ["old join after the rejoin's leave", [joined("PA_2", T + 1), left("PA_2", T + 1), joined("PA_1", T)], false],
    ["two sessions joined in the same ms can't be ordered", [joined("PA_1", T), joined("PA_2", T)], false],
    ["room_finished of the session's room", [joined("PA_1", T), finished("RM_1", T - 1000)], false],
    ["room_finished of an older instance, whose end was lost", [joined("PA_1", T, "RM_2"), finished("RM_1", T - 60_000)], true],
    ["room_finished of a newer instance ends sessions that joined before it", [joined("PA_1", T, "RM_1"), finished("RM_2", T + 1000)], false],
  ])("%s", async (name, events, present) => {
    const roomName = `rule-${name}`;
    for (const event of events) await applyPresenceEvent({ ...event, roomName });
    const row = await presence(roomName, "id");
    expect(row !== undefined && row.leftAt === null).toBe(present);
  });
});

test("reconcile forgets presence records whose session joined longer ago than PRESENCE_RETENTION_MS", async () => {
  const now = Date.now();
  const session = (roomName: string, joinedAtMs: number): PresenceEvent => ({
    kind: "joined", roomName, roomSid: "RM_p", identity: "id", participantSid: `PA_${roomName}`, joinedAtMs, at: joinedAtMs,
  });
  await applyPresenceEvent(session("prune-old", now - PRESENCE_RETENTION_MS - 60_000));
  await applyPresenceEvent(session("prune-recent", now - PRESENCE_RETENTION_MS + 60_000));
  await reconcile({ muxScanLimit: 0 });
  expect(await presence("prune-old", "id")).toBeUndefined();
  expect(await presence("prune-recent", "id")).toBeDefined();
});
