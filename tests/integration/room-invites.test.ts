// A room's invites (docs/architecture.md, "Rooms and roles"): a removal sticks against the old
// link, two accepts at once never lower a role, and invites and share links are capped with
// every working one listed. Real route handlers over HTTP; LiveKit and MUX are the sandbox.
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { roomInvites, roomMembers } from "@golive/next/db";
import { acceptInvite } from "@golive/next/rooms";
import {
  createdShareLinkSchema,
  listInvitesResultSchema,
  listMembersResultSchema,
  listShareLinksResultSchema,
} from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { answer, roomHelpers } from "../support/rooms";

const t = useTestApp({ alice: "Alice", bob: "Bob", carol: "Carol" }, { viewerCounts: true });
const { invite, accept, bobLiveInAlicesRoom, newRoom } = roomHelpers(t, "invites");

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
    const room = newRoom("accept-race");
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
    const room = newRoom("invite-cap");
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
