// MUX generated live captions in the sandbox (packages/sandbox/src/mux/captions.ts): `generated_subtitles`
// validated and echoed, the two text tracks of a recording, the SUBTITLES rendition and its WebVTT
// segments lined up with the video's, and signed playback on them. Manual time: the window slides
// only on advance().
import Mux from "@mux/mux-node";
import { describe, expect, test } from "vitest";
import { firstVideoPts } from "@golive/sandbox";
import { caught, liveStudioStream, type World, useStudioWorld } from "../support/sandbox-clients";

let w: World;
const now = 1_700_000_000_000;
useStudioWorld({ now: () => now, viewerCounts: true }, (world) => (w = world));

const english = { name: "English CC (ASR)", language_code: "en" } as const;
type Subtitles = Mux.Video.LiveStreamCreateParams.GeneratedSubtitle[];

/** A live stream whose encoder (a LiveKit egress) is connected: the stream is `active`. */
async function goLive(opts: { subtitles?: Subtitles; policy?: "public" | "signed" } = {}) {
  const policy = opts.policy ?? "public";
  return liveStudioStream(w, {
    playback_policy: [policy],
    new_asset_settings: { playback_policy: [policy] },
    ...(opts.subtitles ? { generated_subtitles: opts.subtitles } : {}),
  });
}

const url = (path: string) => new URL(path, w.sandbox.muxBaseUrl).href;
const get = (path: string) => fetch(url(path));

type Playlist = { sequence: number; discontinuitySequence: number; type?: string; endlist: boolean; segments: Array<{ uri: string; discontinuity: boolean }> };

function parse(text: string): Playlist {
  const lines = text.trim().split("\n");
  expect(lines[0]).toBe("#EXTM3U");
  const tag = (name: string) => lines.find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1);
  const segments: Playlist["segments"] = [];
  let discontinuity = false;
  for (const line of lines) {
    if (line === "#EXT-X-DISCONTINUITY") discontinuity = true;
    else if (!line.startsWith("#")) {
      segments.push({ uri: line, discontinuity });
      discontinuity = false;
    }
  }
  return {
    sequence: Number(tag("#EXT-X-MEDIA-SEQUENCE")),
    discontinuitySequence: Number(tag("#EXT-X-DISCONTINUITY-SEQUENCE")),
    type: tag("#EXT-X-PLAYLIST-TYPE"),
    endlist: lines.includes("#EXT-X-ENDLIST"),
    segments,
  };
}

