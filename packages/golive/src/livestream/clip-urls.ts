import "server-only";
// Where a clip plays and an MP4 downloads from: MUX's stream host or the sandbox's, public with
// the range (or download name) as query parameters, signed with them as the token's claims so a
// link never widens who may watch (docs/architecture.md, "Clips"; packages/sandbox/README.md, "Playback").
import { muxSigningKey, playbackTokenSeconds, sandboxPlaybackOrigin, sandboxSetting } from "../config";
import type { ClipPlayback, Mp4View, Mp4State } from "../contract";
import { signPlaybackTokens } from "../upstream";

const MUX_STREAM_ORIGIN = "https://stream.mux.com";

/** The playback origin, or null in sandbox mode with no sandbox the browser may load from. */
function streamOrigin(): string | null {
  return sandboxSetting() === "on" ? sandboxPlaybackOrigin() : MUX_STREAM_ORIGIN;
}

const query = (params: Record<string, string>) => {
  const pairs = Object.entries(params);
  return pairs.length === 0 ? "" : `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`;
};

type Signed = { token: string; expiresAt: Date };

/** A video token for `playbackId` carrying `params` as claims; null without a signing key (nothing may play it). */
async function signVideo(playbackId: string, params: Record<string, string>): Promise<Signed | null> {
  const key = muxSigningKey();
  if (!key) return null;
  const seconds = playbackTokenSeconds();
  // As watch/access.ts: MUX's SDK dates `exp` from the whole second it signs in.
  const expiresAt = new Date((Math.floor(Date.now() / 1000) + seconds) * 1000);
  const tokens = await signPlaybackTokens(playbackId, key, `${seconds}s`, Object.keys(params).length > 0 ? params : undefined);
  return { token: tokens.playback, expiresAt };
}

/** What plays `playbackId` with `params` (an instant clip's range, or none for a clip asset). */
export async function clipPlayback(playbackId: string, policy: "public" | "signed", params: Record<string, string>): Promise<ClipPlayback | null> {
  const origin = streamOrigin();
  if (!origin) return null;
  const base = `${origin}/stream/${encodeURIComponent(playbackId)}.m3u8`;
  if (policy === "public") return { playbackId, policy, url: `${base}${query(params)}`, params, expiresAt: null };
  const signed = await signVideo(playbackId, params);
  if (!signed) return null;
  return { playbackId, policy, url: `${base}${query({ token: signed.token })}`, params, expiresAt: signed.expiresAt };
}

/**
 * An MP4 as its viewer gets it: the URL once ready, answered as a download named `download`
 * (MUX's `download` parameter; a claim when signed).
 */
export async function mp4View(
  mp4: { state: Mp4State; fileName: string | null },
  playbackId: string | null,
  policy: "public" | "signed",
  download: string,
): Promise<Mp4View> {
  const origin = streamOrigin();
  if (mp4.state !== "ready" || !mp4.fileName || !playbackId || !origin) return { state: mp4.state, fileName: mp4.fileName, downloadUrl: null };
  const base = `${origin}/stream/${encodeURIComponent(playbackId)}/${encodeURIComponent(mp4.fileName)}`;
  if (policy === "public") return { state: mp4.state, fileName: mp4.fileName, downloadUrl: `${base}${query({ download })}` };
  const signed = await signVideo(playbackId, { download });
  return { state: mp4.state, fileName: mp4.fileName, downloadUrl: signed ? `${base}${query({ token: signed.token })}` : null };
}

/** A download's file name (without `.mp4`): the room's name and what it is, in characters any file system takes. */
export function downloadName(roomName: string, what: string): string {
  return `${roomName}-${what}`.replace(/[^\w.-]+/g, "_").slice(0, 80);
}
