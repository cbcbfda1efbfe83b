// RoomService/UpdateRoomMetadata and UpdateParticipant in the LiveKit emulator, driven through
// livekit-server-sdk's RoomServiceClient (packages/sandbox/src/livekit/room-updates.ts).
import { expect, test } from "vitest";
import { caught, type World, useStudioWorld } from "../support/sandbox-clients";

let w: World;
useStudioWorld({}, (world) => (w = world));

test("UpdateRoomMetadata answers the Room with it, records the request, and ListRooms shows it", async () => {
  const metadata = JSON.stringify({ v: 1, scene: "be-right-back" });
  const room = await w.rooms.updateRoomMetadata("studio", metadata);
  expect(room.name).toBe("studio");
  expect(room.metadata).toBe(metadata);
  const [call] = w.sandbox.control.requests({ rpc: "UpdateRoomMetadata" });
  expect(call?.body).toEqual({ room: "studio", metadata });
  expect((await w.rooms.listRooms(["studio"]))[0]?.metadata).toBe(metadata);
  // An empty metadata skips the update, as the protocol says.
  expect((await w.rooms.updateRoomMetadata("studio", "")).metadata).toBe(metadata);
});

test("a metadata change sends no webhook: LiveKit has no event for it", async () => {
  await w.sandbox.control.settle();
  const before = w.sandbox.control.webhooksSent({ service: "livekit" }).length;
  await w.rooms.updateRoomMetadata("studio", "{}");
  await w.sandbox.control.settle();
  expect(w.sandbox.control.webhooksSent({ service: "livekit" })).toHaveLength(before);
});

test("UpdateParticipant merges attributes, deletes the ones set to empty, and keeps the rest", async () => {
  await w.rooms.updateParticipant("studio", "host", { attributes: { seat: "left", badge: "host" } });
  const updated = await w.rooms.updateParticipant("studio", "host", { attributes: { seat: "", mic: "on" }, name: "Ada" });
  expect(updated.attributes).toEqual({ badge: "host", mic: "on" });
  expect(updated.name).toBe("Ada");
  const [listed] = await w.rooms.listParticipants("studio");
  expect(listed?.attributes).toEqual({ badge: "host", mic: "on" });
  expect(w.sandbox.control.requests({ rpc: "UpdateParticipant" })).toHaveLength(2);
});

test("an unknown room or participant is not_found", async () => {
  expect((await caught(w.rooms.updateRoomMetadata("nope", "{}"))).message).toBe("requested room does not exist");
  expect([(await caught(w.rooms.updateParticipant("studio", "nobody", { attributes: { a: "b" } }))).message, (await caught(w.rooms.updateParticipant("nope", "host", { attributes: { a: "b" } }))).message]).toEqual([
    "participant not found",
    "requested room does not exist",
  ]);
});

test("the HTTP control API answers a room's metadata, and null for a room that doesn't exist", async () => {
  await w.rooms.updateRoomMetadata("studio", '{"v":1}');
  const ask = async (room: string) => {
    const res = await fetch(`${w.sandbox.controlUrl}/roomMetadata`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ room }) });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  expect(await ask("studio")).toEqual({ status: 200, body: { result: '{"v":1}' } });
  expect(await ask("nope")).toEqual({ status: 200, body: { result: null } });
});
