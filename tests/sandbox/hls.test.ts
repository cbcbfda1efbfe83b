// MUX playback on loopback (packages/sandbox/src/mux/hls.ts): live, event and VOD HLS from the committed
// test pattern, thumbnails, CORS for a player on another origin, and signed playback checked
// against tokens from the real SDK's mux.jwt.signPlaybackId. Manual time: the live window
// slides only on advance().
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { liveStudioStream, type World, useStudioWorld } from "../support/sandbox-clients";

let w: World;
const now = 1_700_000_000_000;
useStudioWorld({ now: () => now, viewerCounts: true }, (world) => (w = world));

type Policy = "public" | "signed";

/** A live stream whose encoder (a LiveKit egress) is connected: the stream is `active`. */
async function goLive(policy: Policy = "public", assetPolicy: Policy = "public", reconnect_window = 60) {
  return liveStudioStream(w, { playback_policy: [policy], new_asset_settings: { playback_policy: [assetPolicy] }, reconnect_window });
}

const url = (path: string) => new URL(path, w.sandbox.muxBaseUrl).href;
const get = (path: string, init?: RequestInit) => fetch(url(path), init);

type MediaPlaylist = {
  sequence: number;
  discontinuitySequence: number;
  targetDuration: number;
  type: string | undefined;
  endlist: boolean;
  segments: Array<{ n: number; uri: string; duration: number; discontinuity: boolean }>;
};

function parseMedia(text: string): MediaPlaylist {
  const lines = text.trim().split("\n");
  expect(lines[0]).toBe("#EXTM3U");
  const tag = (name: string) => lines.find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1);
  const segments: MediaPlaylist["segments"] = [];
  let discontinuity = false;
  let duration = Number.NaN;
  for (const line of lines) {
    if (line === "#EXT-X-DISCONTINUITY") discontinuity = true;
    else if (line.startsWith("#EXTINF:")) duration = Number.parseFloat(line.slice(8));
    else if (!line.startsWith("#")) {
      segments.push({ n: Number(/^(\d+)\.ts/.exec(line)?.[1]), uri: line, duration, discontinuity });
      discontinuity = false;
    }
  }
  return {
    sequence: Number(tag("#EXT-X-MEDIA-SEQUENCE")),
    discontinuitySequence: Number(tag("#EXT-X-DISCONTINUITY-SEQUENCE")),
    targetDuration: Number(tag("#EXT-X-TARGETDURATION")),
    type: tag("#EXT-X-PLAYLIST-TYPE"),
    endlist: lines.includes("#EXT-X-ENDLIST"),
    segments,
  };
}

/** The playback URL as a player follows it: multivariant → the rendition it names. */
async function rendition(playbackId: string, token?: string) {
  const query = token ? `?token=${encodeURIComponent(token)}` : "";
  const multivariant = await get(`/stream/${playbackId}.m3u8${query}`);
  expect(multivariant.status).toBe(200);
  const uri = (await multivariant.text()).trim().split("\n").at(-1) ?? "";
  const renditionUrl = new URL(uri, url(`/stream/${playbackId}.m3u8`)).href;
  expect(new URL(renditionUrl).pathname).toBe(`/stream/${playbackId}/rendition.m3u8`);
  const res = await fetch(renditionUrl);
  expect(res.status).toBe(200);
  return { res, url: renditionUrl, playlist: parseMedia(await res.text()) };
}

