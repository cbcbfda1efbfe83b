// Rooms that belong to someone: claiming a name, roles and what their LiveKit tokens grant,
// invite links (signed, expiring, revocable), removing members, and who may take a room
// live (a host who is present; how presence is known: tests/integration/presence.test.ts). Real route handlers over HTTP; LiveKit is the sandbox.
import { eq } from "drizzle-orm";
import { decodeJwt } from "jose";
import { RoomServiceClient } from "livekit-server-sdk";
import { describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { livestreams, roomInvites, rooms } from "@golive/next/db";
import {
  createdInviteSchema,
  listInvitesResultSchema,
  listMembersResultSchema,
  listRoomsResultSchema,
  livekitTokenResultSchema,
} from "@golive/next/contract";
import { parseBody, type TestUser } from "../support/test-app";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ alice: "Alice", bob: "Bob", carol: "Carol" });

const notYours = (room: string) => ({
  error: `Room "${room}" not found, or it belongs to someone else: ask its owner for an invite link.`,
  code: "not_found",
});

type Grant = { roomJoin?: boolean; room?: string; canPublish?: boolean; canSubscribe?: boolean; canPublishData?: boolean };

async function tokenGrant(user: TestUser, room: string) {
  const res = await user.request("GET", `/api/livekit/token?room=${encodeURIComponent(room)}`);
  if (res.status !== 200) return { status: res.status, body: res.body };
  const body = parseBody(res, livekitTokenResultSchema);
  const claims = decodeJwt(body.token) as { video?: Grant; sub?: string };
  return { status: 200, role: body.role, sub: claims.sub, video: claims.video };
}

/** Who LiveKit (the sandbox) lists in a room, asked as the app would: over the Room API. */
async function participants(room: string): Promise<string[]> {
  const { livekitApiKey, livekitApiSecret } = t.app.credentials;
  const client = new RoomServiceClient(t.app.sandbox.livekitUrl, livekitApiKey, livekitApiSecret);
  return (await client.listParticipants(room).catch(() => [])).map((p) => p.identity);
}

async function invite(room: string, role: "host" | "guest" | "viewer", owner: TestUser = t.alice) {
  const res = await owner.request("POST", "/api/rooms/invites", { room, role });
  expect(res.status).toBe(201);
  const body = parseBody(res, createdInviteSchema);
  return { id: body.invite.id, token: decodeURIComponent(new URL(body.url).pathname.replace("/invite/", "")), url: body.url };
}

async function accept(user: TestUser, token: string) {
  return user.request("POST", "/api/rooms/invites/accept", { token });
}

describe("claiming a room", () => {
  test("the first user to open a name owns it; another user gets 409; the owner again gets 200", async () => {
    const first = await t.alice.request("POST", "/api/rooms", { name: "claimed-room" });
    expect({ status: first.status, body: first.body }).toEqual({ status: 201, body: { room: "claimed-room", role: "host", owner: true } });
    const again = await t.alice.request("POST", "/api/rooms", { name: "claimed-room" });
    expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: { room: "claimed-room", role: "host", owner: true } });
    const other = await t.bob.request("POST", "/api/rooms", { name: "claimed-room" });
    expect({ status: other.status, body: other.body }).toEqual({
      status: 409,
      body: {
        error: 'Room "claimed-room" belongs to someone else: pick another name, or ask its owner for an invite link.',
        code: "conflict",
      },
    });
  });

  test("nine claims of one name at once, by three users (some twice): exactly one 201 and one owner", async () => {
    const users = [t.alice, t.bob, t.carol];
    const answers = await Promise.all(Array.from({ length: 9 }, (_, i) => users[i % 3]!.request("POST", "/api/rooms", { name: "race-room" })));
    const owners = answers.filter((a) => a.status === 201);
    expect(owners).toHaveLength(1);
    expect(answers.every((a) => [200, 201, 409].includes(a.status))).toBe(true);
    const db = await getDb();
    expect(await db.select().from(rooms).where(eq(rooms.name, "race-room"))).toHaveLength(1);
  });

  test("the rooms list has the rooms you own or belong to, with your role", async () => {
    await t.alice.request("POST", "/api/rooms", { name: "listed-room" });
    const { token } = await invite("listed-room", "guest");
    await accept(t.bob, token);
    const mine = await t.bob.request("GET", "/api/rooms");
    expect(parseBody(mine, listRoomsResultSchema).rooms).toContainEqual(expect.objectContaining({ room: "listed-room", role: "guest", owner: false }));
    const theirs = await t.carol.request("GET", "/api/rooms");
    expect(parseBody(theirs, listRoomsResultSchema).rooms.map((r) => r.room)).not.toContain("listed-room");
  });
});

