// The room rules of tests/integration/room-authority.test.ts, through the server actions
// (src/app/actions/) instead of the routes (docs/architecture.md, "Rooms and roles"): the
// room's owner changes and ends another host's broadcast; a removed host gets not_found from
// every broadcast action; their old invite no longer lets them in, a new one does; a user's
// go-lives stop at LIVESTREAM_MAX_LIVE_PER_USER. There is no status action: updateLivestream's
// answer is the broadcast's status. LiveKit and MUX are the sandbox.
import "../support/next-request-scope";
import { afterEach, describe, expect, test } from "vitest";
import { endLivestream, goLive, updateLivestream } from "@/app/actions/livestream";
import { acceptRoomInvite, claimRoom, createRoomInvite, myRoleIn, removeRoomMember, roomMembers } from "@/app/actions/rooms";
import { createShareLink, revokeShareLink, shareLinksOf } from "@/app/actions/share-links";
import { callAction } from "../support/server-actions";
import type { StartLivestreamResult } from "@golive/next/contract";
import type { TestUser } from "../support/test-app";
import { useTestApp } from "../support/test-file";

// viewerCounts: a MUX signing key, which private broadcasts need.
const t = useTestApp({ alice: "Alice", bob: "Bob", carol: "Carol" }, { viewerCounts: true });
afterEach(() => {
  process.env.LIVESTREAM_MAX_LIVE_PER_USER = "100"; // the test app's own setting (tests/support/test-app.ts)
});

/** `call` as a server action of `user`'s browser. */
const as = <T>(user: TestUser, call: () => Promise<T>) => callAction(user.cookie, call);

/** The data of a successful action; a failure fails the test with its answer. */
async function ok<T>(answer: Promise<{ ok: true; data: T } | { ok: false; error: string; code: string }>): Promise<T> {
  const settled = await answer;
  if (!settled.ok) throw new Error(`expected ok, got ${JSON.stringify(settled)}`);
  return settled.data;
}

async function invite(room: string, role: "host" | "guest" | "viewer") {
  const made = await ok(as(t.alice, () => createRoomInvite({ room, role })));
  return { id: made.invite.id, token: decodeURIComponent(made.path.replace("/invite/", "")) };
}

let rooms = 0;
/** Alice's room, with Bob a host (by invite) and both in the LiveKit room; Bob goes live. All through the actions. */
async function bobLiveInAlicesRoom(visibility: "public" | "private" = "public") {
  const room = `authority-action-${++rooms}`;
  await ok(as(t.alice, () => claimRoom({ name: room })));
  const used = await invite(room, "host");
  expect(await as(t.bob, () => acceptRoomInvite({ token: used.token }))).toEqual({ ok: true, data: { room, role: "host", owner: false } });
  t.app.sandbox.control.joinRoom(room, t.alice.id);
  t.app.sandbox.control.joinRoom(room, t.bob.id);
  const live = await ok(as(t.bob, () => goLive({ roomName: room, visibility })));
  await t.app.sandbox.control.settle();
  return { room, invite: used, live };
}

const notFound = { ok: false, error: "Livestream not found.", code: "not_found" };
const noneLiveInRoom = (room: string) => ({ ok: false, error: `No active livestream of yours in room "${room}".`, code: "not_found" });
const noneInRoom = (room: string) => ({ ok: false, error: `No livestream of yours found in room "${room}".`, code: "not_found" });

