// Who is on stage (docs/architecture.md, "The composite template"): /api/rooms/stage and its
// actions send LiveKit's UpdateParticipant with the `golive.stage` attribute, as the owner or a
// host only; every member sees who is on; join tokens (and the sandbox's presence route) start
// hosts on stage and guests backstage unless the room's setting says otherwise. Real route
// handlers over HTTP; the sandbox's LiveKit records what it received.
import "../support/next-request-scope";
import { decodeJwt } from "jose";
import { describe, expect, test } from "vitest";
import { setOnStage } from "@/app/actions/rooms";
import { livekitTokenResultSchema, stageResultSchema } from "@golive/next/contract";
import { callAction } from "../support/server-actions";
import { parseBody, type TestUser } from "../support/test-app";
import { roomWithEveryRole } from "../support/rooms";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ alice: "Alice", bob: "Bob", carol: "Carol", dave: "Dave" });
const control = () => t.app.sandbox.control;
const answer = (res: { status: number; body: unknown }) => ({ status: res.status, body: res.body });

let rooms = 0;
/** Alice's room; Bob a host, Carol a guest, Dave a viewer; Alice and Carol in the LiveKit room. */
async function alicesRoom() {
  const room = `stage-${++rooms}`;
  await roomWithEveryRole(t, room);
  control().joinRoom(room, t.alice.id, { name: "Alice", attributes: { "golive.stage": "on" } });
  control().joinRoom(room, t.carol.id, { name: "Carol" });
  return room;
}

const updates = (room: string) =>
  control()
    .requests({ rpc: "UpdateParticipant" })
    .filter((call) => (call.body as { room?: string }).room === room)
    .map((call) => call.body);

describe("PUT /api/rooms/stage", () => {
  test("the owner brings a guest on stage and back: exactly the attribute, every time; the answer lists the room", async () => {
    const room = await alicesRoom();
    const on = await t.alice.request("PUT", "/api/rooms/stage", { room, identity: t.carol.id, onStage: true });
    expect(answer(on)).toEqual({
      status: 200,
      body: {
        room,
        guestsJoinOnStage: false,
        participants: [
          { identity: t.alice.id, name: "Alice", onStage: true },
          { identity: t.carol.id, name: "Carol", onStage: true },
        ],
      },
    });
    expect(control().participantAttributes(room, t.carol.id)).toEqual({ "golive.stage": "on" });
    const off = await t.alice.request("PUT", "/api/rooms/stage", { room, identity: t.carol.id, onStage: false });
    expect(parseBody(off, stageResultSchema).participants[1]).toEqual({ identity: t.carol.id, name: "Carol", onStage: false });
    // "" deletes the key (LiveKit's rule): nothing else of the participant is touched.
    expect(updates(room)).toEqual([
      { room, identity: t.carol.id, attributes: { "golive.stage": "on" } },
      { room, identity: t.carol.id, attributes: { "golive.stage": "" } },
    ]);
    expect(control().participantAttributes(room, t.carol.id)).toEqual({});
  });

  test("a host may too; a guest and a viewer are refused, a stranger told nothing; LiveKit is not asked", async () => {
    const room = await alicesRoom();
    expect((await t.bob.request("PUT", "/api/rooms/stage", { room, identity: t.carol.id, onStage: true })).status).toBe(200);
    const stranger = await t.app.newUser("Stranger");
    const forbidden = { status: 403, body: { error: `Only a host of room "${room}" can choose who is on stage: ask its owner for a host invite.`, code: "forbidden" } };
    const body = { room, identity: t.alice.id, onStage: false };
    expect({
      guest: answer(await t.carol.request("PUT", "/api/rooms/stage", body)),
      viewer: answer(await t.dave.request("PUT", "/api/rooms/stage", body)),
      stranger: answer(await stranger.request("PUT", "/api/rooms/stage", body)),
    }).toEqual({
      guest: forbidden,
      viewer: forbidden,
      stranger: { status: 404, body: { error: `Room "${room}" not found, or it belongs to someone else: ask its owner for an invite link.`, code: "not_found" } },
    });
    expect(updates(room)).toHaveLength(1);
  });

  const notIn = (room: string): string => `That person is not in room "${room}" right now: they can go on stage once they have joined it.`;
  test.each([
    ["a viewer can't go on stage", (): string => t.dave.id, true, 400, (room: string) => `Viewers of room "${room}" only watch, so they can't go on stage: invite them as a guest instead.`, "bad_request", false],
    // A member who hasn't joined is asked of LiveKit, which answers not_found.
    ["a member who hasn't joined the room", (): string => t.bob.id, true, 404, notIn, "not_found", true],
    ["someone who isn't a member", (): string => "EG_somebody", true, 404, notIn, "not_found", false],
    ["a malformed body", (): string => t.carol.id, "yes", 400, () => "onStage must be true or false.", "bad_request", false],
  ] as const)("%s: a sentence, and nobody's attributes change", async (_name, identity, onStage, status, error, code, asked) => {
    const room = await alicesRoom();
    expect(answer(await t.alice.request("PUT", "/api/rooms/stage", { room, identity: identity(), onStage }))).toEqual({ status, body: { error: error(room), code } });
    expect(updates(room)).toEqual(asked ? [{ room, identity: identity(), attributes: { "golive.stage": "on" } }] : []);
    expect(control().participantAttributes(room, t.carol.id)).toEqual({});
  });
});