describe("LiveKit tokens grant exactly the role's permissions", () => {
  test("a stranger gets no token for a room someone else owns (404), and the owner a host token", async () => {
    await t.alice.request("POST", "/api/rooms", { name: "token-room" });
    expect(await tokenGrant(t.bob, "token-room")).toEqual({ status: 404, body: notYours("token-room") });
    expect(await tokenGrant(t.alice, "token-room")).toEqual({
      status: 200,
      role: "host",
      sub: t.alice.id,
      video: { roomJoin: true, room: "token-room", canPublish: true, canSubscribe: true, canPublishData: true },
    });
  });

  test("a name nobody owns is claimed by the token request", async () => {
    expect(await tokenGrant(t.carol, "fresh-token-room")).toMatchObject({ status: 200, role: "host" });
    expect(await tokenGrant(t.bob, "fresh-token-room")).toMatchObject({ status: 404 });
  });

  test.each([
    ["guest", { roomJoin: true, room: "roles-room", canPublish: true, canSubscribe: true, canPublishData: true }],
    ["viewer", { roomJoin: true, room: "roles-room", canPublish: false, canSubscribe: true, canPublishData: false }],
  ] as const)("a %s's token", async (role, video) => {
    await t.alice.request("POST", "/api/rooms", { name: "roles-room" });
    const user = role === "guest" ? t.bob : t.carol;
    const { token } = await invite("roles-room", role);
    const accepted = await accept(user, token);
    expect({ status: accepted.status, body: accepted.body }).toEqual({ status: 200, body: { room: "roles-room", role, owner: false } });
    expect(await tokenGrant(user, "roles-room")).toEqual({ status: 200, role, sub: user.id, video });
  });

  test("the sandbox presence route obeys the same rule", async () => {
    await t.alice.request("POST", "/api/rooms", { name: "presence-room" });
    const stranger = await t.bob.request("POST", "/api/sandbox/presence", { room: "presence-room", present: true });
    expect({ status: stranger.status, body: stranger.body }).toEqual({ status: 404, body: notYours("presence-room") });
    expect(await participants("presence-room")).not.toContain(t.bob.id);
    const owner = await t.alice.request("POST", "/api/sandbox/presence", { room: "presence-room", present: true });
    expect(owner.status).toBe(200);
    expect(await participants("presence-room")).toContain(t.alice.id);
  });
});

