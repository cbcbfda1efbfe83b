// Who may watch a private broadcast, and how long: the watch rule (watch/policy.ts) judged on
// the room's current members, through the watch page's token renewal route
// (POST /api/video/playback-tokens) over HTTP, with the sandbox's MUX checking every token as
// MUX does. A revoked link or a removed member gets no new tokens, and the ones they hold stop
// playing once they expire (docs/architecture.md, "Private broadcasts").
import { decodeJwt } from "jose";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { watchAccess } from "@golive/next/watch";
import {
  playbackTokensResultSchema,
  startLivestreamResultSchema,
  stopLivestreamResultSchema,
  type StartLivestreamResult,
  createdInviteSchema,
  createdShareLinkSchema,
} from "@golive/next/contract";
import { type JsonResponse, parseBody, type TestClient, type TestUser } from "../support/test-app";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ owner: "Owner", host: "Invited Host", guest: "Guest", viewer: "Viewer", stranger: "Stranger" }, { viewerCounts: true });

afterEach(() => vi.unstubAllEnvs());

const REFUSED = {
  error: "You can no longer watch this broadcast: your share link has expired or was revoked, or you are no longer a member of the room. Ask the host if you should still have access.",
  code: "forbidden",
};


let rooms = 0;
/** The owner claims a new room by going live in it, privately. */
async function goLive(): Promise<StartLivestreamResult & { room: string }> {
  const room = `watchers-${++rooms}`;
  t.app.sandbox.control.joinRoom(room, t.owner.id);
  const res = await t.owner.request("POST", "/api/video/livestream", { roomName: room, visibility: "private" });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await t.app.sandbox.control.settle();
  return { ...parseBody(res, startLivestreamResultSchema), room };
}

async function join(room: string, user: TestUser, role: "host" | "guest" | "viewer"): Promise<void> {
  const created = await t.owner.request("POST", "/api/rooms/invites", { room, role });
  expect(created.status).toBe(201);
  const token = decodeURIComponent(new URL(parseBody(created, createdInviteSchema).url).pathname.replace("/invite/", ""));
  expect((await user.request("POST", "/api/rooms/invites/accept", { token })).status).toBe(200);
}

async function shareToken(livestreamId: string): Promise<{ id: string; token: string }> {
  const res = await t.owner.request("POST", "/api/video/livestream/share-links", { livestreamId });
  expect(res.status).toBe(201);
  const body = parseBody(res, createdShareLinkSchema);
  return { id: body.link.id, token: new URL(body.url).searchParams.get("share") ?? "" };
}

/** What the watch page's player asks for when its tokens are half spent. */
function renew(client: TestClient, playbackId: string, share?: string) {
  return client.request("POST", "/api/video/playback-tokens", share === undefined ? { playbackId } : { playbackId, share });
}

/** A renewal's answer: the sandbox's player source, with fresh tokens. */
function renewed(res: JsonResponse) {
  const { player, expiresAt } = parseBody(res, playbackTokensResultSchema);
  if (player.kind !== "sandbox") throw new Error(`expected the sandbox's player source, got ${JSON.stringify(player)}`);
  return { player, expiresAt };
}

/** The video token in a renewal's player source (the sandbox's playlist URL carries it). */
function videoToken(res: JsonResponse): string {
  return new URL(renewed(res).player.src).searchParams.get("token") ?? "";
}

/** What the sandbox's MUX answers the player for this playback id and token. */
async function play(playbackId: string, token: string): Promise<number> {
  return (await fetch(`${t.app.sandbox.muxBaseUrl}/stream/${playbackId}.m3u8?token=${encodeURIComponent(token)}`)).status;
}

async function expectRefused(client: TestClient, playbackId: string, share?: string) {
  const res = await renew(client, playbackId, share);
  expect({ status: res.status, body: res.body }).toEqual({ status: 403, body: REFUSED });
}

async function expectAllowed(client: TestClient, playbackId: string, share?: string): Promise<string> {
  const res = await renew(client, playbackId, share);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const token = videoToken(res);
  expect(await play(playbackId, token)).toBe(200);
  return token;
}