describe("live playlist", () => {
  test("the multivariant playlist names one rendition, with its codecs, CORS-open and uncached", async () => {
    const { playbackId } = await goLive();
    const res = await get(`/stream/${playbackId}.m3u8`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const text = await res.text();
    expect(text).toMatch(/^#EXTM3U\n/);
    expect(text).toContain('CODECS="avc1.4d401e,mp4a.40.2",RESOLUTION=320x180');
    expect(text.trim().split("\n").at(-1)).toBe(`${playbackId}/rendition.m3u8`);
  });

  // [seconds of connected time, first segment listed, last segment listed]
  const windows: Array<[number, number, number]> = [
    [0, 0, 0],
    [1.999, 0, 0],
    [2, 0, 1],
    [9.999, 0, 4],
    [10, 1, 5],
    [16, 4, 8],
    [61, 26, 30],
  ];
  test("the window slides with sandbox time: media sequence, 5 segments, discontinuity at each loop", async () => {
    const { playbackId } = await goLive();
    let at = 0;
    for (const [seconds, first, last] of windows) {
      await w.sandbox.control.advance(Math.round((seconds - at) * 1000));
      at = seconds;
      const { res, playlist } = await rendition(playbackId);
      expect(res.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
      expect(res.headers.get("cache-control")).toBe("no-cache");
      const ns = playlist.segments.map((s) => s.n);
      expect({ seconds, ns }).toEqual({ seconds, ns: Array.from({ length: last - first + 1 }, (_, i) => first + i) });
      expect(playlist.sequence).toBe(first);
      expect(playlist.targetDuration).toBe(2);
      expect(playlist.type).toBeUndefined();
      expect(playlist.endlist).toBe(false);
      // The loop is 4 segments; segment n's discontinuity sequence is floor(n / 4) in every refresh.
      expect(playlist.discontinuitySequence).toBe(Math.floor(first / 4));
      for (const s of playlist.segments) {
        expect(s.duration).toBe(2);
        expect({ n: s.n, discontinuity: s.discontinuity }).toEqual({ n: s.n, discontinuity: s.n !== first && s.n % 4 === 0 });
      }
    }
  });

  test("segments are MPEG-TS, loop every 4, and do not exist before their time", async () => {
    const { playbackId } = await goLive();
    await w.sandbox.control.advance(9_000);
    const { url: base, playlist } = await rendition(playbackId);
    expect(playlist.segments.map((s) => s.n)).toEqual([0, 1, 2, 3, 4]);
    const bodies: Buffer[] = [];
    for (const segment of playlist.segments) {
      const res = await fetch(new URL(segment.uri, base));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("video/mp2t");
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      const body = Buffer.from(await res.arrayBuffer());
      expect(body[0]).toBe(0x47); // MPEG-TS sync byte
      expect(body.length % 188).toBe(0);
      expect(body.length).toBeGreaterThan(10_000);
      bodies.push(body);
    }
    expect(bodies[4]?.equals(bodies[0] ?? Buffer.alloc(0))).toBe(true);
    expect(bodies[1]?.equals(bodies[0] ?? Buffer.alloc(0))).toBe(false);
    expect((await get(`/stream/${playbackId}/5.ts`)).status).toBe(404);
  });

  test("the reconnect window freezes the window; then the stream is idle: 412", async () => {
    const { playbackId, egressId } = await goLive("public", "public", 30);
    await w.sandbox.control.advance(6_000);
    await w.egress.stopEgress(egressId);
    await w.sandbox.control.settle();
    const frozen = (await rendition(playbackId)).playlist.segments.map((s) => s.n);
    expect(frozen).toEqual([0, 1, 2, 3]);
    await w.sandbox.control.advance(20_000);
    expect((await rendition(playbackId)).playlist.segments.map((s) => s.n)).toEqual(frozen);
    await w.sandbox.control.advance(10_000);
    expect((await w.mux.video.liveStreams.retrieve((w.sandbox.control.muxLiveStreams()[0]?.id ?? ""))).status).toBe("idle");
    const idle = await get(`/stream/${playbackId}.m3u8`);
    expect(idle.status).toBe(412);
    expect(idle.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("not playable", () => {
  test.each([
    ["an idle live stream", "idle", 412],
    ["an unknown playback id", "unknown", 404],
    ["an unknown route", "route", 404],
  ])("%s → %i", async (_name, kind, status) => {
    const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    const id = stream.playback_ids?.[0]?.id ?? "";
    const path = { idle: `/stream/${id}.m3u8`, unknown: "/stream/no-such-id.m3u8", route: `/stream/${id}/storyboard.vtt` }[kind] ?? "";
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    for (const more of kind === "route" ? [] : [path.replace(".m3u8", "/0.ts"), path.replace(".m3u8", "/thumbnail.jpg").replace("/stream/", "/image/")]) {
      expect((await get(more)).status).toBe(status);
    }
  });
});

describe("recordings", () => {
  test("the live asset plays as an event (DVR); the finished asset as VOD covering its duration", async () => {
    const { stream, egressId } = await goLive();
    const live = await w.mux.video.liveStreams.retrieve(stream.id);
    const asset = await w.mux.video.assets.retrieve(live.active_asset_id ?? "");
    const assetPlaybackId = asset.playback_ids?.[0]?.id ?? "";
    await w.sandbox.control.advance(13_000);
    const event = (await rendition(assetPlaybackId)).playlist;
    expect(event.type).toBe("EVENT");
    expect(event.endlist).toBe(false);
    expect(event.segments.map((s) => s.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);

    await w.sandbox.control.advance(4_000);
    await w.egress.stopEgress(egressId);
    await w.mux.video.liveStreams.complete(stream.id);
    const done = await w.mux.video.assets.retrieve(asset.id);
    expect(done.duration).toBe(17);
    const { res, playlist } = await rendition(assetPlaybackId);
    expect(res.headers.get("cache-control")).toBeNull();
    expect(playlist.type).toBe("VOD");
    expect(playlist.endlist).toBe(true);
    expect(playlist.sequence).toBe(0);
    const total = playlist.segments.reduce((sum, s) => sum + s.duration, 0);
    expect(total).toBeGreaterThanOrEqual(17);
    expect(total).toBeLessThan(17 + 2);
    expect(playlist.segments.filter((s) => s.discontinuity).map((s) => s.n)).toEqual([4, 8]);
    expect((await get(`/stream/${assetPlaybackId}/8.ts`)).status).toBe(200);
    expect((await get(`/stream/${assetPlaybackId}/9.ts`)).status).toBe(404);
  });
});

describe("thumbnails", () => {
  test("a JPEG, CORS-open", async () => {
    const { playbackId } = await goLive();
    const res = await get(`/image/${playbackId}/thumbnail.jpg?time=5&width=640`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = Buffer.from(await res.arrayBuffer());
    expect([body[0], body[1]]).toEqual([0xff, 0xd8]);
    expect(body.length).toBeLessThan(20_000);
  });
});

describe("CORS only on media", () => {
  test("media routes answer a preflight; the control API and MUX API carry no CORS header", async () => {
    const { playbackId } = await goLive();
    const origin = { Origin: "http://localhost:3000" };
    const media = await get(`/stream/${playbackId}.m3u8`, { headers: origin });
    expect(media.headers.get("access-control-allow-origin")).toBe("*");
    const preflight = await get(`/stream/${playbackId}/0.ts`, {
      method: "OPTIONS",
      headers: { ...origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "cmcd-request" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("CMCD-Request");
    expect((await get(`/stream/${playbackId}.m3u8`, { method: "POST" })).status).toBe(405);

    const control = await get("/_sandbox/now");
    expect(control.status).toBe(200);
    expect(control.headers.get("access-control-allow-origin")).toBeNull();
    // The control API's screen is unchanged: another origin is still refused, preflights too.
    const crossSite = await get("/_sandbox/now", { headers: origin });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("access-control-allow-origin")).toBeNull();
    const controlPreflight = await get("/_sandbox/now", { method: "OPTIONS", headers: { ...origin, "Access-Control-Request-Method": "POST" } });
    expect(controlPreflight.status).toBe(403);
    expect(controlPreflight.headers.get("access-control-allow-origin")).toBeNull();
    const api = await get(`/video/v1/live-streams`);
    expect(api.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("signed playback", () => {
  const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  type Case = [string, (id: string) => Promise<string | undefined>, number];
  const cases: Case[] = [
    ["no token", async () => undefined, 403],
    ["garbage", async () => "not-a-jwt", 403],
    ["wrong aud (thumbnail token)", (id) => w.signer.jwt.signPlaybackId(id, { type: "thumbnail" }), 403],
    ["wrong aud (storyboard token)", (id) => w.signer.jwt.signPlaybackId(id, { type: "storyboard" }), 403],
    ["wrong sub", () => w.signer.jwt.signPlaybackId("another-playback-id", { type: "video" }), 403],
    ["expired", (id) => w.signer.jwt.signPlaybackId(id, { type: "video", expiration: "-10" }), 403],
    ["wrong key", (id) => w.signer.jwt.signPlaybackId(id, { type: "video", keySecret: otherKey }), 403],
    ["wrong key id", (id) => w.signer.jwt.signPlaybackId(id, { type: "video", keyId: "sk-other" }), 403],
    ["valid, from mux.jwt.signPlaybackId", (id) => w.signer.jwt.signPlaybackId(id, { type: "video", expiration: "1h" }), 200],
  ];

  test.each(cases)("live playlist and segment, %s → %i", async (_name, sign, status) => {
    const { playbackId } = await goLive("signed");
    const token = await sign(playbackId);
    const query = token === undefined ? "" : `?token=${encodeURIComponent(token)}`;
    for (const path of [`/stream/${playbackId}.m3u8`, `/stream/${playbackId}/rendition.m3u8`, `/stream/${playbackId}/0.ts`]) {
      const res = await get(`${path}${query}`);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
    }
  });

  test("the token rides along: a player following the URIs gets every segment", async () => {
    const { playbackId } = await goLive("signed");
    await w.sandbox.control.advance(4_000);
    const token = await w.signer.jwt.signPlaybackId(playbackId, { type: "video" });
    const { url: base, playlist } = await rendition(playbackId, token);
    expect(new URL(base).searchParams.get("token")).toBe(token);
    expect(playlist.segments).toHaveLength(3);
    for (const s of playlist.segments) {
      const segmentUrl = new URL(s.uri, base);
      expect(segmentUrl.searchParams.get("token")).toBe(token);
      expect((await fetch(segmentUrl)).status).toBe(200);
    }
  });

  test("a token that expires while the player follows the live playlist: refused from then on, everywhere it rode along; a fresh one plays", async () => {
    // The watch page's renewal relies on this (tests/integration/private-watchers.test.ts): the
    // token is checked on every request, against the wall clock, not only on the first.
    const { playbackId } = await goLive("signed");
    await w.sandbox.control.advance(4_000);
    const token = await w.signer.jwt.signPlaybackId(playbackId, { type: "video", expiration: "2s" });
    const { url: base, playlist } = await rendition(playbackId, token);
    const segment = new URL(playlist.segments[0]?.uri ?? "", base);
    expect((await fetch(segment)).status).toBe(200);
    const exp = (JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as { exp: number }).exp;
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 1_100));
    for (const expired of [base, segment.href, url(`/stream/${playbackId}.m3u8?token=${encodeURIComponent(token)}`)]) {
      const res = await fetch(expired);
      expect({ expired, status: res.status, body: await res.text() }).toEqual({ expired, status: 403, body: expect.stringContaining('"exp" claim timestamp check failed') });
    }
    const fresh = await w.signer.jwt.signPlaybackId(playbackId, { type: "video", expiration: "2s" });
    expect((await get(`/stream/${playbackId}/rendition.m3u8?token=${encodeURIComponent(fresh)}`)).status).toBe(200);
  });

  test.each([
    ["thumbnail token", "thumbnail", 200],
    ["video token", "video", 403],
    ["storyboard token", "storyboard", 403],
  ] as const)("thumbnail with a %s → %i", async (_name, type, status) => {
    const { playbackId } = await goLive("signed");
    const token = await w.signer.jwt.signPlaybackId(playbackId, { type });
    expect((await get(`/image/${playbackId}/thumbnail.jpg?token=${token}`)).status).toBe(status);
    expect((await get(`/image/${playbackId}/thumbnail.jpg`)).status).toBe(403);
  });

  test("new_asset_settings' signed policy makes the recording's playback id signed", async () => {
    const { stream } = await goLive("public", "signed");
    const live = await w.mux.video.liveStreams.retrieve(stream.id);
    const asset = await w.mux.video.assets.retrieve(live.active_asset_id ?? "");
    const id = asset.playback_ids?.[0];
    expect(id?.policy).toBe("signed");
    expect((await get(`/stream/${id?.id}.m3u8`)).status).toBe(403);
    const token = await w.signer.jwt.signPlaybackId(id?.id ?? "", { type: "video" });
    expect((await get(`/stream/${id?.id}.m3u8?token=${token}`)).status).toBe(200);
    // The live stream's own id stays public.
    expect((await get(`/stream/${stream.playback_ids?.[0]?.id}.m3u8`)).status).toBe(200);
  });
});
