// A broadcast answers to its room and its starter (docs/architecture.md, "Rooms and roles"):
// the room's owner reads, changes and stops every broadcast in their room; the starter only
// while still a host; removing a member takes effect on everything at once and sticks; two
// accepts at once never lower a role; invites and share links are capped and all listed.
// Real route handlers over HTTP; LiveKit and MUX are the sandbox.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { getDb } from "@/lib/db";
import { roomInvites, roomMembers, shareLinks } from "@golive/next/db";
import { acceptInvite } from "@golive/next/rooms";
import {
  listLivestreamsResultSchema,
  startLivestreamResultSchema,
  createdInviteSchema,
  createdShareLinkSchema,
  listInvitesResultSchema,
  listMembersResultSchema,
  listShareLinksResultSchema,
} from "@golive/next/contract";
import { parseBody, type TestUser } from "../support/test-app";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ alice: "Alice", bob: "Bob", carol: "Carol" }, { viewerCounts: true });

const logged: string[] = [];
beforeEach(() => {
  logged.length = 0;
  for (const level of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  }
});
afterEach(() => vi.restoreAllMocks());

async function invite(room: string, role: "host" | "guest" | "viewer", owner: TestUser = t.alice) {
  const res = await owner.request("POST", "/api/rooms/invites", { room, role });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const body = parseBody(res, createdInviteSchema);
  return { id: body.invite.id, token: decodeURIComponent(new URL(body.url).pathname.replace("/invite/", "")) };
}

const accept = (user: TestUser, token: string) => user.request("POST", "/api/rooms/invites/accept", { token });

