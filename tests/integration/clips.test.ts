// Clips and MP4 downloads (docs/architecture.md, "Clips"; docs/reference/api.md, "Clips and MP4
// downloads"): the last 30 s / 60 s / 5 min while live and ranges of a recording as MUX instant
// clips (program or asset times in the URL, or in the signed token's claims), clip assets and
// MP4s requested exactly as MUX documents them, their webhooks, delete, and who may. Real routes
// over HTTP, a real database, the SDK talking to the sandbox, whose HLS plays the clip.
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { setGoliveClock } from "@golive/next/config";
import {
  type Clip,
  clipResultSchema,
  listClipsResultSchema,
  type ListClipsResult,
  recordingMp4ResultSchema,
  startLivestreamResultSchema,
  type StartLivestreamResult,
} from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { jsonObjectSchema, recordedBody } from "../support/upstream-requests";

const t = useTestApp({ host: "Host", stranger: "Stranger" }, { viewerCounts: true });
const control = () => t.app.sandbox.control;

// golive's "now" is the sandbox's, so a clip's program times and MUX's recording agree.
beforeAll(() => setGoliveClock(() => control().now()));
afterAll(() => setGoliveClock(undefined));

let rooms = 0;
async function goLive(extra: Record<string, unknown> = {}): Promise<StartLivestreamResult & { room: string }> {
  const room = `clips-${++rooms}`;
  control().joinRoom(room, t.host.id);
  const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await control().settle();
  return { ...parseBody(res, startLivestreamResultSchema), room };
}

/** Sandbox time forward in 1 s steps. */
async function pass(ms: number) {
  for (let done = 0; done < ms; done += 1_000) await control().advance(Math.min(1_000, ms - done));
}

async function stop(id: string) {
  const res = await t.host.request("DELETE", "/api/video/livestream", { livestreamId: id });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await control().settle();
}

/** A broadcast live for `seconds`, then ended: one final recorded part. */
async function recorded(seconds: number, extra: Record<string, unknown> = {}) {
  const live = await goLive(extra);
  await pass(seconds * 1000);
  await stop(live.livestreamId);
  const part = control().muxLiveStream(live.muxLiveStreamId)?.recent_asset_ids?.[0] ?? "";
  return { ...live, part, vodPlaybackId: control().muxAsset(part)?.playback_ids?.[0]?.id ?? "" };
}

