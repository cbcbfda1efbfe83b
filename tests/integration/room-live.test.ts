// GET /api/rooms/live (docs/architecture.md, "Rooms and roles"): whether a room is on air, for
// every member — a guest's and a viewer's on-air cue reads it — and for nobody else: a removed
// member and a stranger get the stranger's 404. The answer says live or not and nothing more.
// Real route handlers over HTTP against the sandbox.
import { describe, expect, test } from "vitest";
import { livestreamStatusResultSchema, roomLiveResultSchema, startLivestreamResultSchema } from "@golive/next/contract";
import { answer, roomWithEveryRole } from "../support/rooms";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ alice: "Alice", bob: "Bob", carol: "Carol", dave: "Dave" });

let rooms = 0;
const newRoom = () => `on-air-${++rooms}`;
const liveOf = (room: string) => `/api/rooms/live?room=${encodeURIComponent(room)}`;
const notFound = (room: string) => ({
  status: 404,
  body: { error: `Room "${room}" not found, or it belongs to someone else: ask its owner for an invite link.`, code: "not_found" },
});

describe("GET /api/rooms/live", () => {
  test("a guest and a viewer read not live, then live while the broadcast is active, then not live after the end; only { room, live }", async () => {
    const room = newRoom();
    await roomWithEveryRole(t, room);
    const everyone = async () => ({
      owner: answer(await t.alice.request("GET", liveOf(room))),
      host: answer(await t.bob.request("GET", liveOf(room))),
      guest: answer(await t.carol.request("GET", liveOf(room))),
      viewer: answer(await t.dave.request("GET", liveOf(room))),
    });
    const all = (live: boolean) => ({ status: 200, body: { room, live } });
    expect(await everyone()).toEqual({ owner: all(false), host: all(false), guest: all(false), viewer: all(false) });

    t.app.sandbox.control.joinRoom(room, t.bob.id);
    const started = await t.bob.request("POST", "/api/video/livestream", { roomName: room });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await t.app.sandbox.control.settle();
    const status = await t.bob.get(`/api/video/livestream/status?id=${parseBody(started, startLivestreamResultSchema).livestreamId}`, livestreamStatusResultSchema);
    expect(status.status).toBe("active");
    expect(await everyone()).toEqual({ owner: all(true), host: all(true), guest: all(true), viewer: all(true) });
    // Nothing of the broadcast itself: the schema's two fields, exactly.
    const guestRead = await t.carol.request("GET", liveOf(room));
    expect(Object.keys(parseBody(guestRead, roomLiveResultSchema)).sort()).toEqual(["live", "room"]);
    expect(JSON.stringify(guestRead.body)).not.toContain(parseBody(started, startLivestreamResultSchema).muxPlaybackId);
    expect(guestRead.headers.get("cache-control")).toBe("private, no-store");

    expect((await t.bob.request("DELETE", "/api/video/livestream", { roomName: room })).status).toBe(200);
    await t.app.sandbox.control.settle();
    expect(await everyone()).toEqual({ owner: all(false), host: all(false), guest: all(false), viewer: all(false) });
  });

  test("a starting broadcast is not on air yet", async () => {
    const room = newRoom();
    await roomWithEveryRole(t, room);
    t.app.sandbox.control.joinRoom(room, t.bob.id);
    // MUX's "active" never arrives: the row stays starting.
    t.app.sandbox.control.webhookFault({ service: "mux", type: "video.live_stream.active", action: "drop" });
    const started = await t.bob.request("POST", "/api/video/livestream", { roomName: room });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await t.app.sandbox.control.settle();
    const status = await t.bob.get(`/api/video/livestream/status?id=${parseBody(started, startLivestreamResultSchema).livestreamId}`, livestreamStatusResultSchema);
    expect(status.status).toBe("starting");
    expect(answer(await t.carol.request("GET", liveOf(room)))).toEqual({ status: 200, body: { room, live: false } });
  });

  test("a removed member and a stranger get the stranger's 404, live or not; a room nobody owns too", async () => {
    const room = newRoom();
    await roomWithEveryRole(t, room);
    t.app.sandbox.control.joinRoom(room, t.bob.id);
    expect((await t.bob.request("POST", "/api/video/livestream", { roomName: room })).status).toBe(201);
    await t.app.sandbox.control.settle();
    expect((await t.alice.request("DELETE", "/api/rooms/members", { room, userId: t.carol.id })).status).toBe(200);
    const stranger = await t.app.newUser("Stranger");
    expect({
      removed: answer(await t.carol.request("GET", liveOf(room))),
      stranger: answer(await stranger.request("GET", liveOf(room))),
      nobodys: answer(await stranger.request("GET", liveOf("nobody-owns-this"))),
    }).toEqual({ removed: notFound(room), stranger: notFound(room), nobodys: notFound("nobody-owns-this") });
  });

  test("no session → 401; a bad room name → 400", async () => {
    expect((await t.app.anonymous.request("GET", liveOf("any-room"))).status).toBe(401);
    expect((await t.carol.request("GET", "/api/rooms/live?room=")).status).toBe(400);
  });
});