let rooms = 0;
/** Alice's room, with Bob a host (by invite) and both in the LiveKit room; Bob goes live. */
async function bobLiveInAlicesRoom(extra: Record<string, unknown> = {}) {
  const room = `authority-${++rooms}`;
  expect((await t.alice.request("POST", "/api/rooms", { name: room })).status).toBe(201);
  const hostInvite = await invite(room, "host");
  expect((await accept(t.bob, hostInvite.token)).status).toBe(200);
  t.app.sandbox.control.joinRoom(room, t.alice.id);
  t.app.sandbox.control.joinRoom(room, t.bob.id);
  const res = await t.bob.request("POST", "/api/video/livestream", { roomName: room, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await t.app.sandbox.control.settle();
  return { room, invite: hostInvite, live: parseBody(res, startLivestreamResultSchema) };
}

const notFound = { status: 404, body: { error: "Livestream not found.", code: "not_found" } };
const noneInRoom = (room: string) => ({ status: 404, body: { error: `No active livestream of yours in room "${room}".`, code: "not_found" } });
const answer = (res: { status: number; body: unknown }) => ({ status: res.status, body: res.body });

describe("the room's owner controls every broadcast in their room", () => {
  test("reads its status (by id and by room), lists it by room, changes it (PATCH by id and by room) and stops it by id", async () => {
    const { room, live } = await bobLiveInAlicesRoom();

    const byId = await t.alice.request("GET", `/api/video/livestream/status?id=${live.livestreamId}`);
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ livestreamId: live.livestreamId, roomName: room, status: "active" });
    const byRoom = await t.alice.request("GET", `/api/video/livestream/status?roomName=${room}`);
    expect(byRoom.body).toMatchObject({ livestreamId: live.livestreamId });

    const listed = await t.alice.request("GET", `/api/video/livestream?roomName=${room}`);
    expect(parseBody(listed, listLivestreamsResultSchema).livestreams.map((l) => l.id)).toEqual([live.livestreamId]);
    const everything = await t.alice.request("GET", "/api/video/livestream");
    expect(parseBody(everything, listLivestreamsResultSchema).livestreams.map((l) => l.id)).toContain(live.livestreamId);

    const patched = await t.alice.request("PATCH", "/api/video/livestream", { livestreamId: live.livestreamId, layout: "speaker" });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ livestreamId: live.livestreamId, layout: "speaker" });
    const patchedByRoom = await t.alice.request("PATCH", "/api/video/livestream", { roomName: room, layout: "grid-light" });
    expect(patchedByRoom.body).toMatchObject({ livestreamId: live.livestreamId, layout: "grid-light" });
    expect(t.app.sandbox.control.egress(live.egressId)).toMatchObject({ status: "EGRESS_ACTIVE" });

    const stopped = await t.alice.request("DELETE", "/api/video/livestream", { livestreamId: live.livestreamId });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ livestreamId: live.livestreamId, status: "completed" });
    expect(t.app.sandbox.control.egress(live.egressId)?.status).toBe("EGRESS_COMPLETE");
  });

  test("stops it by room name, and the room is free for the next go-live", async () => {
    const { room, live } = await bobLiveInAlicesRoom();
    const stopped = await t.alice.request("DELETE", "/api/video/livestream", { roomName: room });
    expect(stopped.body).toMatchObject({ livestreamId: live.livestreamId, status: "completed" });
    expect(t.app.sandbox.control.egress(live.egressId)?.status).toBe("EGRESS_COMPLETE");
    const again = await t.alice.request("POST", "/api/video/livestream", { roomName: room });
    expect(again.status).toBe(201);
    await t.alice.request("DELETE", "/api/video/livestream", { roomName: room });
  });

  test("a host who isn't the owner controls only their own broadcasts, and another user's room stays theirs", async () => {
    // Carol hosts in Alice's room too, and sees nothing of Bob's broadcast.
    const { room, live } = await bobLiveInAlicesRoom();
    await accept(t.carol, (await invite(room, "host")).token);
    expect(answer(await t.carol.request("GET", `/api/video/livestream/status?id=${live.livestreamId}`))).toEqual(notFound);
    expect(answer(await t.carol.request("DELETE", "/api/video/livestream", { livestreamId: live.livestreamId }))).toEqual(notFound);
    expect(answer(await t.carol.request("GET", `/api/video/livestream/status?roomName=${room}`))).toEqual(noneInRoom(room));
    expect((await t.carol.request("GET", `/api/video/livestream?roomName=${room}`)).body).toEqual({ livestreams: [] });
    // Alice's authority is over her own rooms only.
    const carolsRoom = `carols-${rooms}`;
    t.app.sandbox.control.joinRoom(carolsRoom, t.carol.id);
    const carols = parseBody(await t.carol.request("POST", "/api/video/livestream", { roomName: carolsRoom }), startLivestreamResultSchema);
    expect(answer(await t.alice.request("GET", `/api/video/livestream/status?id=${carols.livestreamId}`))).toEqual(notFound);
    await t.carol.request("DELETE", "/api/video/livestream", { roomName: carolsRoom });
    await t.alice.request("DELETE", "/api/video/livestream", { roomName: room });
  });
});