async function createClip(body: Record<string, unknown>): Promise<Clip> {
  const res = await t.host.request("POST", "/api/video/clips", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return parseBody(res, clipResultSchema).clip;
}

async function list(livestreamId: string): Promise<ListClipsResult> {
  const res = await t.host.request("GET", `/api/video/clips?livestreamId=${livestreamId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return parseBody(res, listClipsResultSchema);
}

async function post(path: string, body: Record<string, unknown>) {
  const res = await t.host.request("POST", path, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
}

const origin = () => t.app.sandbox.muxBaseUrl.replace(/\/$/, "");
const assetPosts = () => control().requests({ service: "mux", method: "POST", path: "/video/v1/assets" });
const renditionPosts = () => control().requests({ service: "mux", method: "POST" }).filter((r) => r.path.endsWith("/static-renditions"));
/** MUX's created_at of an asset, in ms: a part's seconds count from it. */
const assetCreatedMs = (assetId: string) => Number(control().muxAsset(assetId)?.created_at) * 1000;
const noMp4 = { state: "none", fileName: null, downloadUrl: null };

/** The segments the sandbox's MUX plays for a playback URL (multivariant → rendition). */
async function segmentsOf(url: string): Promise<{ type: string | undefined; segments: number[] }> {
  const multivariant = await fetch(url);
  expect({ url, status: multivariant.status }).toEqual({ url, status: 200 });
  const uri = (await multivariant.text()).trim().split("\n").at(-1) ?? "";
  const text = await (await fetch(new URL(uri, url))).text();
  return { type: /#EXT-X-PLAYLIST-TYPE:(\w+)/.exec(text)?.[1], segments: [...text.matchAll(/^(\d+)\.ts/gm)].map((m) => Number(m[1])) };
}

describe("clip the last seconds while live", () => {
  test("the last 30 s: an instant clip of the live stream by program time, at once, and it plays that range", async () => {
    const live = await goLive();
    await pass(40_000);
    const asset = control().muxLiveStream(live.muxLiveStreamId)?.active_asset_id ?? "";
    const before = control().now();
    const clip = await createClip({ livestreamId: live.livestreamId, lastSeconds: 30, title: "The goal" });
    // "Now" is when golive handled the request, by the sandbox's clock.
    const now = (clip.programEndTime ?? 0) * 1000;
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(control().now());
    const start = Math.floor((now - 30_000) / 1000);
    const end = Math.ceil(now / 1000);
    expect(clip).toEqual({
      id: expect.any(String),
      livestreamId: live.livestreamId,
      sourceAssetId: asset,
      kind: "instant",
      title: "The goal",
      startSeconds: (now - 30_000 - assetCreatedMs(asset)) / 1000,
      endSeconds: (now - assetCreatedMs(asset)) / 1000,
      programStartTime: (now - 30_000) / 1000,
      programEndTime: now / 1000,
      state: "ready",
      muxAssetId: null,
      failureReason: null,
      playback: {
        playbackId: live.muxPlaybackId,
        policy: "public",
        url: `${origin()}/stream/${live.muxPlaybackId}.m3u8?program_start_time=${start}&program_end_time=${end}`,
        params: { program_start_time: String(start), program_end_time: String(end) },
        expiresAt: null,
      },
      mp4: noMp4,
      createdAt: expect.any(Date),
    });
    // About seconds 10–40 of what MUX recorded: from the 2 s segment holding the whole second the clip starts in, on.
    const recordingStart = Date.parse(control().muxAsset(asset)?.recording_times?.[0]?.started_at ?? "");
    const first = Math.floor((start * 1000 - recordingStart) / 2000);
    const played = await segmentsOf(clip.playback?.url ?? "");
    expect(first).toBeGreaterThanOrEqual(4);
    expect(played.segments[0]).toBe(first);
    expect(played.segments.at(-1)).toBeGreaterThanOrEqual(first + 14);
    await stop(live.livestreamId);
  });

  test("5 min of a broadcast live for 20 s starts where MUX's recording starts; after the end it plays from the recording by asset time", async () => {
    const live = await goLive();
    await pass(20_000);
    const clip = await createClip({ livestreamId: live.livestreamId, lastSeconds: 300 });
    expect(clip.startSeconds).toBe(0);
    expect(clip.programStartTime).toBe(assetCreatedMs(clip.sourceAssetId) / 1000);
    await stop(live.livestreamId);
    const vod = control().muxAsset(clip.sourceAssetId)?.playback_ids?.[0]?.id ?? "";
    const [after] = (await list(live.livestreamId)).recordings[0]?.clips ?? [];
    const end = String(Number(clip.endSeconds.toFixed(3)));
    expect(after?.playback).toEqual({
      playbackId: vod,
      policy: "public",
      url: `${origin()}/stream/${vod}.m3u8?asset_start_time=0&asset_end_time=${end}`,
      params: { asset_start_time: "0", asset_end_time: end },
      expiresAt: null,
    });
    expect((await segmentsOf(after?.playback?.url ?? "")).type).toBe("VOD");
  });

  test("a clip asset of a live clip: the active asset and an explicit end_time, through MUX's POST /assets", async () => {
    const live = await goLive();
    await pass(20_000);
    const clip = await createClip({ livestreamId: live.livestreamId, lastSeconds: 60 });
    const before = assetPosts().length;
    const made = parseBody(await post("/api/video/clips/asset", { id: clip.id }), clipResultSchema).clip;
    expect(assetPosts().slice(before).map((r) => r.body)).toEqual([
      {
        inputs: [{ url: `mux://assets/${clip.sourceAssetId}`, start_time: clip.startSeconds, end_time: clip.endSeconds }],
        playback_policy: ["public"],
        passthrough: `clip:${clip.id}`,
      },
    ]);
    // MUX's ready event may overtake the answer on a loaded machine: either state is right here.
    expect(made).toMatchObject({ kind: "asset", state: expect.stringMatching(/^(preparing|ready)$/), muxAssetId: expect.any(String) });
    await control().settle();
    const [ready] = (await list(live.livestreamId)).recordings[0]?.clips ?? [];
    const playbackId = control().muxAsset(made.muxAssetId ?? "")?.playback_ids?.[0]?.id ?? "";
    expect(ready).toMatchObject({ kind: "asset", state: "ready", failureReason: null, playback: { playbackId, url: `${origin()}/stream/${playbackId}.m3u8`, params: {} } });
    expect(control().muxAsset(made.muxAssetId ?? "")).toMatchObject({ status: "ready", source_asset_id: clip.sourceAssetId });
    await stop(live.livestreamId);
  });
});