describe("the room's owner changes and ends another host's broadcast through the actions", () => {
  test("updateLivestream by id and by room answers the changed broadcast (its status); the egress runs on", async () => {
    const { room, live } = await bobLiveInAlicesRoom();
    const byId = await ok(as(t.alice, () => updateLivestream({ livestreamId: live.livestreamId, layout: "speaker" })));
    expect(byId).toMatchObject({ livestreamId: live.livestreamId, roomName: room, status: "active", layout: "speaker" });
    const byRoom = await ok(as(t.alice, () => updateLivestream({ roomName: room, layout: "grid-light" })));
    expect(byRoom).toMatchObject({ livestreamId: live.livestreamId, roomName: room, status: "active", layout: "grid-light" });
    expect(t.app.sandbox.control.egress(live.egressId)).toMatchObject({ status: "EGRESS_ACTIVE" });
    await ok(as(t.alice, () => endLivestream({ roomName: room })));
  });

  test.each([
    ["by id", (live: { livestreamId: string }) => ({ livestreamId: live.livestreamId })],
    ["by room", (_live: { livestreamId: string }, room: string) => ({ roomName: room })],
  ])("endLivestream %s stops it (egress complete, MUX told), and the room is free for the owner's go-live", async (_how, target) => {
    const { room, live } = await bobLiveInAlicesRoom();
    const stopped = await ok(as(t.alice, () => endLivestream(target(live, room))));
    expect(stopped).toMatchObject({ livestreamId: live.livestreamId, status: "completed" });
    expect(t.app.sandbox.control.egress(live.egressId)?.status).toBe("EGRESS_COMPLETE");
    expect(t.app.sandbox.control.requests({ service: "mux", method: "PUT", path: `/video/v1/live-streams/${live.muxLiveStreamId}/complete` })).toHaveLength(1);
    await ok(as(t.alice, () => goLive({ roomName: room })));
    await ok(as(t.alice, () => endLivestream({ roomName: room })));
  });

  test("another host of the room gets not_found from them, as a stranger would", async () => {
    const { room, live } = await bobLiveInAlicesRoom();
    await ok(as(t.carol, async () => acceptRoomInvite({ token: (await invite(room, "host")).token })));
    expect(await as(t.carol, () => updateLivestream({ livestreamId: live.livestreamId, layout: "speaker" }))).toEqual(notFound);
    expect(await as(t.carol, () => endLivestream({ livestreamId: live.livestreamId }))).toEqual(notFound);
    expect(await as(t.carol, () => endLivestream({ roomName: room }))).toEqual(noneInRoom(room));
    expect(t.app.sandbox.control.egress(live.egressId)).toMatchObject({ status: "EGRESS_ACTIVE" });
    await ok(as(t.alice, () => endLivestream({ roomName: room })));
  });
});

describe("a removed host gets not_found from every broadcast action", () => {
  const attackerDestination = { type: "custom" as const, name: "mine", customRtmpUrl: "rtmp://live.example.com/app", streamKey: "attacker-key-123" };

  async function everyAction(room: string, livestreamId: string, linkId: string) {
    const bob = <T>(call: () => Promise<T>) => as(t.bob, call);
    return {
      updateById: await bob(() => updateLivestream({ livestreamId, addDestinations: [attackerDestination] })),
      updateByRoom: await bob(() => updateLivestream({ roomName: room, layout: "speaker" })),
      endById: await bob(() => endLivestream({ livestreamId })),
      endByRoom: await bob(() => endLivestream({ roomName: room })),
      createLink: await bob(() => createShareLink({ livestreamId })),
      listLinks: await bob(() => shareLinksOf({ livestreamId })),
      revokeLink: await bob(() => revokeShareLink({ linkId })),
      role: await bob(() => myRoleIn(room)),
    };
  }
  const refusedEverywhere = (room: string) => ({
    updateById: notFound,
    updateByRoom: noneLiveInRoom(room),
    endById: notFound,
    endByRoom: noneInRoom(room),
    createLink: notFound,
    listLinks: notFound,
    revokeLink: { ok: false, error: "Share link not found.", code: "not_found" },
    role: { ok: true, data: null },
  });

  test("removed with removeRoomMember: their broadcast ended and their link revoked, then every action is not_found", async () => {
    const { room, live } = await bobLiveInAlicesRoom("private");
    const link = await ok(as(t.bob, () => createShareLink({ livestreamId: live.livestreamId })));

    expect(await as(t.alice, () => removeRoomMember({ room, userId: t.bob.id }))).toEqual({
      ok: true,
      data: { removed: true, stoppedLivestreamId: live.livestreamId, revokedShareLinks: 1, revokedInviteId: null, problems: [] },
    });
    expect(t.app.sandbox.control.egress(live.egressId)?.status).toBe("EGRESS_COMPLETE");
    expect(await everyAction(room, live.livestreamId, link.link.id)).toEqual(refusedEverywhere(room));
  });

  test("when the stop fails and the broadcast runs on, it still answers not_found to them, and adds no destination", async () => {
    const { room, live } = await bobLiveInAlicesRoom("private");
    const link = await ok(as(t.bob, () => createShareLink({ livestreamId: live.livestreamId })));
    t.app.sandbox.control.fault({ service: "livekit", match: { rpc: "StopEgress" }, times: 1, action: { twirp: { code: "internal", msg: "egress service down" } } });

    const removed = await ok(as(t.alice, () => removeRoomMember({ room, userId: t.bob.id })));
    expect(removed).toMatchObject({ removed: true, stoppedLivestreamId: null });
    expect(t.app.sandbox.control.egress(live.egressId)?.status).toBe("EGRESS_ACTIVE");
    const egressCalls = t.app.sandbox.control.requests({ service: "livekit" }).length;

    expect(await everyAction(room, live.livestreamId, link.link.id)).toEqual(refusedEverywhere(room));
    // Refused before anything upstream: no new stream output, no stop.
    expect(t.app.sandbox.control.requests({ service: "livekit" }).length).toBe(egressCalls);
    // The egress runs on (reconcile's to stop, as after any failed stop), not theirs to change.
    expect(t.app.sandbox.control.egress(live.egressId)?.status).toBe("EGRESS_ACTIVE");
  });
});