describe("removing a member takes effect on everything at once", () => {
  async function everyControl(user: TestUser, room: string, livestreamId: string, linkId: string) {
    return {
      statusById: answer(await user.request("GET", `/api/video/livestream/status?id=${livestreamId}`)),
      statusByRoom: answer(await user.request("GET", `/api/video/livestream/status?roomName=${room}`)),
      list: answer(await user.request("GET", `/api/video/livestream?roomName=${room}`)),
      patchById: answer(await user.request("PATCH", "/api/video/livestream", { livestreamId, layout: "speaker" })),
      patchByRoom: answer(await user.request("PATCH", "/api/video/livestream", { roomName: room, layout: "speaker" })),
      stopById: answer(await user.request("DELETE", "/api/video/livestream", { livestreamId })),
      stopByRoom: answer(await user.request("DELETE", "/api/video/livestream", { roomName: room })),
      createLink: answer(await user.request("POST", "/api/video/livestream/share-links", { livestreamId })),
      listLinks: answer(await user.request("GET", `/api/video/livestream/share-links?livestreamId=${livestreamId}`)),
      revokeLink: answer(await user.request("DELETE", "/api/video/livestream/share-links", { linkId })),
    };
  }
  const refusedEverywhere = (room: string) => ({
    statusById: notFound,
    statusByRoom: noneInRoom(room),
    list: { status: 200, body: { livestreams: [] } },
    patchById: notFound,
    patchByRoom: noneInRoom(room),
    stopById: notFound,
    stopByRoom: { status: 404, body: { error: `No livestream of yours found in room "${room}".`, code: "not_found" } },
    createLink: notFound,
    listLinks: notFound,
    revokeLink: { status: 404, body: { error: "Share link not found.", code: "not_found" } },
  });

  test("their broadcast ends (egress stopped, MUX completed), LiveKit takes them out, their share links are revoked; every control is a 404", async () => {
    const { room, live } = await bobLiveInAlicesRoom({ visibility: "private" });
    const link = await t.bob.request("POST", "/api/video/livestream/share-links", { livestreamId: live.livestreamId });
    expect(link.status).toBe(201);
    const linkId = parseBody(link, createdShareLinkSchema).link.id;
    // Alice's own link for Bob's broadcast is hers: it stays.
    const alicesLink = await t.alice.request("POST", "/api/video/livestream/share-links", { livestreamId: live.livestreamId });
    expect(alicesLink.status).toBe(201);

    const members = await t.alice.get(`/api/rooms/members?room=${room}`, listMembersResultSchema);
    expect(members.members.find((m) => m.userId === t.bob.id)).toMatchObject({ role: "host", liveLivestreamId: live.livestreamId });
    expect(t.app.sandbox.control.participants(room)).toContain(t.bob.id);

    const removed = await t.alice.request("DELETE", "/api/rooms/members", { room, userId: t.bob.id });
    expect(answer(removed)).toEqual({
      status: 200,
      body: { removed: true, stoppedLivestreamId: live.livestreamId, revokedShareLinks: 1, revokedInviteId: null, problems: [] },
    });

    // The broadcast ended as any stop ends it.
    expect(t.app.sandbox.control.egress(live.egressId)?.status).toBe("EGRESS_COMPLETE");
    expect(t.app.sandbox.control.requests({ service: "mux", method: "PUT", path: `/video/v1/live-streams/${live.muxLiveStreamId}/complete` })).toHaveLength(1);
    const seen = await t.alice.request("GET", `/api/video/livestream/status?id=${live.livestreamId}`);
    expect(seen.body).toMatchObject({ status: "completed" });

    // Out of the LiveKit room now, as LiveKit's own leave: RemoveParticipant, then participant_left.
    expect(t.app.sandbox.control.participants(room)).toEqual([t.alice.id]);
    const call = t.app.sandbox.control.requests({ service: "livekit", rpc: "RemoveParticipant" }).at(-1);
    expect(call).toMatchObject({ status: 200, body: { room, identity: t.bob.id } });
    await t.app.sandbox.control.settle();
    const left = t.app.sandbox.control
      .webhooksSent({ service: "livekit", type: "participant_left" })
      .map((w) => (typeof w.body === "string" ? JSON.parse(w.body) : w.body) as { participant?: { identity?: string }; room?: { name?: string } });
    expect(left.some((w) => w.participant?.identity === t.bob.id && w.room?.name === room)).toBe(true);

    // Bob's link no longer works; Alice's does.
    const db = await getDb();
    const links = await db.select().from(shareLinks).where(eq(shareLinks.livestreamId, live.livestreamId));
    expect(links.find((l) => l.id === linkId)?.revokedAt).not.toBeNull();
    expect(links.find((l) => l.createdBy === t.alice.id)?.revokedAt).toBeNull();

    expect(await everyControl(t.bob, room, live.livestreamId, linkId)).toEqual(refusedEverywhere(room));
    expect((await t.bob.request("GET", `/api/livekit/token?room=${room}`)).status).toBe(404);
  });

  test("when the stop's upstream calls fail, the removal still sticks: they control nothing, and the answer says what is left", async () => {
    const { room, live } = await bobLiveInAlicesRoom();
    t.app.sandbox.control.fault({ service: "livekit", match: { rpc: "StopEgress" }, times: 1, action: { twirp: { code: "internal", msg: "egress service down" } } });
    t.app.sandbox.control.fault({ service: "livekit", match: { rpc: "RemoveParticipant" }, times: 1, action: { twirp: { code: "internal", msg: "room service down" } } });

    const removed = await t.alice.request("DELETE", "/api/rooms/members", { room, userId: t.bob.id });
    expect(answer(removed)).toEqual({
      status: 200,
      body: {
        removed: true,
        stoppedLivestreamId: null,
        revokedShareLinks: 0,
        revokedInviteId: null,
        problems: [
          "Their broadcast could not be stopped cleanly (Could not stop the LiveKit egress: LiveKit refused the request.). It no longer answers to them, and golive's reconcile finishes stopping it.",
          "LiveKit could not take them out of the room just now: they stay connected until they leave, and can't rejoin.",
        ],
      },
    });
    const db = await getDb();
    expect(await db.select().from(roomMembers).where(eq(roomMembers.userId, t.bob.id))).not.toContainEqual(expect.objectContaining({ roomName: room }));
    // The egress still runs (reconcile's to stop), but it isn't Bob's to change.
    expect(t.app.sandbox.control.egress(live.egressId)?.status).toBe("EGRESS_ACTIVE");
    expect(answer(await t.bob.request("PATCH", "/api/video/livestream", { livestreamId: live.livestreamId, addDestinations: [{ type: "custom", name: "x", customRtmpUrl: "rtmp://live.example.com/app", streamKey: "attacker-key-123" }] }))).toEqual(notFound);
    expect(answer(await t.bob.request("GET", `/api/video/livestream/status?id=${live.livestreamId}`))).toEqual(notFound);
    expect(t.app.sandbox.control.participants(room)).toContain(t.bob.id);
  });

  test("a go-live already past its role check when the removal commits is refused, not left running", async () => {
    const room = `authority-${++rooms}`;
    await t.alice.request("POST", "/api/rooms", { name: room });
    await accept(t.bob, (await invite(room, "host")).token);
    // No presence record, so go-live asks LiveKit, and LiveKit is slow to answer.
    t.app.sandbox.control.webhookFault({ service: "livekit", type: "participant_joined", action: "drop", times: 2 });
    t.app.sandbox.control.joinRoom(room, t.alice.id);
    t.app.sandbox.control.joinRoom(room, t.bob.id);
    await t.app.sandbox.control.settle();
    t.app.sandbox.control.fault({ service: "livekit", match: { rpc: "ListParticipants" }, times: 1, action: { delayMs: 1_000 } });
    // …and still lists Bob when it does (its RemoveParticipant fails), so only the role can refuse him.
    t.app.sandbox.control.fault({ service: "livekit", match: { rpc: "RemoveParticipant" }, times: 1, action: { twirp: { code: "internal", msg: "room service down" } } });
    const asked = t.app.sandbox.control.nextRequest({ service: "livekit", rpc: "ListParticipants" });
    const going = t.bob.request("POST", "/api/video/livestream", { roomName: room });
    await asked;
    const removed = await t.alice.request("DELETE", "/api/rooms/members", { room, userId: t.bob.id });
    expect(removed.body).toMatchObject({ removed: true, stoppedLivestreamId: null });
    expect(answer(await going)).toEqual({
      status: 403,
      body: { error: `Only a host of room "${room}" can take it live: ask its owner for a host invite.`, code: "forbidden" },
    });
    const mine = await t.alice.request("GET", `/api/video/livestream?roomName=${room}`);
    expect(parseBody(mine, listLivestreamsResultSchema).livestreams.map((l) => l.status)).toEqual(["failed"]);
    expect(t.app.sandbox.control.egresses().filter((e) => e.room_name === room)).toEqual([]);
  });

  test("an owner removing someone who isn't live stops nothing of anyone else's", async () => {
    const room = `authority-${++rooms}`;
    await t.alice.request("POST", "/api/rooms", { name: room });
    await accept(t.carol, (await invite(room, "guest")).token);
    t.app.sandbox.control.joinRoom(room, t.alice.id);
    const mine = parseBody(await t.alice.request("POST", "/api/video/livestream", { roomName: room }), startLivestreamResultSchema);
    const removed = await t.alice.request("DELETE", "/api/rooms/members", { room, userId: t.carol.id });
    expect(removed.body).toMatchObject({ removed: true, stoppedLivestreamId: null, problems: [] });
    expect(t.app.sandbox.control.egress(mine.egressId)?.status).toBe("EGRESS_ACTIVE");
    await t.alice.request("DELETE", "/api/video/livestream", { roomName: room });
  });
});

