// The watch page's one browser call of POST /api/video/playback-tokens, answering values, never
// throwing: `renewed`, `ended` or `retry` (docs/architecture.md, "Private broadcasts").
import "../../contract/client";
import { apiErrorBodySchema, playbackTokensResultSchema } from "../../contract/client";
import type { PlayerSource } from "../../watch";

export type RenewResult = { kind: "renewed"; source: PlayerSource; expiresAt: Date } | { kind: "ended"; message: string } | { kind: "retry" };

const ENDED_MESSAGE = "You can no longer watch this broadcast. Ask the host if you should still have access.";

export async function renewPlaybackTokens(playbackId: string, share: string | null): Promise<RenewResult> {
  let response: Response;
  try {
    // The share token goes in the body: URLs end up in request logs.
    response = await fetch("/api/video/playback-tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(share ? { playbackId, share } : { playbackId }),
      cache: "no-store",
    });
  } catch {
    return { kind: "retry" };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = playbackTokensResultSchema.safeParse(body);
    return parsed.success ? { kind: "renewed", source: parsed.data.player, expiresAt: parsed.data.expiresAt } : { kind: "retry" };
  }
  if (response.status === 403 || response.status === 404) {
    const error = apiErrorBodySchema.pick({ error: true }).safeParse(body);
    return { kind: "ended", message: error.success ? error.data.error : ENDED_MESSAGE };
  }
  return { kind: "retry" };
}
