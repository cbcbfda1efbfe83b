// A broadcast answers to its room and its starter (docs/architecture.md, "Rooms and roles"):
// the room's owner reads, changes and stops every broadcast in their room; the starter only
// while still a host; removing a member takes effect on everything at once. That a removal
// sticks, concurrent accepts and the caps: room-invites.test.ts.
// Real route handlers over HTTP; LiveKit and MUX are the sandbox.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { getDb } from "@/lib/db";
import { roomMembers, shareLinks } from "@golive/next/db";
import {
  listLivestreamsResultSchema,
  startLivestreamResultSchema,
  createdShareLinkSchema,
  listMembersResultSchema,
} from "@golive/next/contract";
import { parseBody, type TestUser } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { answer, roomHelpers } from "../support/rooms";

const t = useTestApp({ alice: "Alice", bob: "Bob", carol: "Carol" }, { viewerCounts: true });
const { invite, accept, bobLiveInAlicesRoom, newRoom } = roomHelpers(t, "authority");

const logged: string[] = [];
beforeEach(() => {
  logged.length = 0;
  for (const level of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  }
});
afterEach(() => vi.restoreAllMocks());


const notFound = { status: 404, body: { error: "Livestream not found.", code: "not_found" } };
const noneInRoom = (room: string) => ({ status: 404, body: { error: `No active livestream of yours in room "${room}".`, code: "not_found" } });

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
    expect((await t.carol.request("GET", `/api/video/livestream?roomName=${room}`)).body).toEqual({ livestreams: [], nextCursor: null });
    // Alice's authority is over her own rooms only.
    const carolsRoom = newRoom("carols");
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
    list: { status: 200, body: { livestreams: [], nextCursor: null } },
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
    const room = newRoom();
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
    // Refused in the transaction that would have inserted its row: no broadcast, not even a failed one.
    const mine = await t.alice.request("GET", `/api/video/livestream?roomName=${room}`);
    expect(parseBody(mine, listLivestreamsResultSchema).livestreams).toEqual([]);
    expect(t.app.sandbox.control.egresses().filter((e) => e.room_name === room)).toEqual([]);
  });

  test("an owner removing someone who isn't live stops nothing of anyone else's", async () => {
    const room = newRoom();
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