describe("a removal sticks", () => {
  const refused = (room: string) => ({
    status: 403,
    body: {
      error: `The owner of room "${room}" removed you after this invite link was made, so it no longer lets you in. Ask them for a new invite link.`,
      code: "forbidden",
    },
  });

  test("re-accepting the link they joined with is refused; an invite made after the removal lets them back", async () => {
    const { room, invite: used } = await bobLiveInAlicesRoom();
    await t.alice.request("DELETE", "/api/rooms/members", { room, userId: t.bob.id });

    expect(answer(await accept(t.bob, used.token))).toEqual(refused(room));
    expect((await t.bob.request("GET", `/api/livekit/token?room=${room}`)).status).toBe(404);
    // Another link made before the removal is just as old.
    const members = await t.alice.get(`/api/rooms/members?room=${room}`, listMembersResultSchema);
    expect(members.members.map((m) => m.userId)).toEqual([t.alice.id]);

    const fresh = await invite(room, "guest");
    expect(answer(await accept(t.bob, fresh.token))).toEqual({ status: 200, body: { room, role: "guest", owner: false } });
    const after = await t.alice.get(`/api/rooms/members?room=${room}`, listMembersResultSchema);
    expect(after.members.find((m) => m.userId === t.bob.id)).toMatchObject({ role: "guest", inviteId: fresh.id });
    // Others may still use the old link: only Bob was removed.
    expect(answer(await accept(t.carol, used.token))).toEqual({ status: 200, body: { room, role: "host", owner: false } });
  });

  test("the members list names the invite each member used; 'remove and revoke their link' revokes it", async () => {
    const { room, invite: used } = await bobLiveInAlicesRoom();
    const members = await t.alice.get(`/api/rooms/members?room=${room}`, listMembersResultSchema);
    expect(members.members).toEqual([
      expect.objectContaining({ userId: t.alice.id, inviteId: null, liveLivestreamId: null }),
      expect.objectContaining({ userId: t.bob.id, inviteId: used.id }),
    ]);
    const removed = await t.alice.request("DELETE", "/api/rooms/members", { room, userId: t.bob.id, revokeInvite: true });
    expect(removed.body).toMatchObject({ removed: true, revokedInviteId: used.id });
    const invites = await t.alice.get(`/api/rooms/invites?room=${room}`, listInvitesResultSchema);
    expect(invites.invites.find((i) => i.id === used.id)?.state).toBe("revoked");
    expect(answer(await accept(t.carol, used.token))).toMatchObject({ status: 404 });
  });
});