describe("clip a range of a recording", () => {
  test("an instant clip by asset time of the latest part; a clip asset of exactly that range on request", async () => {
    const rec = await recorded(20);
    const clip = await createClip({ livestreamId: rec.livestreamId, startSeconds: 2.5, endSeconds: 8 });
    expect(clip).toEqual({
      id: expect.any(String),
      livestreamId: rec.livestreamId,
      sourceAssetId: rec.part,
      kind: "instant",
      title: null,
      startSeconds: 2.5,
      endSeconds: 8,
      programStartTime: null,
      programEndTime: null,
      state: "ready",
      muxAssetId: null,
      failureReason: null,
      playback: {
        playbackId: rec.vodPlaybackId,
        policy: "public",
        url: `${origin()}/stream/${rec.vodPlaybackId}.m3u8?asset_start_time=2.5&asset_end_time=8`,
        params: { asset_start_time: "2.5", asset_end_time: "8" },
        expiresAt: null,
      },
      mp4: noMp4,
      createdAt: expect.any(Date),
    });
    expect(await segmentsOf(clip.playback?.url ?? "")).toEqual({ type: "VOD", segments: [1, 2, 3] });

    const before = assetPosts().length;
    await post("/api/video/clips/asset", { id: clip.id });
    expect(assetPosts().slice(before).map((r) => r.body)).toEqual([
      { inputs: [{ url: `mux://assets/${rec.part}`, start_time: 2.5, end_time: 8 }], playback_policy: ["public"], passthrough: `clip:${clip.id}` },
    ]);
    // Asked again: the clip has its asset; nothing more is sent.
    await post("/api/video/clips/asset", { id: clip.id });
    expect(assetPosts().length).toBe(before + 1);
    await control().settle();
    const listed = await list(rec.livestreamId);
    expect(listed.recordings).toEqual([
      { muxAssetId: rec.part, vodPlaybackId: rec.vodPlaybackId, durationSeconds: expect.any(Number), final: true, mp4: noMp4, clips: [expect.objectContaining({ id: clip.id, kind: "asset", state: "ready" })] },
    ]);
  });
});