describe("a removal sticks through the accept action", () => {
  test("re-accepting the old invite is refused with the sentence; an invite made after the removal lets them back", async () => {
    const { room, invite: used } = await bobLiveInAlicesRoom();
    await ok(as(t.alice, () => removeRoomMember({ room, userId: t.bob.id })));

    expect(await as(t.bob, () => acceptRoomInvite({ token: used.token }))).toEqual({
      ok: false,
      error: `The owner of room "${room}" removed you after this invite link was made, so it no longer lets you in. Ask them for a new invite link.`,
      code: "forbidden",
    });
    expect(await as(t.bob, () => myRoleIn(room))).toEqual({ ok: true, data: null });
    expect((await ok(as(t.alice, () => roomMembers(room)))).map((m) => m.userId)).toEqual([t.alice.id]);

    const fresh = await invite(room, "host");
    expect(await as(t.bob, () => acceptRoomInvite({ token: fresh.token }))).toEqual({ ok: true, data: { room, role: "host", owner: false } });
    expect((await ok(as(t.alice, () => roomMembers(room)))).find((m) => m.userId === t.bob.id)).toMatchObject({ role: "host", inviteId: fresh.id });
    // Back as a host (the removal took them out of the LiveKit room: they join it again), they may go live again.
    t.app.sandbox.control.joinRoom(room, t.bob.id);
    const again = await ok(as(t.bob, () => goLive({ roomName: room })));
    expect(await ok(as(t.bob, () => endLivestream({ livestreamId: again.livestreamId })))).toMatchObject({ status: "completed" });
  });
});

describe("goLive holds to LIVESTREAM_MAX_LIVE_PER_USER", () => {
  test("the default 3: a fourth live broadcast is too_many with the sentence, and nothing upstream is made", async () => {
    delete process.env.LIVESTREAM_MAX_LIVE_PER_USER;
    const room = () => {
      const name = `cap-action-${++rooms}`;
      t.app.sandbox.control.joinRoom(name, t.carol.id);
      return name;
    };
    const live: StartLivestreamResult[] = [];
    for (let i = 0; i < 3; i++) live.push(await ok(as(t.carol, () => goLive({ roomName: room() }))));
    const creates = t.app.sandbox.control.requests({ service: "mux", method: "POST" }).length;
    const egresses = t.app.sandbox.control.egresses().length;
    const fourth = room();
    expect(await as(t.carol, () => goLive({ roomName: fourth }))).toEqual({
      ok: false,
      error: "You already have 3 live broadcasts, and one account may have at most 3 at once. End one of them before going live in another room.",
      code: "too_many",
    });
    expect(t.app.sandbox.control.requests({ service: "mux", method: "POST" }).length).toBe(creates);
    expect(t.app.sandbox.control.egresses().length).toBe(egresses);

    await ok(as(t.carol, () => endLivestream({ livestreamId: live[0]?.livestreamId ?? "" })));
    const fourthLive = await ok(as(t.carol, () => goLive({ roomName: fourth })));
    for (const { livestreamId } of [...live.slice(1), fourthLive]) await ok(as(t.carol, () => endLivestream({ livestreamId })));
  });
});