describe("two invite accepts at the same moment", () => {
  test("never lower a role: a viewer accepting a host and a guest link at once ends a host, whichever goes first", async () => {
    const room = `accept-race-${++rooms}`;
    await t.alice.request("POST", "/api/rooms", { name: room });
    const [viewer, guest, host] = [await invite(room, "viewer"), await invite(room, "guest"), await invite(room, "host")];
    const db = await getDb();
    const roleOf = async (userId: string) => (await db.select().from(roomMembers).where(eq(roomMembers.userId, userId)))[0]?.role;
    const roles: (string | undefined)[] = [];
    for (const order of [[host, guest], [guest, host], [host, guest, guest], [guest, guest, host]]) {
      // In process, the two accepts' queries interleave step by step on the one connection;
      // over HTTP, as a browser's two tabs would send them.
      const inProcess = await t.app.newUser("Racer");
      await acceptInvite(viewer.token, inProcess.id);
      await Promise.all(order.map((i) => acceptInvite(i.token, inProcess.id)));
      roles.push(await roleOf(inProcess.id));
      const overHttp = await t.app.newUser("Racer");
      await accept(overHttp, viewer.token);
      await Promise.all(order.map((i) => accept(overHttp, i.token)));
      roles.push(await roleOf(overHttp.id));
    }
    expect(roles).toEqual(Array(8).fill("host"));
  });
});

