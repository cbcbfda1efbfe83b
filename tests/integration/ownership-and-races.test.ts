// One live broadcast per room, whoever started it; a user sees and stops only their own;
// concurrent starts and stops each have exactly one winner (docs/architecture.md, invariants).
import { describe, expect, test } from "vitest";
import {
  listLivestreamsResultSchema,
  startLivestreamResultSchema,
  createdInviteSchema,
} from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ alice: "Alice", bob: "Bob" });

async function aliceLive(room: string) {
  t.app.sandbox.control.joinRoom(room, t.alice.id);
  const res = await t.alice.request("POST", "/api/video/livestream", { roomName: room });
  expect(res.status).toBe(201);
  return parseBody(res, startLivestreamResultSchema);
}

describe("a user sees and stops only their own broadcasts", () => {
  test("another user's broadcast is 404 everywhere", async () => {
    const started = await aliceLive("alice-room");
    const notFound = { error: "Livestream not found.", code: "not_found" };

    const status = await t.bob.request("GET", `/api/video/livestream/status?id=${started.livestreamId}`);
    expect({ status: status.status, body: status.body }).toEqual({ status: 404, body: notFound });

    const stopById = await t.bob.request("DELETE", "/api/video/livestream", { livestreamId: started.livestreamId });
    expect({ status: stopById.status, body: stopById.body }).toEqual({ status: 404, body: notFound });

    const stopByRoom = await t.bob.request("DELETE", "/api/video/livestream", { roomName: "alice-room" });
    expect(stopByRoom.status).toBe(404);
    const statusByRoom = await t.bob.request("GET", "/api/video/livestream/status?roomName=alice-room");
    expect(statusByRoom.status).toBe(404);

    const list = await t.bob.request("GET", "/api/video/livestream");
    expect(list.body).toEqual({ livestreams: [], nextCursor: null });

    // Still live for Alice: nothing Bob did stopped it.
    expect(t.app.sandbox.control.egress(started.egressId)?.status).not.toBe("EGRESS_COMPLETE");
    // MUX's `active` webhook may still be on its way on a loaded machine: let it arrive first.
    await t.app.sandbox.control.settle();
    const mine = await t.alice.request("GET", `/api/video/livestream/status?id=${started.livestreamId}`);
    expect(mine.body).toMatchObject({ status: "active" });
  });

  test("a room live for one host is a 409 for another host", async () => {
    await aliceLive("shared-room");
    const made = await t.alice.request("POST", "/api/rooms/invites", { room: "shared-room", role: "host" });
    const token = decodeURIComponent(new URL(parseBody(made, createdInviteSchema).url).pathname.replace("/invite/", ""));
    expect((await t.bob.request("POST", "/api/rooms/invites/accept", { token })).status).toBe(200);
    t.app.sandbox.control.joinRoom("shared-room", t.bob.id);
    const res = await t.bob.request("POST", "/api/video/livestream", { roomName: "shared-room" });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 409,
      body: { error: 'Room "shared-room" already has a live broadcast. Stop it before going live again.', code: "conflict" },
    });
  });
});

describe("409s", () => {
  test("stopping twice: the second stop is a conflict", async () => {
    const started = await aliceLive("twice-room");
    expect((await t.alice.request("DELETE", "/api/video/livestream", { roomName: "twice-room" })).status).toBe(200);
    const byRoom = await t.alice.request("DELETE", "/api/video/livestream", { roomName: "twice-room" });
    expect({ status: byRoom.status, body: byRoom.body }).toEqual({
      status: 409,
      body: { error: 'Your broadcast in room "twice-room" is not live (status: completed).', code: "conflict" },
    });
    const byId = await t.alice.request("DELETE", "/api/video/livestream", { livestreamId: started.livestreamId });
    expect({ status: byId.status, body: byId.body }).toEqual({
      status: 409,
      body: { error: "This broadcast is not live (status: completed).", code: "conflict" },
    });
  });

  test("stopping in a room where you never broadcast is 404", async () => {
    const res = await t.alice.request("DELETE", "/api/video/livestream", { roomName: "never-used" });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 404,
      body: { error: 'No livestream of yours found in room "never-used".', code: "not_found" },
    });
  });
});

describe("races", () => {
  test("8 concurrent go-lives for one room: one 201, seven 409s, one MUX stream, one egress", async () => {
    const room = "race-room";
    t.app.sandbox.control.joinRoom(room, t.alice.id);
    const muxBefore = t.app.sandbox.control.muxLiveStreams().length;
    const egressBefore = t.app.sandbox.control.egresses().length;

    const results = await Promise.all(Array.from({ length: 8 }, () => t.alice.request("POST", "/api/video/livestream", { roomName: room })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(t.app.sandbox.control.muxLiveStreams().length - muxBefore).toBe(1);
    expect(t.app.sandbox.control.egresses().length - egressBefore).toBe(1);
  });

  test("5 concurrent stops: one 200, the rest 409, one StopEgress", async () => {
    const started = await aliceLive("stop-race-room");
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.alice.request("DELETE", "/api/video/livestream", { livestreamId: started.livestreamId })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const stops = t.app.sandbox.control.requests({ service: "livekit", rpc: "StopEgress" }).filter((r) => JSON.stringify(r.body).includes(started.egressId));
    expect(stops).toHaveLength(1);
  });

  test("a stop that lands while the egress is starting wins, and the start cleans up after itself", async () => {
    const room = "stop-during-start";
    t.app.sandbox.control.joinRoom(room, t.alice.id);
    t.app.sandbox.control.fault({ service: "livekit", match: { rpc: "StartRoomCompositeEgress" }, action: { delayMs: 400 } });

    const starting = t.alice.request("POST", "/api/video/livestream", { roomName: room });
    // Wait until the row exists and the MUX stream is linked, then stop.
    let livestreamId = "";
    for (let i = 0; i < 100 && !livestreamId; i++) {
      const list = await t.alice.request("GET", `/api/video/livestream?roomName=${room}&limit=1`);
      const row = parseBody(list, listLivestreamsResultSchema).livestreams[0];
      if (row?.muxLiveStreamId) livestreamId = row.id;
      else await new Promise((r) => setTimeout(r, 10));
    }
    const stop = await t.alice.request("DELETE", "/api/video/livestream", { livestreamId });
    const start = await starting;

    expect(stop.status).toBe(200);
    expect({ status: start.status, body: start.body }).toEqual({
      status: 409,
      body: { error: `The broadcast in room "${room}" was stopped while it was starting.`, code: "conflict" },
    });
    await t.app.sandbox.control.settle();
    // The egress the start made was stopped by the start itself; nothing is left running.
    const egresses = t.app.sandbox.control.egresses().filter((e) => e.room_name === room);
    expect(egresses).toHaveLength(1);
    expect(egresses[0]?.status).toBe("EGRESS_COMPLETE");
  });
});
