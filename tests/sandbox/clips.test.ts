// MUX clips and MP4s in the sandbox (packages/sandbox/src/mux/emulator.ts, instant-clips.ts, hls.ts):
// clip assets of `mux://assets/<id>` through the real SDK, their states and webhooks, the
// errored ranges, static renditions and the committed MP4 they download, asset delete, and the
// instant-clip parameters on the HLS playlists (query for public ids, token claims for signed).
// Manual time: nothing moves but on advance().
import Mux from "@mux/mux-node";
import { describe, expect, test } from "vitest";
import { caught, liveStudioStream, type World, useStudioWorld } from "../support/sandbox-clients";

let w: World;
const now = 1_700_000_000_000;
useStudioWorld({ now: () => now, viewerCounts: true }, (world) => (w = world));

type Policy = "public" | "signed";
const control = () => w.sandbox.control;
const url = (path: string) => new URL(path, w.sandbox.muxBaseUrl).href;
const get = (path: string) => fetch(url(path));

/** Live for `seconds` of sandbox time, then (unless `stay`) ended: the asset is final and `ready`. */
async function recorded(seconds: number, opts: { policy?: Policy; stay?: boolean } = {}) {
  const policy = opts.policy ?? "public";
  const live = await liveStudioStream(w, { playback_policy: [policy], new_asset_settings: { playback_policy: [policy] } });
  await control().advance(seconds * 1000);
  if (!opts.stay) {
    await w.egress.stopEgress(live.egressId);
    await w.mux.video.liveStreams.complete(live.stream.id);
    await control().settle();
  }
  return live;
}

const clipOf = (assetId: string, range: { start_time?: number; end_time?: number }, extra: Partial<Mux.Video.AssetCreateParams> = {}) =>
  w.mux.video.assets.create({ inputs: [{ url: `mux://assets/${assetId}`, ...range }], playback_policy: ["public"], ...extra });

const eventsOf = (assetId: string) =>
  control()
    .webhooksSent({ service: "mux" })
    .map((hook) => JSON.parse(hook.body) as { type: string; data: { id?: string; asset_id?: string } })
    .filter((e) => e.data.id === assetId || e.data.asset_id === assetId)
    .map((e) => e.type);