describe("MP4 downloads", () => {
  test("a recording's: POST /assets/<part>/static-renditions {resolution: highest} once; preparing, then ready by the webhook; the file is an MP4", async () => {
    const rec = await recorded(10);
    const before = renditionPosts().length;
    const asked = parseBody(await post("/api/video/clips/mp4", { livestreamId: rec.livestreamId }), recordingMp4ResultSchema);
    expect(renditionPosts().slice(before).map((r) => ({ path: r.path, body: r.body }))).toEqual([
      { path: `/video/v1/assets/${rec.part}/static-renditions`, body: { resolution: "highest" } },
    ]);
    expect(asked).toEqual({ livestreamId: rec.livestreamId, muxAssetId: rec.part, mp4: { state: "preparing", fileName: "highest.mp4", downloadUrl: null } });
    await control().settle();
    const name = `${rec.room}-recording`;
    const mp4 = { state: "ready", fileName: "highest.mp4", downloadUrl: `${origin()}/stream/${rec.vodPlaybackId}/highest.mp4?download=${name}` };
    expect((await list(rec.livestreamId)).recordings[0]?.mp4).toEqual(mp4);
    // Asked again: answered as it is.
    expect(parseBody(await post("/api/video/clips/mp4", { livestreamId: rec.livestreamId, muxAssetId: rec.part }), recordingMp4ResultSchema).mp4).toEqual(mp4);
    expect(renditionPosts().length).toBe(before + 1);

    const file = await fetch(mp4.downloadUrl);
    expect({ status: file.status, type: file.headers.get("content-type"), disposition: file.headers.get("content-disposition") }).toEqual({
      status: 200,
      type: "video/mp4",
      disposition: `attachment; filename="${name}.mp4"`,
    });
    expect(Buffer.from(await file.arrayBuffer()).subarray(4, 8).toString("latin1")).toBe("ftyp");
  });

  test("an instant clip's: one POST makes its clip asset with static_renditions; both ready by the webhooks", async () => {
    const rec = await recorded(10);
    const clip = await createClip({ livestreamId: rec.livestreamId, startSeconds: 1, endSeconds: 5 });
    const before = assetPosts().length;
    const asked = parseBody(await post("/api/video/clips/mp4", { clipId: clip.id }), clipResultSchema).clip;
    expect(assetPosts().slice(before).map((r) => r.body)).toEqual([
      {
        inputs: [{ url: `mux://assets/${rec.part}`, start_time: 1, end_time: 5 }],
        playback_policy: ["public"],
        passthrough: `clip:${clip.id}`,
        static_renditions: [{ resolution: "highest" }],
      },
    ]);
    expect(asked).toMatchObject({ kind: "asset", state: "preparing", mp4: { state: "preparing", fileName: "highest.mp4", downloadUrl: null } });
    await control().settle();
    const [ready] = (await list(rec.livestreamId)).recordings[0]?.clips ?? [];
    const playbackId = control().muxAsset(asked.muxAssetId ?? "")?.playback_ids?.[0]?.id ?? "";
    expect(ready?.mp4).toEqual({ state: "ready", fileName: "highest.mp4", downloadUrl: `${origin()}/stream/${playbackId}/highest.mp4?download=${rec.room}-clip-${clip.id.slice(0, 8)}` });
    expect((await fetch(ready?.mp4.downloadUrl ?? "")).status).toBe(200);
  });

  test("a clip asset's: POST /assets/<clip asset>/static-renditions", async () => {
    const rec = await recorded(10);
    const clip = await createClip({ livestreamId: rec.livestreamId, startSeconds: 0, endSeconds: 4 });
    const made = parseBody(await post("/api/video/clips/asset", { id: clip.id }), clipResultSchema).clip;
    await control().settle();
    const before = renditionPosts().length;
    await post("/api/video/clips/mp4", { clipId: clip.id });
    expect(renditionPosts().slice(before).map((r) => ({ path: r.path, body: r.body }))).toEqual([
      { path: `/video/v1/assets/${made.muxAssetId}/static-renditions`, body: { resolution: "highest" } },
    ]);
    await control().settle();
    expect((await list(rec.livestreamId)).recordings[0]?.clips[0]?.mp4.state).toBe("ready");
  });
});