describe("invite links", () => {
  test("only the owner makes, lists and revokes them; the list never holds the link", async () => {
    await t.alice.request("POST", "/api/rooms", { name: "invite-room" });
    const made = await invite("invite-room", "viewer");
    expect(made.url).toMatch(new RegExp(`^${t.app.url}/invite/`));

    const stranger = await t.bob.request("POST", "/api/rooms/invites", { room: "invite-room", role: "host" });
    expect({ status: stranger.status, body: stranger.body }).toEqual({ status: 404, body: notYours("invite-room") });
    await accept(t.bob, made.token);
    const member = await t.bob.request("POST", "/api/rooms/invites", { room: "invite-room", role: "host" });
    expect({ status: member.status, body: member.body }).toEqual({
      status: 403,
      body: { error: 'Only the owner of room "invite-room" can manage its members and invites.', code: "forbidden" },
    });
    expect((await t.bob.request("GET", "/api/rooms/invites?room=invite-room")).status).toBe(403);

    const list = await t.alice.request("GET", "/api/rooms/invites?room=invite-room");
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(made.token.split(".")[1]);
    expect(parseBody(list, listInvitesResultSchema).invites).toContainEqual(
      expect.objectContaining({ id: made.id, room: "invite-room", role: "viewer", state: "active", revokedAt: null }),
    );
    const byStranger = await t.bob.request("DELETE", "/api/rooms/invites", { inviteId: made.id });
    expect({ status: byStranger.status, body: byStranger.body }).toEqual({ status: 404, body: { error: "Invite not found.", code: "not_found" } });
  });

  const invalid = {
    status: 404,
    body: {
      error: "This invite link is not valid: it may have expired or been revoked. Ask the room's owner for a new one.",
      code: "not_found",
    },
  };

  test("a revoked link stops working at once", async () => {
    await t.alice.request("POST", "/api/rooms", { name: "revoked-room" });
    const made = await invite("revoked-room", "guest");
    const revoked = await t.alice.request("DELETE", "/api/rooms/invites", { inviteId: made.id });
    expect(revoked.body).toMatchObject({ invite: { id: made.id, state: "revoked" } });
    const res = await accept(t.carol, made.token);
    expect({ status: res.status, body: res.body }).toEqual(invalid);
    expect(await tokenGrant(t.carol, "revoked-room")).toMatchObject({ status: 404 });
  });

  test("an expired link stops working", async () => {
    await t.alice.request("POST", "/api/rooms", { name: "expired-room" });
    const made = await invite("expired-room", "guest");
    const db = await getDb();
    await db.update(roomInvites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(roomInvites.id, made.id));
    const res = await accept(t.carol, made.token);
    expect({ status: res.status, body: res.body }).toEqual(invalid);
  });

  test.each([
    ["a forged signature", (t: string) => `${t.split(".")[0]}.${"A".repeat(43)}`],
    ["another invite's signature", (t: string) => `00000000-0000-4000-8000-000000000000.${t.split(".")[1]}`],
    ["no signature", (t: string) => t.split(".")[0] ?? ""],
    ["garbage", () => "not-a-token"],
  ])("%s is refused", async (_name, tamper) => {
    await t.alice.request("POST", "/api/rooms", { name: "forged-room" });
    const made = await invite("forged-room", "host");
    const res = await accept(t.carol, tamper(made.token));
    expect({ status: res.status, body: res.body }).toEqual(invalid);
  });

  test("expiresInHours is bounded", async () => {
    await t.alice.request("POST", "/api/rooms", { name: "bounded-room" });
    const res = await t.alice.request("POST", "/api/rooms/invites", { room: "bounded-room", role: "guest", expiresInHours: 0 });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: { error: "expiresInHours must be a whole number of hours from 1 to 720.", code: "bad_request" },
    });
  });

  test("an invite never demotes: a host who opens a viewer link stays host", async () => {
    await t.alice.request("POST", "/api/rooms", { name: "demote-room" });
    await accept(t.bob, (await invite("demote-room", "host")).token);
    const res = await accept(t.bob, (await invite("demote-room", "viewer")).token);
    expect(res.body).toEqual({ room: "demote-room", role: "host", owner: false });
    const owner = await accept(t.alice, (await invite("demote-room", "viewer")).token);
    expect(owner.body).toEqual({ room: "demote-room", role: "host", owner: true });
  });
});

describe("members", () => {
  test("the owner lists and removes members; a removed member gets no token", async () => {
    await t.alice.request("POST", "/api/rooms", { name: "members-room" });
    await accept(t.bob, (await invite("members-room", "guest")).token);
    const list = await t.alice.request("GET", "/api/rooms/members?room=members-room");
    expect(parseBody(list, listMembersResultSchema).members).toEqual([
      expect.objectContaining({ userId: t.alice.id, name: "Alice", role: "host", owner: true }),
      expect.objectContaining({ userId: t.bob.id, name: "Bob", role: "guest", owner: false }),
    ]);
    expect((await t.bob.request("GET", "/api/rooms/members?room=members-room")).status).toBe(403);

    const removeOwner = await t.alice.request("DELETE", "/api/rooms/members", { room: "members-room", userId: t.alice.id });
    expect({ status: removeOwner.status, body: removeOwner.body }).toEqual({
      status: 400,
      body: { error: "The owner of a room can't be removed from it.", code: "bad_request" },
    });
    const removed = await t.alice.request("DELETE", "/api/rooms/members", { room: "members-room", userId: t.bob.id });
    expect({ status: removed.status, body: removed.body }).toEqual({
      status: 200,
      body: { removed: true, stoppedLivestreamId: null, revokedShareLinks: 0, revokedInviteId: null, problems: [] },
    });
    expect(await tokenGrant(t.bob, "members-room")).toMatchObject({ status: 404 });
  });
});