async function playlist(path: string): Promise<Playlist> {
  const res = await get(path);
  expect({ path, status: res.status }).toEqual({ path, status: 200 });
  expect(res.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  return parse(await res.text());
}

/** The video and subtitles playlists side by side, segment URIs without their extension. */
async function both(playbackId: string) {
  const video = await playlist(`/stream/${playbackId}/rendition.m3u8`);
  const subtitles = await playlist(`/stream/${playbackId}/subtitles.m3u8`);
  const strip = (p: Playlist, ext: string) => ({
    ...p,
    segments: p.segments.map((s) => {
      expect(s.uri.endsWith(ext)).toBe(true);
      return { ...s, uri: s.uri.slice(0, -ext.length) };
    }),
  });
  return { video: strip(video, ".ts"), subtitles: strip(subtitles, ".vtt") };
}

describe("create", () => {
  test.each<[string, Subtitles]>([
    ["English", [english]],
    ["Spanish with passthrough", [{ name: "Español", language_code: "es", passthrough: "p-1" }]],
    ["en-US (the SDK's seventh code)", [{ name: "US English", language_code: "en-US" }]],
  ])("%s: echoed by create and retrieve", async (_name, subtitles) => {
    const created = await w.mux.video.liveStreams.create({ playback_policy: ["public"], generated_subtitles: subtitles });
    expect(created.generated_subtitles).toEqual(subtitles);
    expect((await w.mux.video.liveStreams.retrieve(created.id)).generated_subtitles).toEqual(subtitles);
  });

  test("a stream without captions has no generated_subtitles", async () => {
    const created = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    expect(created.generated_subtitles).toBeUndefined();
  });

  const lowLatency = "generated_subtitles: auto-generated live captions are not available for low latency live streams";
  test.each<[string, Mux.Video.LiveStreamCreateParams, string]>([
    ["latency_mode low", { latency_mode: "low", generated_subtitles: [english] }, lowLatency],
    ["deprecated low_latency flag", { low_latency: true, generated_subtitles: [english] }, lowLatency],
    ["an unknown language", { generated_subtitles: [{ name: "日本語", language_code: "ja" as "en" }] }, "language_code must be one of en, en-US, es, fr, de, pt, it"],
    ["no name", { generated_subtitles: [{ language_code: "en" }] }, "name is required"],
    ["two tracks", { generated_subtitles: [english, { name: "Español", language_code: "es" }] }, "at most one generated subtitle track is allowed"],
  ])("%s → 400 invalid_parameters", async (_name, body, message) => {
    const err = await caught(w.mux.video.liveStreams.create({ playback_policy: ["public"], ...body }));
    expect(err.status).toBe(400);
    expect(err.message).toContain("invalid_parameters");
    expect(err.message).toContain(message);
    expect(w.sandbox.control.muxLiveStreams()).toHaveLength(0);
  });

  test.each<[string, Mux.Video.LiveStreamCreateParams]>([
    ["reduced latency", { latency_mode: "reduced" }],
    ["low latency without captions", { latency_mode: "low", generated_subtitles: [] }],
  ])("%s is accepted", async (_name, body) => {
    const created = await w.mux.video.liveStreams.create({ playback_policy: ["public"], ...body });
    expect(created.id).toBeTruthy();
  });

  test("the 400 is MUX's error envelope", async () => {
    const res = await fetch(url("/video/v1/live-streams"), {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${w.creds.tokenId}:${w.creds.tokenSecret}`).toString("base64")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ latency_mode: "low", generated_subtitles: [english] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { type: "invalid_parameters", messages: [expect.stringContaining(lowLatency)] } });
  });
});

describe("asset tracks", () => {
  const textTracks = (asset: Mux.Video.Asset) => (asset.tracks ?? []).map(({ id, ...rest }) => ({ hasId: typeof id === "string" && id !== "", ...rest }));
  const track = (text_source: string, status: string) => ({
    hasId: true,
    type: "text",
    text_type: "subtitles",
    text_source,
    name: english.name,
    language_code: "en",
    passthrough: "cc",
    status,
  });

  test("while live the live track is ready and the final one preparing; after completion both are ready", async () => {
    const { stream, egressId, assetId } = await goLive({ subtitles: [{ ...english, passthrough: "cc" }] });
    expect(textTracks(await w.mux.video.assets.retrieve(assetId))).toEqual([track("generated_live", "ready"), track("generated_live_final", "preparing")]);

    await w.sandbox.control.advance(6_000);
    await w.egress.stopEgress(egressId);
    await w.mux.video.liveStreams.complete(stream.id);
    await w.sandbox.control.settle();
    const done = await w.mux.video.assets.retrieve(assetId);
    expect(done.is_live).toBe(false);
    expect(textTracks(done)).toEqual([track("generated_live", "ready"), track("generated_live_final", "ready")]);
  });

  test("track webhooks: created for both with the asset, ready for the live one when live, the final one at completion", async () => {
    const { stream, egressId, assetId } = await goLive({ subtitles: [english] });
    await w.egress.stopEgress(egressId);
    await w.mux.video.liveStreams.complete(stream.id);
    await w.sandbox.control.settle();
    const sent = w.sandbox.control
      .webhooksSent({ service: "mux" })
      .filter((h) => h.type.startsWith("video.asset."))
      .map((h) => {
        const body = JSON.parse(h.body) as { data: { asset_id?: string; id: string; text_source?: string; status?: string } };
        return [h.type, body.data.text_source ?? "", body.data.status ?? "", body.data.asset_id ?? body.data.id];
      });
    expect(sent).toEqual([
      ["video.asset.created", "", "preparing", assetId],
      ["video.asset.track.created", "generated_live", "preparing", assetId],
      ["video.asset.track.created", "generated_live_final", "preparing", assetId],
      ["video.asset.ready", "", "ready", assetId],
      ["video.asset.track.ready", "generated_live", "ready", assetId],
      ["video.asset.live_stream_completed", "", "ready", assetId],
      ["video.asset.track.ready", "generated_live_final", "ready", assetId],
    ]);
  });

  test("a recording of a stream without captions has no tracks and sends no track webhooks", async () => {
    const { assetId } = await goLive();
    expect((await w.mux.video.assets.retrieve(assetId)).tracks).toBeUndefined();
    expect(w.sandbox.control.webhooksSent({ service: "mux" }).filter((h) => h.type.startsWith("video.asset.track."))).toEqual([]);
  });
});

describe("HLS", () => {
  test.each([
    ["with captions", [english], true],
    ["without captions", undefined, false],
  ] as const)("multivariant playlist %s", async (_name, subtitles, expected) => {
    const { playbackId } = await goLive({ subtitles: subtitles ? [...subtitles] : undefined });
    const text = await (await get(`/stream/${playbackId}.m3u8`)).text();
    const media = text.split("\n").filter((l) => l.startsWith("#EXT-X-MEDIA:"));
    const inf = text.split("\n").find((l) => l.startsWith("#EXT-X-STREAM-INF:")) ?? "";
    if (expected) {
      expect(media).toEqual([
        `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English CC (ASR)",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,URI="${playbackId}/subtitles.m3u8"`,
      ]);
      expect(inf).toContain('SUBTITLES="subs"');
    } else {
      expect(media).toEqual([]);
      expect(inf).not.toContain("SUBTITLES");
      expect((await get(`/stream/${playbackId}/subtitles.m3u8`)).status).toBe(404);
      expect((await get(`/stream/${playbackId}/0.vtt`)).status).toBe(404);
    }
  });

  test("a quote in the track name can't break the EXT-X-MEDIA line", async () => {
    const { playbackId } = await goLive({ subtitles: [{ name: 'Say "hi"', language_code: "en" }] });
    const text = await (await get(`/stream/${playbackId}.m3u8`)).text();
    expect(text).toContain(`NAME="Say 'hi'",LANGUAGE="en"`);
  });

  test("the subtitles playlist slides with the video window: same sequence, discontinuities, segments", async () => {
    const { playbackId } = await goLive({ subtitles: [english] });
    let checked = 0;
    for (const step of [0, 2_000, 7_999, 1, 6_000, 50_000]) {
      await w.sandbox.control.advance(step);
      const { video, subtitles } = await both(playbackId);
      expect(subtitles).toEqual(video);
      expect(subtitles.type).toBeUndefined();
      expect(subtitles.endlist).toBe(false);
      checked += subtitles.segments.length;
    }
    // It really slid (66 s connected: segments 29…33), across loop boundaries.
    const { subtitles } = await both(playbackId);
    expect(subtitles.sequence).toBe(29);
    expect(subtitles.discontinuitySequence).toBe(7);
    expect(subtitles.segments.map((s) => [s.uri, s.discontinuity])).toEqual([
      ["29", false],
      ["30", false],
      ["31", false],
      ["32", true],
      ["33", false],
    ]);
    expect(checked).toBeGreaterThan(10);
  });

  test("the recording: event while live, VOD with ENDLIST after, the final track then plays", async () => {
    const { stream, egressId, assetId } = await goLive({ subtitles: [english] });
    const asset = await w.mux.video.assets.retrieve(assetId);
    const assetPlaybackId = asset.playback_ids?.[0]?.id ?? "";
    await w.sandbox.control.advance(9_000);
    const event = await both(assetPlaybackId);
    expect(event.subtitles).toEqual(event.video);
    expect(event.subtitles.type).toBe("EVENT");
    expect(await (await get(`/stream/${assetPlaybackId}/1.vtt`)).text()).toContain("\nSandbox caption 00:00:02\n");

    await w.egress.stopEgress(egressId);
    await w.mux.video.liveStreams.complete(stream.id);
    await w.sandbox.control.settle();
    const vod = await both(assetPlaybackId);
    expect(vod.subtitles).toEqual(vod.video);
    expect(vod.subtitles.type).toBe("VOD");
    expect(vod.subtitles.endlist).toBe(true);
    expect(vod.subtitles.segments).toHaveLength(5);
    // Both tracks ready: only generated_live_final plays.
    expect(await (await get(`/stream/${assetPlaybackId}/1.vtt`)).text()).toContain("\nSandbox caption (final) 00:00:02\n");
    expect((await get(`/stream/${assetPlaybackId}/5.vtt`)).status).toBe(404);
  });

  test.each([0, 1, 3, 4, 6])("WebVTT segment %i: header, X-TIMESTAMP-MAP at its video segment's first PTS, one cue", async (n) => {
    const { playbackId } = await goLive({ subtitles: [english] });
    await w.sandbox.control.advance(14_000);
    const res = await get(`/stream/${playbackId}/${n}.vtt`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/vtt\b/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const [header, map, blank, ...cue] = (await res.text()).split("\n");
    expect(header).toBe("WEBVTT");
    const video = Buffer.from(await (await get(`/stream/${playbackId}/${n}.ts`)).arrayBuffer());
    const pts = firstVideoPts(video);
    expect(pts).toBeGreaterThan(0);
    expect(map).toBe(`X-TIMESTAMP-MAP=MPEGTS:${pts},LOCAL:00:00:00.000`);
    expect(blank).toBe("");
    const seconds = n * 2;
    expect(cue.filter((l) => l !== "")).toEqual([String(n), "00:00:00.000 --> 00:00:02.000", `Sandbox caption 00:00:${String(seconds).padStart(2, "0")}`]);
  });

  test("a WebVTT segment not yet produced → 404", async () => {
    const { playbackId } = await goLive({ subtitles: [english] });
    await w.sandbox.control.advance(3_000);
    expect((await get(`/stream/${playbackId}/1.vtt`)).status).toBe(200);
    expect((await get(`/stream/${playbackId}/2.vtt`)).status).toBe(404);
  });

  test("firstVideoPts reads the committed loop's timestamps (ffprobe: start_pts 133200, +2 s per segment)", async () => {
    const { playbackId } = await goLive({ subtitles: [english] });
    await w.sandbox.control.advance(7_000);
    const pts: Array<number | undefined> = [];
    for (const n of [0, 1, 2, 3]) pts.push(firstVideoPts(Buffer.from(await (await get(`/stream/${playbackId}/${n}.ts`)).arrayBuffer())));
    expect(pts).toEqual([133_200, 313_200, 493_200, 673_200]);
    expect(firstVideoPts(Buffer.from("not a transport stream"))).toBeUndefined();
  });
});

describe("signed playback", () => {
  test.each([
    ["no token", 403, async () => undefined],
    ["a thumbnail token (aud t)", 403, (id: string) => w.signer.jwt.signPlaybackId(id, { type: "thumbnail" })],
    ["a video token (aud v)", 200, (id: string) => w.signer.jwt.signPlaybackId(id, { type: "video" })],
  ] as const)("subtitles playlist and WebVTT segment with %s → %i", async (_name, status, sign) => {
    const { playbackId } = await goLive({ subtitles: [english], policy: "signed" });
    const token = await sign(playbackId);
    const query = token === undefined ? "" : `?token=${encodeURIComponent(token)}`;
    for (const path of [`/stream/${playbackId}/subtitles.m3u8`, `/stream/${playbackId}/0.vtt`]) {
      const res = await get(`${path}${query}`);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
    }
  });

  test("the token rides along onto the subtitles URI and its segments", async () => {
    const { playbackId } = await goLive({ subtitles: [english], policy: "signed" });
    await w.sandbox.control.advance(2_000);
    const token = await w.signer.jwt.signPlaybackId(playbackId, { type: "video" });
    const base = url(`/stream/${playbackId}.m3u8?token=${encodeURIComponent(token)}`);
    const multivariant = await (await fetch(base)).text();
    const uri = /URI="([^"]+)"/.exec(multivariant)?.[1] ?? "";
    const subtitlesUrl = new URL(uri, base);
    expect(subtitlesUrl.searchParams.get("token")).toBe(token);
    const subtitles = parse(await (await fetch(subtitlesUrl)).text());
    expect(subtitles.segments).toHaveLength(2);
    for (const s of subtitles.segments) {
      const segmentUrl = new URL(s.uri, subtitlesUrl);
      expect(segmentUrl.searchParams.get("token")).toBe(token);
      expect((await fetch(segmentUrl)).status).toBe(200);
    }
  });
});