describe("caps", () => {
  test("50 working invites per room: the 51st is 409 with a sentence; every working one stays listed among many ended ones", async () => {
    const room = `invite-cap-${++rooms}`;
    await t.alice.request("POST", "/api/rooms", { name: room });
    const working: string[] = [];
    for (let i = 0; i < 50; i += 1) working.push((await invite(room, "guest")).id);
    const over = await t.alice.request("POST", "/api/rooms/invites", { room, role: "guest" });
    expect(answer(over)).toEqual({
      status: 409,
      body: {
        error: `Room "${room}" already has 50 working invite links, the most it can have at once: revoke one you no longer need, then make a new one.`,
        code: "conflict",
      },
    });
    // Revoke one and make another, 60 times: 60 ended links newer than the 49 oldest working ones.
    for (let i = 0; i < 60; i += 1) {
      const id = working.pop() ?? "";
      expect((await t.alice.request("DELETE", "/api/rooms/invites", { inviteId: id })).status).toBe(200);
      working.push((await invite(room, "guest")).id);
    }
    const listed = await t.alice.get(`/api/rooms/invites?room=${room}`, listInvitesResultSchema);
    const active = listed.invites.filter((i) => i.state === "active").map((i) => i.id);
    expect(active.sort()).toEqual([...working].sort());
    expect(listed.invites.filter((i) => i.state !== "active")).toHaveLength(50);
  });

  test("50 working share links per broadcast: the 51st is 409 with a sentence; every working one stays listed", async () => {
    const { room, live } = await bobLiveInAlicesRoom({ visibility: "private" });
    const make = () => t.bob.request("POST", "/api/video/livestream/share-links", { livestreamId: live.livestreamId });
    const working: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      const res = await make();
      expect(res.status).toBe(201);
      working.push(parseBody(res, createdShareLinkSchema).link.id);
    }
    expect(answer(await make())).toEqual({
      status: 409,
      body: {
        error: "This broadcast already has 50 working share links, the most it can have at once: revoke one you no longer need, then make a new one.",
        code: "conflict",
      },
    });
    for (let i = 0; i < 60; i += 1) {
      await t.bob.request("DELETE", "/api/video/livestream/share-links", { linkId: working.pop() });
      working.push(parseBody(await make(), createdShareLinkSchema).link.id);
    }
    const listed = await t.bob.get(`/api/video/livestream/share-links?livestreamId=${live.livestreamId}`, listShareLinksResultSchema);
    expect(listed.links.filter((l) => l.state === "active").map((l) => l.id).sort()).toEqual([...working].sort());
    expect(listed.links.filter((l) => l.state !== "active")).toHaveLength(50);
    await t.alice.request("DELETE", "/api/video/livestream", { roomName: room });
    // No invite was left over by the cap test: nothing else changed in this room.
    const db = await getDb();
    expect((await db.select().from(roomInvites).where(eq(roomInvites.roomName, room))).length).toBe(1);
  });
});