describe("the default rule: the room's owner and current members, and share-link holders", () => {
  let live: StartLivestreamResult & { room: string };
  beforeAll(async () => {
    live = await goLive();
    await join(live.room, t.host, "host");
    await join(live.room, t.guest, "guest");
    await join(live.room, t.viewer, "viewer");
  });

  test("a stranger with an account is refused, on the route and by the page's access check", async () => {
    await expectRefused(t.stranger, live.muxPlaybackId);
    expect((await watchAccess(live.muxPlaybackId, { userId: t.stranger.id }))?.grant).toEqual({ kind: "refused" });
  });

  test("no session and no link: refused the same way (not asked to sign in by the API)", async () => {
    await expectRefused(t.app.anonymous, live.muxPlaybackId);
  });

  test("the owner gets tokens MUX accepts", async () => {
    await expectAllowed(t.owner, live.muxPlaybackId);
  });

  test.each(["host", "guest", "viewer"] as const)("a member with the role %s gets tokens MUX accepts", async (role) => {
    await expectAllowed(t[role], live.muxPlaybackId);
    expect((await watchAccess(live.muxPlaybackId, { userId: t[role].id }))?.grant.kind).toBe("signed");
  });

  test("the answer: the player source with fresh tokens for video, thumbnail and storyboard, and when they expire; never cached", async () => {
    const res = await renew(t.guest, live.muxPlaybackId);
    const origin = t.app.sandbox.muxBaseUrl.replace(/\/$/, "");
    expect(res.body).toEqual({
      player: {
        kind: "sandbox",
        src: expect.stringMatching(new RegExp(`^${origin}/stream/${live.muxPlaybackId}\\.m3u8\\?token=`)),
        poster: expect.stringMatching(new RegExp(`^${origin}/image/${live.muxPlaybackId}/thumbnail\\.jpg\\?token=`)),
      },
      expiresAt: expect.any(String),
    });
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const token = decodeJwt(videoToken(res));
    expect(token).toMatchObject({ sub: live.muxPlaybackId, aud: "v" });
    expect(decodeJwt(new URL(renewed(res).player.poster).searchParams.get("token") ?? "")).toMatchObject({ aud: "t" });
    // Ten minutes at most (it was an hour): the bound on how long a revoked viewer keeps playing.
    const left = (token.exp ?? 0) - Date.now() / 1000;
    expect(left).toBeLessThanOrEqual(600);
    expect(left).toBeGreaterThan(590);
    expect(renewed(res).expiresAt.getTime() / 1000).toBeLessThanOrEqual(token.exp ?? 0);
  });

  test("a member the owner removes (through the members route) is refused from then on", async () => {
    const room = live.room;
    const removed = await t.app.newUser("Removed Guest");
    await join(room, removed, "guest");
    await expectAllowed(removed, live.muxPlaybackId);
    const res = await t.owner.request("DELETE", "/api/rooms/members", { room, userId: removed.id });
    expect(res).toMatchObject({ status: 200, body: { removed: true } });
    await expectRefused(removed, live.muxPlaybackId);
    expect((await watchAccess(live.muxPlaybackId, { userId: removed.id }))?.grant).toEqual({ kind: "refused" });
  });

  test("a member of another room is a stranger here", async () => {
    const other = await goLive();
    await join(other.room, t.stranger, "host");
    await expectAllowed(t.stranger, other.muxPlaybackId);
    await expectRefused(t.stranger, live.muxPlaybackId);
  });

  test("a revoked share link is refused, even after its holder signs up for an account", async () => {
    const link = await shareToken(live.livestreamId);
    await expectAllowed(t.app.anonymous, live.muxPlaybackId, link.token);
    expect((await t.owner.request("DELETE", "/api/video/livestream/share-links", { linkId: link.id })).status).toBe(200);
    await expectRefused(t.app.anonymous, live.muxPlaybackId, link.token);
    const signedUp = await t.app.newUser("Former Link Holder");
    await expectRefused(signedUp, live.muxPlaybackId, link.token);
    await expectRefused(signedUp, live.muxPlaybackId);
    expect((await watchAccess(live.muxPlaybackId, { userId: signedUp.id, shareToken: link.token }))?.grant).toEqual({ kind: "refused" });
  });

  test("the recording answers to the same rule", async () => {
    const other = await goLive();
    await join(other.room, t.viewer, "viewer");
    const link = await shareToken(other.livestreamId);
    const stop = await t.owner.request("DELETE", "/api/video/livestream", { roomName: other.room });
    expect(stop.status).toBe(200);
    const { vodPlaybackId } = parseBody(stop, stopLivestreamResultSchema);
    expect(vodPlaybackId).toEqual(expect.any(String));
    const vod = vodPlaybackId ?? "";
    for (const allowed of [t.owner, t.viewer]) expect((await renew(allowed, vod)).status).toBe(200);
    expect((await renew(t.app.anonymous, vod, link.token)).status).toBe(200);
    await expectRefused(t.stranger, vod);
    await t.owner.request("DELETE", "/api/video/livestream/share-links", { linkId: link.id });
    await expectRefused(t.app.anonymous, vod, link.token);
  });
});