describe("GET /api/rooms/stage", () => {
  test("every member sees who is on stage (the egress's own participant left out); a stranger doesn't", async () => {
    const room = await alicesRoom();
    control().joinRoom(room, "EG_recorder", { name: "EG_recorder" });
    const expected = {
      status: 200,
      body: {
        room,
        guestsJoinOnStage: false,
        participants: [
          { identity: t.alice.id, name: "Alice", onStage: true },
          { identity: t.carol.id, name: "Carol", onStage: false },
        ],
      },
    };
    const read = (who: TestUser) => who.request("GET", `/api/rooms/stage?room=${room}`).then(answer);
    expect({ viewer: await read(t.dave), guest: await read(t.carol), host: await read(t.bob) }).toEqual({ viewer: expected, guest: expected, host: expected });
    expect((await read(await t.app.newUser("Nobody"))).status).toBe(404);
  });
});

describe("joining backstage or on stage", () => {
  const tokenAttributes = async (who: TestUser, room: string) => {
    const { token } = parseBody(await who.request("GET", `/api/livekit/token?room=${room}`), livekitTokenResultSchema);
    return decodeJwt(token).attributes ?? {};
  };

  test("hosts' tokens start them on stage, guests' and viewers' backstage, until the room's setting says guests join on stage", async () => {
    const room = await alicesRoom();
    expect({ owner: await tokenAttributes(t.alice, room), host: await tokenAttributes(t.bob, room), guest: await tokenAttributes(t.carol, room), viewer: await tokenAttributes(t.dave, room) }).toEqual({
      owner: { "golive.stage": "on" },
      host: { "golive.stage": "on" },
      guest: {},
      viewer: {},
    });
    expect((await t.carol.request("PATCH", "/api/rooms/stage", { room, guestsJoinOnStage: true })).status).toBe(403);
    expect(parseBody(await t.bob.request("PATCH", "/api/rooms/stage", { room, guestsJoinOnStage: true }), stageResultSchema).guestsJoinOnStage).toBe(true);
    expect({ guest: await tokenAttributes(t.carol, room), viewer: await tokenAttributes(t.dave, room) }).toEqual({ guest: { "golive.stage": "on" }, viewer: {} });
  });

  test("the sandbox's presence route joins with the same name and attributes a token would carry", async () => {
    const room = await alicesRoom();
    control().leaveRoom(room, t.carol.id);
    expect((await t.carol.request("POST", "/api/sandbox/presence", { room, present: true })).status).toBe(200);
    expect((await t.bob.request("POST", "/api/sandbox/presence", { room, present: true })).status).toBe(200);
    expect({ guest: control().participantAttributes(room, t.carol.id), host: control().participantAttributes(room, t.bob.id) }).toEqual({ guest: {}, host: { "golive.stage": "on" } });
    const listed = parseBody(await t.dave.request("GET", `/api/rooms/stage?room=${room}`), stageResultSchema).participants;
    expect(listed.map((p) => p.name)).toEqual(["Alice", "Carol", "Bob"]);
  });
});

describe("the setOnStage action", () => {
  test("a host sets it; a guest gets the route's error", async () => {
    const room = await alicesRoom();
    const done = await callAction(t.bob.cookie, () => setOnStage({ room, identity: t.carol.id, onStage: true }));
    expect(done.ok && done.data.participants.find((p) => p.identity === t.carol.id)?.onStage).toBe(true);
    expect(await callAction(t.carol.cookie, () => setOnStage({ room, identity: t.alice.id, onStage: false }))).toEqual({
      ok: false,
      error: `Only a host of room "${room}" can choose who is on stage: ask its owner for a host invite.`,
      code: "forbidden",
    });
    expect(updates(room)).toEqual([{ room, identity: t.carol.id, attributes: { "golive.stage": "on" } }]);
  });
});
