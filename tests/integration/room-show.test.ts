// The room's show (docs/architecture.md, "Rooms and roles"): PUT /api/rooms/show replaces the
// LiveKit room's metadata with the show document, as the owner or a host only. Real route
// handlers over HTTP; the sandbox's LiveKit records what it received.
import "../support/next-request-scope";
import { describe, expect, test } from "vitest";
import { setRoomShow } from "@/app/actions/rooms";
import { callAction } from "../support/server-actions";
import { parseShow, serializeShow, type Show } from "@golive/next/contract";
import { roomWithEveryRole } from "../support/rooms";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ alice: "Alice", bob: "Bob", carol: "Carol", dave: "Dave" });

const answer = (res: { status: number; body: unknown }) => ({ status: res.status, body: res.body });
const control = () => t.app.sandbox.control;

const show: Show = {
  v: 1,
  scene: "starting-soon",
  title: "Friday build",
  lowerThird: { name: "Ada Lovelace", line: "Engines" },
  banner: null,
  colors: { accent: "#ff0066", background: "#101010" },
  logo: { url: "/brand/logo.svg" },
  layout: "speaker",
};

let rooms = 0;
/** Alice's open room; Bob joined it as a host, Carol as a guest, Dave as a viewer. */
async function alicesRoom() {
  const room = `show-${++rooms}`;
  await roomWithEveryRole(t, room);
  control().joinRoom(room, t.alice.id);
  return room;
}

const metadataCalls = (room: string) => control().requests({ rpc: "UpdateRoomMetadata" }).filter((call) => (call.body as { room?: string }).room === room);

describe("PUT /api/rooms/show", () => {
  test("the owner sets the show: LiveKit receives the serialized document as the room's metadata", async () => {
    const room = await alicesRoom();
    expect(answer(await t.alice.request("PUT", "/api/rooms/show", { room, show }))).toEqual({ status: 200, body: { show } });
    expect(metadataCalls(room).map((call) => call.body)).toEqual([{ room, metadata: serializeShow(show) }]);
    expect(parseShow(control().roomMetadata(room))).toEqual(show);
  });

  test("a host may set it too", async () => {
    const room = await alicesRoom();
    const next = { ...show, scene: "be-right-back" as const };
    expect(answer(await t.bob.request("PUT", "/api/rooms/show", { room, show: next }))).toEqual({ status: 200, body: { show: next } });
    expect(metadataCalls(room)).toHaveLength(1);
  });

  test("a guest, a viewer and a stranger are refused, and LiveKit is not asked", async () => {
    const room = await alicesRoom();
    const stranger = await t.app.newUser("Stranger");
    const forbidden = { status: 403, body: { error: `Only a host of room "${room}" can change its show: ask its owner for a host invite.`, code: "forbidden" } };
    expect({
      guest: answer(await t.carol.request("PUT", "/api/rooms/show", { room, show })),
      viewer: answer(await t.dave.request("PUT", "/api/rooms/show", { room, show })),
      stranger: answer(await stranger.request("PUT", "/api/rooms/show", { room, show })),
    }).toEqual({
      guest: forbidden,
      viewer: forbidden,
      stranger: { status: 404, body: { error: `Room "${room}" not found, or it belongs to someone else: ask its owner for an invite link.`, code: "not_found" } },
    });
    expect(metadataCalls(room)).toEqual([]);
  });

  test("a field that doesn't fit is a 400 with its sentence", async () => {
    const room = await alicesRoom();
    expect(answer(await t.alice.request("PUT", "/api/rooms/show", { room, show: { ...show, logo: { url: "http://cdn.example.com/logo.png" } } }))).toEqual({
      status: 400,
      body: { error: "show.logo.url: logo.url must be an https address or a path on this site starting with /.", code: "bad_request" },
    });
    expect(metadataCalls(room)).toEqual([]);
  });
});

describe("the setRoomShow action", () => {
  test("a host sets the show; a guest is refused with the route's error; a closed room is room_unavailable", async () => {
    const room = await alicesRoom();
    expect(await callAction(t.bob.cookie, () => setRoomShow({ room, show }))).toEqual({ ok: true, data: show });
    expect(parseShow(control().roomMetadata(room))).toEqual(show);
    expect(await callAction(t.carol.cookie, () => setRoomShow({ room, show }))).toEqual({
      ok: false,
      error: `Only a host of room "${room}" can change its show: ask its owner for a host invite.`,
      code: "forbidden",
    });
    control().deleteRoom(room);
    expect(await callAction(t.alice.cookie, () => setRoomShow({ room, show }))).toEqual({
      ok: false,
      error: `Room "${room}" is not open on LiveKit, so its show can't be set: join the room first.`,
      code: "room_unavailable",
    });
  });
});
