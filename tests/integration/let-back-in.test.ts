// "Let back in" (docs/architecture.md, "Rooms and roles"): the owner sees who they removed and
// may clear a removal, after which the invite the person joined with lets them in again (if it
// still works). Owner only. Through the routes (GET/DELETE /api/rooms/removals) and the server
// actions (roomRemovals, letRemovedBackIn).
import "../support/next-request-scope";
import { describe, expect, test } from "vitest";
import { acceptRoomInvite, letRemovedBackIn, roomRemovals } from "@/app/actions/rooms";
import { callAction } from "../support/server-actions";
import { createdInviteSchema } from "@golive/next/contract";
import { parseBody, type TestUser } from "../support/test-app";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ alice: "Alice", bob: "Bob", carol: "Carol" });

const answer = (res: { status: number; body: unknown }) => ({ status: res.status, body: res.body });

let rooms = 0;
/** Alice's room; Bob joined it with a host invite, Carol with a guest one; Alice removed Bob. */
async function bobRemovedFromAlicesRoom(options: { revokeInvite?: boolean } = {}) {
  const room = `let-back-${++rooms}`;
  expect((await t.alice.request("POST", "/api/rooms", { name: room })).status).toBe(201);
  const invite = async (who: TestUser, role: string) => {
    const made = await t.alice.request("POST", "/api/rooms/invites", { room, role });
    const token = decodeURIComponent(new URL(parseBody(made, createdInviteSchema).url).pathname.replace("/invite/", ""));
    expect((await who.request("POST", "/api/rooms/invites/accept", { token })).status).toBe(200);
    return token;
  };
  const token = await invite(t.bob, "host");
  await invite(t.carol, "guest");
  const removed = await t.alice.request("DELETE", "/api/rooms/members", { room, userId: t.bob.id, ...options });
  expect(removed.status).toBe(200);
  return { room, token };
}

const bobsRemoval = () => ({ userId: t.bob.id, name: "Bob", removedAt: expect.any(String) });
const refusedOldLink = (room: string) => ({
  status: 403,
  body: {
    error: `The owner of room "${room}" removed you after this invite link was made, so it no longer lets you in. Ask them for a new invite link.`,
    code: "forbidden",
  },
});

describe("GET/DELETE /api/rooms/removals", () => {
  test("the owner lists who they removed; letting them back in makes their old invite work again, and the list forgets them", async () => {
    const { room, token } = await bobRemovedFromAlicesRoom();
    expect(answer(await t.bob.request("POST", "/api/rooms/invites/accept", { token }))).toEqual(refusedOldLink(room));

    expect(answer(await t.alice.request("GET", `/api/rooms/removals?room=${room}`))).toEqual({ status: 200, body: { removals: [bobsRemoval()] } });
    expect(answer(await t.alice.request("DELETE", "/api/rooms/removals", { room, userId: t.bob.id }))).toEqual({ status: 200, body: { removal: bobsRemoval() } });

    expect(answer(await t.bob.request("POST", "/api/rooms/invites/accept", { token }))).toEqual({ status: 200, body: { room, role: "host", owner: false } });
    expect(answer(await t.alice.request("GET", `/api/rooms/removals?room=${room}`))).toEqual({ status: 200, body: { removals: [] } });
    // Nothing left to clear.
    expect(answer(await t.alice.request("DELETE", "/api/rooms/removals", { room, userId: t.bob.id }))).toEqual({
      status: 404,
      body: { error: `That person was not removed from room "${room}".`, code: "not_found" },
    });
  });

  test("someone who came back with a new invite is no longer listed", async () => {
    const { room } = await bobRemovedFromAlicesRoom();
    const made = await t.alice.request("POST", "/api/rooms/invites", { room, role: "guest" });
    const fresh = decodeURIComponent(new URL(parseBody(made, createdInviteSchema).url).pathname.replace("/invite/", ""));
    expect((await t.bob.request("POST", "/api/rooms/invites/accept", { token: fresh })).status).toBe(200);
    expect(answer(await t.alice.request("GET", `/api/rooms/removals?room=${room}`))).toEqual({ status: 200, body: { removals: [] } });
  });

  test("a revoked invite stays revoked: letting them back in doesn't revive the link", async () => {
    const { room, token } = await bobRemovedFromAlicesRoom({ revokeInvite: true });
    expect((await t.alice.request("DELETE", "/api/rooms/removals", { room, userId: t.bob.id })).status).toBe(200);
    expect((await t.bob.request("POST", "/api/rooms/invites/accept", { token })).status).toBe(404);
  });

  test("owner only: a member and a stranger can neither list nor clear, and the removal stands", async () => {
    const { room, token } = await bobRemovedFromAlicesRoom();
    const stranger = await t.app.newUser("Stranger");
    const asked = {
      carolList: answer(await t.carol.request("GET", `/api/rooms/removals?room=${room}`)),
      carolClear: answer(await t.carol.request("DELETE", "/api/rooms/removals", { room, userId: t.bob.id })),
      bobClear: answer(await t.bob.request("DELETE", "/api/rooms/removals", { room, userId: t.bob.id })),
      strangerList: answer(await stranger.request("GET", `/api/rooms/removals?room=${room}`)),
    };
    const ownerOnly = { status: 403, body: { error: `Only the owner of room "${room}" can manage its members and invites.`, code: "forbidden" } };
    const notTheirs = { status: 404, body: { error: `Room "${room}" not found, or it belongs to someone else: ask its owner for an invite link.`, code: "not_found" } };
    expect(asked).toEqual({ carolList: ownerOnly, carolClear: ownerOnly, bobClear: notTheirs, strangerList: notTheirs });
    expect(answer(await t.bob.request("POST", "/api/rooms/invites/accept", { token }))).toEqual(refusedOldLink(room));
  });
});

describe("the server actions", () => {
  test("roomRemovals lists, letRemovedBackIn clears; then acceptRoomInvite takes the old link", async () => {
    const { room, token } = await bobRemovedFromAlicesRoom();
    const as = <T>(who: TestUser, call: () => Promise<T>) => callAction(who.cookie, call);
    const removal = { userId: t.bob.id, name: "Bob", removedAt: expect.any(Date) };

    expect(await as(t.alice, () => roomRemovals(room))).toEqual({ ok: true, data: [removal] });
    expect(await as(t.carol, () => letRemovedBackIn({ room, userId: t.bob.id }))).toEqual({
      ok: false,
      error: `Only the owner of room "${room}" can manage its members and invites.`,
      code: "forbidden",
    });
    expect(await as(t.alice, () => letRemovedBackIn({ room, userId: t.bob.id }))).toEqual({ ok: true, data: removal });
    expect(await as(t.bob, () => acceptRoomInvite({ token }))).toEqual({ ok: true, data: { room, role: "host", owner: false } });
    expect(await as(t.alice, () => roomRemovals(room))).toEqual({ ok: true, data: [] });
  });
});