describe("revocation reaches people already watching", () => {
  // Two-second tokens, so the test sees one expire (the default is 600 s).
  const seconds = 2;
  const waitPast = async (expiresAt: Date) => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt.getTime() - Date.now()) + 1_100));
  };

  test("a share-link holder watching: renewed while the link works; after revoking, not renewed, and the old token stops playing", async () => {
    vi.stubEnv("LIVESTREAM_PLAYBACK_TOKEN_SECONDS", String(seconds));
    const live = await goLive();
    const link = await shareToken(live.livestreamId);
    const first = await renew(t.app.anonymous, live.muxPlaybackId, link.token);
    expect(first.status).toBe(200);
    expect((decodeJwt(videoToken(first)).exp ?? 0) - Date.now() / 1000).toBeLessThanOrEqual(seconds);
    // Half-way through, the page renews: a working link gets fresh tokens that play.
    const second = await renew(t.app.anonymous, live.muxPlaybackId, link.token);
    expect(second.status).toBe(200);
    const held = videoToken(second);
    expect(await play(live.muxPlaybackId, held)).toBe(200);

    expect((await t.owner.request("DELETE", "/api/video/livestream/share-links", { linkId: link.id })).status).toBe(200);
    await expectRefused(t.app.anonymous, live.muxPlaybackId, link.token);
    // The token they still hold plays until it expires, then MUX refuses it.
    await waitPast(renewed(second).expiresAt);
    expect(await play(live.muxPlaybackId, held)).toBe(403);
  });

  test("a member watching is removed: not renewed, and the old token stops playing", async () => {
    vi.stubEnv("LIVESTREAM_PLAYBACK_TOKEN_SECONDS", String(seconds));
    const live = await goLive();
    const member = await t.app.newUser("Watching Viewer");
    await join(live.room, member, "viewer");
    const res = await renew(member, live.muxPlaybackId);
    expect(res.status).toBe(200);
    const held = videoToken(res);
    expect(await play(live.muxPlaybackId, held)).toBe(200);
    expect((await t.owner.request("DELETE", "/api/rooms/members", { room: live.room, userId: member.id })).status).toBe(200);
    await expectRefused(member, live.muxPlaybackId);
    await waitPast(renewed(res).expiresAt);
    expect(await play(live.muxPlaybackId, held)).toBe(403);
  });
});

describe("LIVESTREAM_PRIVATE_WATCHERS=signed-in", () => {
  test("any signed-in user may watch; someone without an account or a link still may not", async () => {
    const live = await goLive();
    await expectRefused(t.stranger, live.muxPlaybackId);
    vi.stubEnv("LIVESTREAM_PRIVATE_WATCHERS", "signed-in");
    await expectAllowed(t.stranger, live.muxPlaybackId);
    await expectRefused(t.app.anonymous, live.muxPlaybackId);
  });
});

describe("the renewal route's edges", () => {
  test.each<[string, unknown, number, unknown]>([
    ["an unknown playback id", { playbackId: "nosuchplaybackid" }, 404, { error: "There is no broadcast or recording with this playback id.", code: "not_found" }],
    ["a playback id that can't be one", { playbackId: "../etc" }, 400, { error: "playbackId is not a MUX playback id.", code: "bad_request" }],
    ["no playback id", {}, 400, { error: "playbackId is required.", code: "bad_request" }],
    ["a share token far too long", { playbackId: "abc", share: "x".repeat(513) }, 400, { error: "share is not a share link's token.", code: "bad_request" }],
  ])("%s", async (_name, body, status, answer) => {
    const res = await t.stranger.request("POST", "/api/video/playback-tokens", body);
    expect({ status: res.status, body: res.body }).toEqual({ status, body: answer });
  });

  test("a public broadcast needs no tokens: 400", async () => {
    t.app.sandbox.control.joinRoom("watchers-public", t.owner.id);
    const res = await t.owner.request("POST", "/api/video/livestream", { roomName: "watchers-public" });
    const { muxPlaybackId } = parseBody(res, startLivestreamResultSchema);
    const answer = await renew(t.stranger, muxPlaybackId);
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: { error: "This broadcast is public: it plays without playback tokens.", code: "bad_request" } });
  });

  test("a browser request from another site is refused", async () => {
    const live = await goLive();
    const res = await t.owner.request("POST", "/api/video/playback-tokens", { playbackId: live.muxPlaybackId }, { origin: "https://elsewhere.example" });
    expect({ status: res.status, body: res.body }).toEqual({ status: 403, body: { error: "Requests from other sites are refused.", code: "forbidden" } });
  });
});
