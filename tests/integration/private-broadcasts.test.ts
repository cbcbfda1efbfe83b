// The viewer's side, end to end through the sandbox: private broadcasts (MUX signed playback),
// share links (create, use, expire, revoke) and live captions. Real route handlers over HTTP,
// a real database, the official SDK talking to the sandbox's MUX, whose playback routes check
// tokens as MUX does.
import { eq } from "drizzle-orm";
import { decodeJwt } from "jose";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { getDb } from "@/lib/db";
import { shareLinks } from "@golive/next/db";
import { watchAccess } from "@golive/next/watch";
import {
  apiErrorBodySchema,
  listLivestreamsResultSchema,
  startLivestreamResultSchema,
  type StartLivestreamResult,
  createdShareLinkSchema,
  listShareLinksResultSchema,
} from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { jsonObjectSchema, recordedBody } from "../support/upstream-requests";

const t = useTestApp({ host: "Host", other: "Other" }, { viewerCounts: true });

const logged: string[] = [];
beforeEach(() => {
  for (const level of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

let rooms = 0;
async function goLive(extra: Record<string, unknown> = {}): Promise<StartLivestreamResult> {
  const room = `viewer-side-${++rooms}`;
  t.app.sandbox.control.joinRoom(room, t.host.id);
  const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await t.app.sandbox.control.settle();
  return parseBody(res, startLivestreamResultSchema);
}

const lastCreate = () => recordedBody(t.app.sandbox.control.requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" }).at(-1), jsonObjectSchema.optional());

async function shareLink(livestreamId: string, body: Record<string, unknown> = {}) {
  const res = await t.host.request("POST", "/api/video/livestream/share-links", { livestreamId, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const created = parseBody(res, createdShareLinkSchema);
  return { ...created, token: new URL(created.url).searchParams.get("share") ?? "" };
}

/** What the sandbox's MUX answers the player for this playback id and token. */
async function play(playbackId: string, token?: string): Promise<number> {
  const url = `${t.app.sandbox.muxBaseUrl}/stream/${playbackId}.m3u8${token ? `?token=${encodeURIComponent(token)}` : ""}`;
  return (await fetch(url)).status;
}

describe("visibility", () => {
  test("private: the stream and its recording get MUX's signed playback policy; status and list say private", async () => {
    const live = await goLive({ visibility: "private" });
    expect(lastCreate()).toMatchObject({ playback_policy: ["signed"], new_asset_settings: { playback_policy: ["signed"] } });
    expect(t.app.sandbox.control.muxLiveStream(live.muxLiveStreamId)?.playback_ids).toEqual([{ id: live.muxPlaybackId, policy: "signed" }]);
    // The playback URL is MUX's, without any token.
    expect(live.playbackUrl).toBe(`https://stream.mux.com/${live.muxPlaybackId}.m3u8`);
    const status = await t.host.request("GET", `/api/video/livestream/status?id=${live.livestreamId}`);
    expect(status.body).toMatchObject({ visibility: "private", captions: null });
    const list = await t.host.request("GET", "/api/video/livestream?limit=1");
    expect(parseBody(list, listLivestreamsResultSchema).livestreams[0]).toMatchObject({ visibility: "private", captions: null });
  });

  test("public by default, as before", async () => {
    await goLive();
    expect(lastCreate()).toMatchObject({ playback_policy: ["public"], new_asset_settings: { playback_policy: ["public"] } });
  });

  test("private without a MUX signing key: 400 naming both variables, nothing created", async () => {
    vi.stubEnv("MUX_SIGNING_KEY", "");
    const before = t.app.sandbox.control.requests({ service: "mux" }).length;
    t.app.sandbox.control.joinRoom("no-key-room", t.host.id);
    const res = await t.host.request("POST", "/api/video/livestream", { roomName: "no-key-room", visibility: "private" });
    expect(res).toMatchObject({
      status: 400,
      body: {
        code: "bad_request",
        error:
          'visibility "private" needs MUX_SIGNING_KEY and MUX_PRIVATE_KEY (a MUX URL signing key) to sign viewers\' playback tokens; set both, or go live with visibility "public".',
      },
    });
    expect(t.app.sandbox.control.requests({ service: "mux" }).length).toBe(before);
  });
});

describe("captions", () => {
  test.each([
    ["en", "English (generated)"],
    ["es", "Español (generated)"],
    ["fr", "Français (generated)"],
  ])("%s → MUX's generated_subtitles with the language and a name", async (code, name) => {
    const live = await goLive({ captions: code });
    expect(lastCreate()?.generated_subtitles).toEqual([{ name, language_code: code }]);
    const status = await t.host.request("GET", `/api/video/livestream/status?id=${live.livestreamId}`);
    expect(status.body).toMatchObject({ captions: code });
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["with low latency", { captions: "en", latencyMode: "low" }, 'captions are not available with latencyMode "low": MUX does not caption low-latency streams. Choose latencyMode "standard", or no captions.'],
    ["in another language", { captions: "nl" }, 'captions must be one of "en", "es", "it", "pt", "de", "fr".'],
    ["an unknown visibility", { visibility: "secret" }, 'visibility must be "public" or "private".'],
  ])("%s → 400, nothing created", async (_name, body, message) => {
    const before = t.app.sandbox.control.requests({ service: "mux" }).length;
    const res = await t.host.request("POST", "/api/video/livestream", { roomName: "never-live", ...body });
    expect(res).toMatchObject({ status: 400, body: { error: message, code: "bad_request" } });
    expect(t.app.sandbox.control.requests({ service: "mux" }).length).toBe(before);
  });
});

describe("who may watch a private broadcast", () => {
  test("the owner gets tokens MUX accepts; a signed-in stranger and someone without an account, no link, get none", async () => {
    const live = await goLive({ visibility: "private" });
    const access = await watchAccess(live.muxPlaybackId, { userId: t.host.id });
    if (access?.grant.kind !== "signed") throw new Error(`the owner was not given tokens: ${JSON.stringify(access?.grant)}`);
    const { playback, thumbnail, storyboard } = access.grant.tokens;
    expect([playback, thumbnail, storyboard].map((tk) => decodeJwt(tk))).toEqual([
      expect.objectContaining({ sub: live.muxPlaybackId, aud: "v" }),
      expect.objectContaining({ sub: live.muxPlaybackId, aud: "t" }),
      expect.objectContaining({ sub: live.muxPlaybackId, aud: "s" }),
    ]);
    // Short-lived: ten minutes, and the grant says until when.
    expect((decodeJwt(playback).exp ?? 0) - Date.now() / 1000).toBeLessThanOrEqual(600);
    expect(access.grant.expiresAt.getTime() / 1000).toBeLessThanOrEqual(decodeJwt(playback).exp ?? 0);
    expect(await play(live.muxPlaybackId, playback)).toBe(200);
    // Not a member of the room (tests/integration/private-watchers.test.ts has the whole rule).
    expect((await watchAccess(live.muxPlaybackId, { userId: t.other.id }))?.grant).toEqual({ kind: "refused" });
    expect((await watchAccess(live.muxPlaybackId, { userId: null }))?.grant).toEqual({ kind: "refused" });
    expect(await play(live.muxPlaybackId)).toBe(403);
  });

  test("a public broadcast needs no token", async () => {
    const live = await goLive();
    expect((await watchAccess(live.muxPlaybackId, { userId: null }))?.grant).toEqual({ kind: "public" });
    expect(await play(live.muxPlaybackId)).toBe(200);
  });

  test("unknown playback id → nothing", async () => {
    expect(await watchAccess("nosuchplaybackid", { userId: t.host.id })).toBeNull();
  });
});

describe("share links", () => {
  test("create → the holder watches without an account; listed without the token; revoke → refused at the next ask", async () => {
    const live = await goLive({ visibility: "private" });
    const created = await shareLink(live.livestreamId, { expiresInHours: 2 });
    expect(created.link).toEqual({
      id: expect.any(String),
      livestreamId: live.livestreamId,
      createdAt: expect.any(Date),
      expiresAt: expect.any(Date),
      revokedAt: null,
      state: "active",
    });
    expect(created.link.expiresAt.getTime() - Date.now()).toBeGreaterThan(7_100_000);
    expect(created.url).toMatch(new RegExp(`^${t.app.url}/watch/${live.muxPlaybackId}\\?share=`));

    const anonymous = await watchAccess(live.muxPlaybackId, { userId: null, shareToken: created.token });
    expect(anonymous?.grant.kind).toBe("signed");
    if (anonymous?.grant.kind === "signed") expect(await play(live.muxPlaybackId, anonymous.grant.tokens.playback)).toBe(200);

    const list = await t.host.request("GET", `/api/video/livestream/share-links?livestreamId=${live.livestreamId}`);
    expect(parseBody(list, listShareLinksResultSchema)).toEqual({ links: [created.link] });
    expect(JSON.stringify(list.body)).not.toContain(created.token.split(".")[1]);

    const revoked = await t.host.request("DELETE", "/api/video/livestream/share-links", { linkId: created.link.id });
    expect(revoked).toMatchObject({ status: 200, body: { link: { id: created.link.id, state: "revoked", revokedAt: expect.any(String) } } });
    expect((await watchAccess(live.muxPlaybackId, { userId: null, shareToken: created.token }))?.grant).toEqual({ kind: "refused" });
  });

  test("an expired link is refused", async () => {
    const live = await goLive({ visibility: "private" });
    const created = await shareLink(live.livestreamId);
    const db = await getDb();
    await db.update(shareLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(shareLinks.id, created.link.id));
    expect((await watchAccess(live.muxPlaybackId, { userId: null, shareToken: created.token }))?.grant).toEqual({ kind: "refused" });
    const list = await t.host.request("GET", `/api/video/livestream/share-links?livestreamId=${live.livestreamId}`);
    expect(parseBody(list, listShareLinksResultSchema).links[0]?.state).toBe("expired");
  });

  test("a link works for its own broadcast only, and a forged or altered token for none", async () => {
    const a = await goLive({ visibility: "private" });
    const b = await goLive({ visibility: "private" });
    const link = await shareLink(a.livestreamId);
    expect((await watchAccess(b.muxPlaybackId, { userId: null, shareToken: link.token }))?.grant).toEqual({ kind: "refused" });
    const [id] = link.token.split(".");
    for (const forged of [`${id}.AAAA`, `${id}`, "not-a-token", `${link.token}x`]) {
      expect((await watchAccess(a.muxPlaybackId, { userId: null, shareToken: forged }))?.grant).toEqual({ kind: "refused" });
    }
  });

  test.each<[string, (live: StartLivestreamResult) => [string, string, Record<string, unknown> | undefined], "host" | "other" | "anonymous", number, string]>([
    ["someone else's broadcast", (l) => ["POST", "/api/video/livestream/share-links", { livestreamId: l.livestreamId }], "other", 404, "Livestream not found."],
    ["someone else's list", (l) => ["GET", `/api/video/livestream/share-links?livestreamId=${l.livestreamId}`, undefined], "other", 404, "Livestream not found."],
    ["no session", (l) => ["POST", "/api/video/livestream/share-links", { livestreamId: l.livestreamId }], "anonymous", 401, ""],
    ["an hour count out of range", (l) => ["POST", "/api/video/livestream/share-links", { livestreamId: l.livestreamId, expiresInHours: 0 }], "host", 400, "expiresInHours must be a whole number of hours from 1 to 720."],
    ["revoking an unknown link", () => ["DELETE", "/api/video/livestream/share-links", { linkId: "00000000-0000-4000-8000-000000000000" }], "host", 404, "Share link not found."],
  ])("%s", async (_name, request, who, status, message) => {
    const live = await goLive({ visibility: "private" });
    const [method, path, body] = request(live);
    const client = who === "anonymous" ? t.app.anonymous : t[who];
    const res = await client.request(method, path, body);
    expect(res.status).toBe(status);
    if (message) expect(parseBody(res, apiErrorBodySchema).error).toBe(message);
  });

  test("someone else can't revoke your link", async () => {
    const live = await goLive({ visibility: "private" });
    const created = await shareLink(live.livestreamId);
    const res = await t.other.request("DELETE", "/api/video/livestream/share-links", { linkId: created.link.id });
    expect(res).toMatchObject({ status: 404, body: { error: "Share link not found.", code: "not_found" } });
    expect((await watchAccess(live.muxPlaybackId, { userId: null, shareToken: created.token }))?.grant.kind).toBe("signed");
  });

  test("a public broadcast needs no share link: 400", async () => {
    const live = await goLive();
    const res = await t.host.request("POST", "/api/video/livestream/share-links", { livestreamId: live.livestreamId });
    expect(res).toMatchObject({
      status: 400,
      body: { error: "This broadcast is public: anyone with its watch page link can watch it, so it needs no share link.", code: "bad_request" },
    });
  });

  test("no share token or playback token reached a log line in this file", async () => {
    const live = await goLive({ visibility: "private" });
    const created = await shareLink(live.livestreamId);
    const access = await watchAccess(live.muxPlaybackId, { userId: null, shareToken: created.token });
    const secrets = [created.token.split(".")[1] ?? "", ...(access?.grant.kind === "signed" ? Object.values(access.grant.tokens) : [])];
    expect(secrets.every((s) => s.length > 10)).toBe(true);
    const joined = logged.join("\n");
    for (const secret of secrets) expect(joined).not.toContain(secret);
  });
});
