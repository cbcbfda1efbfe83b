import "server-only";
// What the pages play and show for a playback id: the one place that decides between MUX and
// the offline sandbox (docs/architecture.md, "Private broadcasts"; packages/sandbox/README.md, "Playback").
import { sandboxPlaybackOrigin, sandboxSetting } from "../config";
import type { z } from "zod";
import type { PlaybackTokens } from "../upstream";
import { getMuxThumbnailUrl } from "../destinations";
import type { playerSourceSchema } from "../contract";

/** What the watch page's player plays; serialisable, as it goes to a client component (the shape: contract/watch-requests.ts). */
export type PlayerSource = z.output<typeof playerSourceSchema>;

export type ThumbnailOptions = { width?: number; height?: number; time?: number };

export type PlaybackUrls = {
  player: (playbackId: string, tokens?: PlaybackTokens) => PlayerSource;
  /** A thumbnail's URL, or null when there is nothing that may be loaded. `token`: a signed id's thumbnail token. */
  thumbnail: (playbackId: string, options?: ThumbnailOptions, token?: string) => string | null;
};

const segment = (playbackId: string) => encodeURIComponent(playbackId);
const withToken = (url: string, token: string | undefined) => (token ? `${url}?token=${encodeURIComponent(token)}` : url);

export function playbackUrls(): PlaybackUrls {
  if (sandboxSetting() !== "on") {
    return {
      player: (playbackId, tokens) => (tokens ? { kind: "mux", playbackId, tokens } : { kind: "mux", playbackId }),
      // A signed thumbnail's size and time are claims inside its token (MUX rejects them as query parameters).
      thumbnail: (playbackId, options, token) =>
        token ? withToken(getMuxThumbnailUrl(playbackId), token) : getMuxThumbnailUrl(playbackId, options),
    };
  }
  const origin = sandboxPlaybackOrigin();
  if (!origin) return { player: () => ({ kind: "none" }), thumbnail: () => null };
  // The sandbox serves one fixed thumbnail and ignores time and size, so none are sent.
  const thumbnail = (playbackId: string, token?: string) => withToken(`${origin}/image/${segment(playbackId)}/thumbnail.jpg`, token);
  return {
    player: (playbackId, tokens) => ({
      kind: "sandbox",
      src: withToken(`${origin}/stream/${segment(playbackId)}.m3u8`, tokens?.playback),
      poster: thumbnail(playbackId, tokens?.thumbnail),
    }),
    thumbnail: (playbackId, _options, token) => thumbnail(playbackId, token),
  };
}
