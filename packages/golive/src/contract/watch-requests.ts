// The request shape of the watch page's token renewal (POST /api/video/playback-tokens) and the
// bounds of the watch page's own URL (docs/architecture.md, "Private broadcasts"). Pure zod.
import "./zod-jitless";
import { z } from "zod";

/** MUX playback ids are URL-safe letters and digits; anything else can't be one. */
export const PLAYBACK_ID = /^[A-Za-z0-9]{1,128}$/;
/** A share token (`<id>.<HMAC>`) is far shorter; anything longer isn't one. */
export const MAX_SHARE_TOKEN_LENGTH = 512;

export const playbackTokensBodySchema = z.object({
  playbackId: z.string({ error: "playbackId is required." }).regex(PLAYBACK_ID, "playbackId is not a MUX playback id."),
  // In the body, never the URL: request logs carry URLs (docs/architecture.md, "Security model").
  share: z.string({ error: "share must be a share link's token." }).max(MAX_SHARE_TOKEN_LENGTH, "share is not a share link's token.").optional(),
});

const playbackTokensSchema = z.object({ playback: z.string(), thumbnail: z.string(), storyboard: z.string() });

/** What the watch page's player plays (playback-urls.ts makes it); the renewal answers one. */
export const playerSourceSchema = z.discriminatedUnion("kind", [
  /** Real MUX: mux-player derives the stream, poster and storyboard from the playback id. */
  z.object({ kind: z.literal("mux"), playbackId: z.string(), tokens: playbackTokensSchema.optional() }),
  /** The sandbox: an explicit multivariant playlist and poster on loopback, no playback id (so nothing is derived from MUX's hosts). */
  z.object({ kind: z.literal("sandbox"), src: z.string(), poster: z.string() }),
  /** Sandbox mode without a sandbox to play from (MUX_BASE_URL is not on loopback): play nothing rather than dial MUX. */
  z.object({ kind: z.literal("none") }),
]);

/** 200 of POST /api/video/playback-tokens: the player source with fresh tokens, and when they stop working. */
export const playbackTokensResultSchema = z.object({ player: playerSourceSchema, expiresAt: z.coerce.date() });