describe("private broadcasts: the range and the download name ride in the signed token", () => {
  const claimsOf = (url: string | undefined) => decodeJwt(new URL(url ?? "http://x").searchParams.get("token") ?? "");

  test("a live clip's URL has only a token; its claims hold the program times; the sandbox plays it", async () => {
    const live = await goLive({ visibility: "private" });
    await pass(20_000);
    const clip = await createClip({ livestreamId: live.livestreamId, lastSeconds: 30 });
    const url = new URL(clip.playback?.url ?? "");
    expect([...url.searchParams.keys()]).toEqual(["token"]);
    expect(url.pathname).toBe(`/stream/${live.muxPlaybackId}.m3u8`);
    expect(claimsOf(clip.playback?.url)).toMatchObject({
      sub: live.muxPlaybackId,
      aud: "v",
      program_start_time: clip.playback?.params.program_start_time,
      program_end_time: clip.playback?.params.program_end_time,
    });
    expect(clip.playback).toMatchObject({ policy: "signed", expiresAt: expect.any(Date) });
    expect((await segmentsOf(clip.playback?.url ?? "")).segments[0]).toBe(0);
    await stop(live.livestreamId);
  });

  test("a recording's clip asset is signed too; its MP4's download URL is signed with the download name as a claim", async () => {
    const rec = await recorded(10, { visibility: "private" });
    const clip = await createClip({ livestreamId: rec.livestreamId, startSeconds: 1, endSeconds: 3 });
    expect(claimsOf(clip.playback?.url)).toMatchObject({ sub: rec.vodPlaybackId, asset_start_time: "1", asset_end_time: "3" });
    const before = assetPosts().length;
    await post("/api/video/clips/mp4", { clipId: clip.id });
    expect(recordedBody(assetPosts()[before], jsonObjectSchema)).toMatchObject({ playback_policy: ["signed"] });
    await post("/api/video/clips/mp4", { livestreamId: rec.livestreamId });
    await control().settle();
    const [part] = (await list(rec.livestreamId)).recordings;
    const download = part?.mp4.downloadUrl ?? "";
    expect([...new URL(download).searchParams.keys()]).toEqual(["token"]);
    expect(claimsOf(download)).toMatchObject({ sub: rec.vodPlaybackId, download: `${rec.room}-recording` });
    expect((await fetch(download)).headers.get("content-disposition")).toBe(`attachment; filename="${rec.room}-recording.mp4"`);
    expect(claimsOf(part?.clips[0]?.mp4.downloadUrl ?? undefined)).toMatchObject({ download: `${rec.room}-clip-${clip.id.slice(0, 8)}` });
  });
});

describe("delete", () => {
  test("deletes the clip's MUX asset (DELETE /assets/<id>) and the clip: deleted, nothing plays, gone from the list; again 404", async () => {
    const rec = await recorded(10);
    const clip = await createClip({ livestreamId: rec.livestreamId, startSeconds: 0, endSeconds: 4 });
    const made = parseBody(await post("/api/video/clips/asset", { id: clip.id }), clipResultSchema).clip;
    await control().settle();
    const res = await t.host.request("DELETE", "/api/video/clips", { id: clip.id });
    expect(res.status).toBe(200);
    expect(parseBody(res, clipResultSchema).clip).toMatchObject({ id: clip.id, state: "deleted", playback: null, mp4: noMp4 });
    expect(control().requests({ service: "mux", method: "DELETE" }).map((r) => r.path)).toContain(`/video/v1/assets/${made.muxAssetId}`);
    expect(control().muxAsset(made.muxAssetId ?? "")).toBeUndefined();
    expect((await list(rec.livestreamId)).recordings[0]?.clips).toEqual([]);
    expect(await t.host.request("DELETE", "/api/video/clips", { id: clip.id })).toMatchObject({ status: 404, body: { error: "Clip not found.", code: "not_found" } });
  });

  test("an instant clip has no asset: nothing is sent to MUX", async () => {
    const rec = await recorded(6);
    const clip = await createClip({ livestreamId: rec.livestreamId, startSeconds: 0, endSeconds: 2 });
    const before = control().requests({ service: "mux", method: "DELETE" }).length;
    expect((await t.host.request("DELETE", "/api/video/clips", { id: clip.id })).status).toBe(200);
    expect(control().requests({ service: "mux", method: "DELETE" }).length).toBe(before);
  });
});

describe("who may: a stranger gets 404 for everything, as for the broadcast", () => {
  test.each([
    ["list", "GET", (ids: Ids) => `/api/video/clips?livestreamId=${ids.livestreamId}`, () => undefined, "Livestream not found."],
    ["clip a recording", "POST", () => "/api/video/clips", (ids: Ids) => ({ livestreamId: ids.livestreamId, startSeconds: 0, endSeconds: 2 }), "Livestream not found."],
    ["delete", "DELETE", () => "/api/video/clips", (ids: Ids) => ({ id: ids.clipId }), "Clip not found."],
    ["make an asset", "POST", () => "/api/video/clips/asset", (ids: Ids) => ({ id: ids.clipId }), "Clip not found."],
    ["a clip's MP4", "POST", () => "/api/video/clips/mp4", (ids: Ids) => ({ clipId: ids.clipId }), "Clip not found."],
    ["a recording's MP4", "POST", () => "/api/video/clips/mp4", (ids: Ids) => ({ livestreamId: ids.livestreamId }), "Livestream not found."],
  ])("%s", async (_name, method, path, body, error) => {
    const ids = await strangerTarget();
    const before = control().requests({ service: "mux" }).length;
    const res = await t.stranger.request(method, path(ids), body(ids));
    expect({ status: res.status, body: res.body }).toEqual({ status: 404, body: { error, code: "not_found" } });
    expect(control().requests({ service: "mux" }).length).toBe(before);
    expect((await list(ids.livestreamId)).recordings[0]?.clips.map((c) => c.id)).toEqual([ids.clipId]);
  });
});