describe("clip assets", () => {
  test("a clip of a recording: preparing with source_asset_id, then ready with the range's duration; video.asset.created then ready", async () => {
    const { assetId } = await recorded(20);
    const clip = await clipOf(assetId, { start_time: 4, end_time: 10 }, { passthrough: "clip-1" });
    expect(clip).toMatchObject({ status: "preparing", source_asset_id: assetId, ingest_type: "on_demand_clip", passthrough: "clip-1", playback_ids: [{ policy: "public" }] });
    expect(clip).not.toHaveProperty("live_stream_id");
    expect(eventsOf(clip.id)).toEqual(["video.asset.created"]);
    await control().advance(1_000);
    expect(await w.mux.video.assets.retrieve(clip.id)).toMatchObject({ status: "ready", duration: 6, source_asset_id: assetId });
    expect(eventsOf(clip.id)).toEqual(["video.asset.created", "video.asset.ready"]);
  });

  test("a clip of the active asset with an explicit end_time is ready; the asset plays as VOD of its length", async () => {
    const { assetId } = await recorded(30, { stay: true });
    const clip = await clipOf(assetId, { start_time: 0, end_time: 30 });
    await control().advance(1_000);
    expect((await w.mux.video.assets.retrieve(clip.id)).status).toBe("ready");
    const playbackId = clip.playback_ids?.[0]?.id ?? "";
    const text = await (await get(`/stream/${playbackId}/rendition.m3u8`)).text();
    expect(text).toContain("#EXT-X-PLAYLIST-TYPE:VOD");
    expect(text.match(/\.ts/g)).toHaveLength(15);
  });

  test.each([
    ["shorter than 0.5 s", { start_time: 5, end_time: 5.4 }, "A clip must be at least 0.5 seconds long"],
    ["past the end of the source", { start_time: 5, end_time: 25 }, "end_time 25 is past the end of the source asset (20 s)"],
    ["before its start", { start_time: -1, end_time: 5 }, "start_time must not be negative"],
  ])("a range %s: errored (video.asset.errored) with MUX's errors", async (_name, range, message) => {
    const { assetId } = await recorded(20);
    const clip = await clipOf(assetId, range, { static_renditions: [{ resolution: "highest" }] });
    await control().advance(1_000);
    expect(await w.mux.video.assets.retrieve(clip.id)).toMatchObject({ status: "errored", errors: { type: "invalid_input", messages: [message] } });
    expect(eventsOf(clip.id)).toEqual(["video.asset.created", "video.asset.static_rendition.created", "video.asset.errored", "video.asset.static_rendition.errored"]);
  });

  test("an active source without end_time errors: MUX wants an explicit end while live", async () => {
    const { assetId } = await recorded(20, { stay: true });
    const clip = await clipOf(assetId, { start_time: 2 });
    await control().advance(1_000);
    expect(await w.mux.video.assets.retrieve(clip.id)).toMatchObject({ status: "errored", errors: { messages: ["end_time is required to clip an asset that is still live"] } });
  });

  test.each([
    ["an unknown source asset", { inputs: [{ url: "mux://assets/nope" }] }, "inputs[0].url: no asset nope"],
    ["a URL input (not modelled)", { inputs: [{ url: "https://example.com/a.mp4" }] }, "inputs.0.url: inputs: the sandbox creates assets only as clips of an existing asset (url mux://assets/<asset id>)"],
    ["no inputs", {}, "inputs is required"],
    ["another static rendition", { inputs: [{ url: "mux://assets/x" }], static_renditions: [{ resolution: "720p" }] }, 'static_renditions.0.resolution: resolution: the sandbox makes only the "highest" static rendition'],
  ])("%s: 400 invalid_parameters, nothing made", async (_name, body, message) => {
    const before = control().muxAssets().length;
    const res = await fetch(url("/video/v1/assets"), {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${w.creds.tokenId}:${w.creds.tokenSecret}`).toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 400, body: { error: { type: "invalid_parameters", messages: [message] } } });
    expect(control().muxAssets()).toHaveLength(before);
  });

  test("DELETE /assets/{id}: 204, gone (404 after), video.asset.deleted; a live asset can't be deleted", async () => {
    const { assetId } = await recorded(10, { stay: true });
    expect(await caught(w.mux.video.assets.delete(assetId))).toMatchObject({ status: 400 });
    const clip = await clipOf(assetId, { start_time: 0, end_time: 4 });
    await w.mux.video.assets.delete(clip.id);
    expect(await caught(w.mux.video.assets.retrieve(clip.id))).toMatchObject({ status: 404 });
    expect(eventsOf(clip.id)).toEqual(["video.asset.created", "video.asset.deleted"]);
    expect(await caught(w.mux.video.assets.delete(clip.id))).toMatchObject({ status: 404 });
  });
});

describe("static renditions", () => {
  test("POST /assets/{id}/static-renditions on a final recording: preparing, then ready with video.asset.static_rendition.ready; the MP4 downloads", async () => {
    const { assetId } = await recorded(10);
    const rendition = await w.mux.video.assets.createStaticRendition(assetId, { resolution: "highest" });
    expect(rendition).toEqual({ id: expect.any(String), name: "highest.mp4", ext: "mp4", resolution: "highest", status: "preparing", type: "standard" });
    const playbackId = (await w.mux.video.assets.retrieve(assetId)).playback_ids?.[0]?.id ?? "";
    expect((await get(`/stream/${playbackId}/highest.mp4`)).status).toBe(404);

    await control().advance(1_000);
    expect((await w.mux.video.assets.retrieve(assetId)).static_renditions).toEqual({ files: [{ ...rendition, status: "ready" }] });
    const ready = control().webhooksSent({ service: "mux", type: "video.asset.static_rendition.ready" }).map((h) => JSON.parse(h.body) as { data: unknown });
    expect(ready.map((e) => e.data)).toEqual([{ ...rendition, status: "ready", asset_id: assetId }]);

    const mp4 = await get(`/stream/${playbackId}/highest.mp4?download=my-clip`);
    expect(mp4.status).toBe(200);
    expect(mp4.headers.get("content-type")).toBe("video/mp4");
    expect(mp4.headers.get("content-disposition")).toBe('attachment; filename="my-clip.mp4"');
    const bytes = Buffer.from(await mp4.arrayBuffer());
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    expect(bytes.length).toBeLessThan(300_000);
  });

  test("on a live asset: preparing until the recording is final, then ready", async () => {
    const live = await recorded(10, { stay: true });
    await w.mux.video.assets.createStaticRendition(live.assetId, { resolution: "highest" });
    await control().advance(5_000);
    expect((await w.mux.video.assets.retrieve(live.assetId)).static_renditions?.files?.[0]?.status).toBe("preparing");
    await w.egress.stopEgress(live.egressId);
    await w.mux.video.liveStreams.complete(live.stream.id);
    await control().advance(1_000);
    expect((await w.mux.video.assets.retrieve(live.assetId)).static_renditions?.files?.[0]?.status).toBe("ready");
  });

  test("a clip created with static_renditions: its MP4 is ready after the clip", async () => {
    const { assetId } = await recorded(10);
    const clip = await clipOf(assetId, { start_time: 1, end_time: 3 }, { static_renditions: [{ resolution: "highest" }] });
    await control().advance(1_000);
    await control().advance(1_000);
    expect(eventsOf(clip.id)).toEqual(["video.asset.created", "video.asset.static_rendition.created", "video.asset.ready", "video.asset.static_rendition.ready"]);
  });

  test("a second one, an unknown asset: 400, 404", async () => {
    const { assetId } = await recorded(4);
    await w.mux.video.assets.createStaticRendition(assetId, { resolution: "highest" });
    expect(await caught(w.mux.video.assets.createStaticRendition(assetId, { resolution: "highest" }))).toMatchObject({ status: 400 });
    expect(await caught(w.mux.video.assets.createStaticRendition("nope", { resolution: "highest" }))).toMatchObject({ status: 404 });
  });

  test("a signed asset's MP4 needs a video token; download rides in its claims", async () => {
    const { assetId } = await recorded(4, { policy: "signed" });
    await w.mux.video.assets.createStaticRendition(assetId, { resolution: "highest" });
    await control().advance(1_000);
    const playbackId = (await w.mux.video.assets.retrieve(assetId)).playback_ids?.[0]?.id ?? "";
    expect((await get(`/stream/${playbackId}/highest.mp4`)).status).toBe(403);
    const token = await w.signer.jwt.signPlaybackId(playbackId, { type: "video", params: { download: "talk" } });
    const res = await get(`/stream/${playbackId}/highest.mp4?token=${token}&download=other`);
    expect({ status: res.status, disposition: res.headers.get("content-disposition") }).toEqual({ status: 200, disposition: 'attachment; filename="talk.mp4"' });
  });
});

/** The media playlist a player reaches from the multivariant URL `path` (query included). */
async function clipPlaylist(path: string) {
  const multivariant = await get(path);
  expect({ path, status: multivariant.status }).toEqual({ path, status: 200 });
  const uri = (await multivariant.text()).trim().split("\n").at(-1) ?? "";
  const res = await fetch(new URL(uri, url(path)));
  const text = await res.text();
  return {
    uri,
    type: /#EXT-X-PLAYLIST-TYPE:(\w+)/.exec(text)?.[1],
    endlist: text.includes("#EXT-X-ENDLIST"),
    segments: [...text.matchAll(/^(\d+)\.ts/gm)].map((m) => Number(m[1])),
  };
}

describe("instant clips on the HLS", () => {
  test("asset_start_time/asset_end_time on a recording: the segments holding the range, VOD; carried onto the rendition", async () => {
    const { assetId } = await recorded(20);
    const playbackId = (await w.mux.video.assets.retrieve(assetId)).playback_ids?.[0]?.id ?? "";
    const clip = await clipPlaylist(`/stream/${playbackId}.m3u8?asset_start_time=5&asset_end_time=11`);
    expect(clip).toEqual({ uri: `${playbackId}/rendition.m3u8?asset_start_time=5&asset_end_time=11`, type: "VOD", endlist: true, segments: [2, 3, 4, 5] });
  });

  test("program_start_time/program_end_time on a live stream: its live asset's range (not just the live window); growing until the end is recorded", async () => {
    const live = await recorded(30, { stay: true });
    const startedAt = (await w.mux.video.assets.retrieve(live.assetId)).recording_times?.[0]?.started_at ?? "";
    const start = Date.parse(startedAt) / 1000;
    const done = await clipPlaylist(`/stream/${live.playbackId}.m3u8?program_start_time=${start + 4}&program_end_time=${start + 10}`);
    expect(done).toMatchObject({ type: "VOD", endlist: true, segments: [2, 3, 4] });
    const growing = await clipPlaylist(`/stream/${live.playbackId}.m3u8?program_start_time=${start + 20}&program_end_time=${start + 40}`);
    expect(growing).toMatchObject({ type: "EVENT", endlist: false, segments: [10, 11, 12, 13, 14, 15] });
    await control().advance(12_000);
    expect(await clipPlaylist(`/stream/${live.playbackId}.m3u8?program_start_time=${start + 20}&program_end_time=${start + 40}`)).toMatchObject({
      type: "VOD",
      endlist: true,
      segments: [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
    });
  });

  test.each([
    ["a start past what was recorded", "asset_start_time=30", "playback id {id}: the clip starts after the end of what has been recorded"],
    ["an end before the start", "asset_start_time=6&asset_end_time=4", "playback id {id}: the clip's end is not after its start"],
    ["not a number", "asset_start_time=soon", "asset_start_time must be a non-negative number of seconds"],
  ])("%s: 400", async (_name, query, message) => {
    const { assetId } = await recorded(10);
    const playbackId = (await w.mux.video.assets.retrieve(assetId)).playback_ids?.[0]?.id ?? "";
    const res = await get(`/stream/${playbackId}.m3u8?${query}`);
    expect({ status: res.status, text: await res.text() }).toEqual({ status: 400, text: `${message.replace("{id}", playbackId)}\n` });
  });

  test("signed: the range comes from the token's claims; query parameters can't widen it", async () => {
    const { assetId } = await recorded(20, { policy: "signed" });
    const playbackId = (await w.mux.video.assets.retrieve(assetId)).playback_ids?.[0]?.id ?? "";
    const token = await w.signer.jwt.signPlaybackId(playbackId, { type: "video", params: { asset_start_time: "4", asset_end_time: "8" } });
    const clip = await clipPlaylist(`/stream/${playbackId}.m3u8?token=${token}&asset_start_time=0&asset_end_time=20`);
    expect(clip).toMatchObject({ type: "VOD", endlist: true, segments: [2, 3] });
    expect(clip.uri).toBe(`${playbackId}/rendition.m3u8?token=${token}`);
  });
});