describe("who may take a room live", () => {
  const creates = () => t.app.sandbox.control.requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" }).length;

  test("a room golive has never seen: the participant who takes it live owns it", async () => {
    t.app.sandbox.control.joinRoom("first-live-room", t.carol.id);
    const res = await t.carol.request("POST", "/api/video/livestream", { roomName: "first-live-room" });
    expect(res.status).toBe(201);
    expect(await tokenGrant(t.carol, "first-live-room")).toMatchObject({ status: 200, role: "host" });
    expect(await tokenGrant(t.bob, "first-live-room")).toMatchObject({ status: 404 });
    await t.carol.request("DELETE", "/api/video/livestream", { roomName: "first-live-room" });
  });

  test.each([
    ["a stranger", null],
    ["a guest", "guest"],
    ["a viewer", "viewer"],
  ] as const)("%s who is present in someone's room can't take it live (403), and nothing is created", async (_who, role) => {
    const room = `owned-live-${role ?? "stranger"}`;
    await t.alice.request("POST", "/api/rooms", { name: room });
    if (role) await accept(t.bob, (await invite(room, role)).token);
    t.app.sandbox.control.joinRoom(room, t.alice.id);
    t.app.sandbox.control.joinRoom(room, t.bob.id);
    const before = creates();
    const res = await t.bob.request("POST", "/api/video/livestream", { roomName: room });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 403,
      body: { error: `Only a host of room "${room}" can take it live: ask its owner for a host invite.`, code: "forbidden" },
    });
    expect(creates()).toBe(before);
    // The owner is not locked out.
    const owner = await t.alice.request("POST", "/api/video/livestream", { roomName: room });
    expect(owner.status).toBe(201);
    await t.alice.request("DELETE", "/api/video/livestream", { roomName: room });
  });

  test("an invited host who is present may; one who isn't present may not", async () => {
    await t.alice.request("POST", "/api/rooms", { name: "cohost-room" });
    await accept(t.bob, (await invite("cohost-room", "host")).token);
    t.app.sandbox.control.joinRoom("cohost-room", t.alice.id);
    const absent = await t.bob.request("POST", "/api/video/livestream", { roomName: "cohost-room" });
    expect({ status: absent.status, body: absent.body }).toEqual({
      status: 403,
      body: { error: 'You can only go live from a room you are in: join "cohost-room" first.', code: "forbidden" },
    });
    t.app.sandbox.control.joinRoom("cohost-room", t.bob.id);
    const present = await t.bob.request("POST", "/api/video/livestream", { roomName: "cohost-room" });
    expect(present.status).toBe(201);
    await t.bob.request("DELETE", "/api/video/livestream", { roomName: "cohost-room" });
  });

  test("a user who isn't in the room gets 403, and nothing is created", async () => {
    t.app.sandbox.control.joinRoom("alices-room", t.alice.id);
    const before = creates();
    const res = await t.bob.request("POST", "/api/video/livestream", { roomName: "alices-room" });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 403,
      body: { error: 'You can only go live from a room you are in: join "alices-room" first.', code: "forbidden" },
    });
    expect(creates()).toBe(before);
    const db = await getDb();
    expect(await db.select().from(livestreams).where(eq(livestreams.roomName, "alices-room"))).toEqual([]);
  });

  test.each([
    ["a room that doesn't exist", "no-such-room", () => {}],
    ["a room everyone left", "left-room", () => {
      t.app.sandbox.control.joinRoom("left-room", t.alice.id);
      t.app.sandbox.control.leaveRoom("left-room", t.alice.id);
    }],
  ])("%s is 422 with advice", async (_name, room, arrange) => {
    arrange();
    await t.app.sandbox.control.settle(); // the presence webhooks have arrived
    const before = creates();
    const res = await t.alice.request("POST", "/api/video/livestream", { roomName: room });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 422,
      body: {
        error: `Room "${room}" can't go live: LiveKit has no such room with people in it. Join the room (at least one participant) before going live.`,
        code: "room_unavailable",
      },
    });
    expect(creates()).toBe(before);
  });

  test("without a presence record, the participant check asks LiveKit with a roomAdmin token for that room", async () => {
    // The join's webhook is lost, so go-live can't answer from Postgres (tests/integration/presence.test.ts).
    t.app.sandbox.control.webhookFault({ service: "livekit", type: "participant_joined", action: "drop" });
    t.app.sandbox.control.joinRoom("checked-room", t.alice.id);
    await t.app.sandbox.control.settle();
    const res = await t.alice.request("POST", "/api/video/livestream", { roomName: "checked-room" });
    expect(res.status).toBe(201);
    const check = t.app.sandbox.control.requests({ service: "livekit", rpc: "ListParticipants" }).at(-1);
    expect(check?.body).toEqual({ room: "checked-room" });
    expect(check?.status).toBe(200);
  });
});