type Ids = { livestreamId: string; clipId: string };
let target: Ids | undefined;
async function strangerTarget(): Promise<Ids> {
  if (target) return target;
  const rec = await recorded(6);
  const clip = await createClip({ livestreamId: rec.livestreamId, startSeconds: 0, endSeconds: 2 });
  target = { livestreamId: rec.livestreamId, clipId: clip.id };
  return target;
}

describe("bad input: a 400 or 409 that changes nothing", () => {
  test.each([
    ["lastSeconds not offered", { lastSeconds: 45 }, 400, "lastSeconds must be one of 30, 60, 300.", "bad_request"],
    ["a range under 0.5 s", { startSeconds: 1, endSeconds: 1.4 }, 400, "A clip is at least 0.5 s: endSeconds must be at least startSeconds + 0.5.", "bad_request"],
    ["a negative start", { startSeconds: -1, endSeconds: 2 }, 400, "startSeconds must not be negative.", "bad_request"],
    ["past the part's end", { startSeconds: 1, endSeconds: 60 }, 400, "endSeconds must be at most the recorded part's length ({duration} s).", "bad_request"],
    ["an unknown part", { startSeconds: 1, endSeconds: 2, muxAssetId: "nope" }, 404, "This broadcast has no recorded part with that muxAssetId.", "not_found"],
    ["the last seconds of an ended broadcast", { lastSeconds: 30 }, 409, "The last seconds can be clipped only while the broadcast is live; clip a range of its recording instead.", "conflict"],
    ["an unknown key", { startSeconds: 1, endSeconds: 2, color: "red" }, 400, 'Unrecognized key: "color"', "bad_request"],
    ["neither shape", { title: "x" }, 400, "startSeconds must be a number of seconds. endSeconds must be a number of seconds.", "bad_request"],
  ])("POST /api/video/clips, %s: %d", async (_name, extra, status, error, code) => {
    const ids = await strangerTarget();
    const duration = (await list(ids.livestreamId)).recordings[0]?.durationSeconds ?? 0;
    const res = await t.host.request("POST", "/api/video/clips", { livestreamId: ids.livestreamId, ...extra });
    expect({ status: res.status, body: res.body }).toEqual({ status, body: { error: error.replace("{duration}", String(Number(duration.toFixed(3)))), code } });
    expect((await list(ids.livestreamId)).recordings[0]?.clips).toHaveLength(1);
  });

  test.each([
    ["GET without livestreamId", "GET", "/api/video/clips", undefined, 400, "livestreamId must be a string.", "bad_request"],
    ["a malformed clip id", "DELETE", "/api/video/clips", { id: "not-a-uuid" }, 404, "Clip not found.", "not_found"],
    ["an unknown clip id", "POST", "/api/video/clips/asset", { id: "00000000-0000-4000-8000-000000000000" }, 404, "Clip not found.", "not_found"],
    ["an mp4 body of neither shape", "POST", "/api/video/clips/mp4", { muxAssetId: "x" }, 400, "livestreamId must be a string.", "bad_request"],
    ["not JSON", "POST", "/api/video/clips/asset", "{", 400, "The request body must be valid JSON.", "bad_request"],
  ])("%s: %d", async (_name, method, path, body, status, error, code) => {
    const res = await t.host.request(method, path, body);
    expect({ status: res.status, body: res.body }).toEqual({ status, body: { error, code } });
  });

});
