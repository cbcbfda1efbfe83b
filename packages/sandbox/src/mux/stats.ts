/**
 * MUX real-time viewer counts: `GET /counts?token=<JWT>` on the stats host.
 *
 * Faithful to: the token `mux.jwt.signViewerCounts(id, {type, keyId, keySecret})` makes
 * (@mux/mux-node lib/jwt.js: RS256, header `{alg, typ}`, claims `sub` = the id, `aud` =
 * "live_stream_id" | "playback_id" | "video_id" | "asset_id", `kid` = signing key id as a *claim*,
 * `exp` = now + 7d by default) and the answer shape `{ data: [{ views, viewers, updated_at }] }`.
 * Cannot catch: MUX's real counting (counts here are whatever `setViewers` set), its caching
 * (~15 s), its exact error body, or signing keys revoked in the MUX dashboard.
 * Tokens are checked against the wall clock (they are minted with the wall clock).
 */
import type { Reply } from "../http-util";
import type { SigningKeyVerifier } from "../signing-key";
import type { MuxEmulator } from "./emulator";

const AUDIENCES = ["live_stream_id", "playback_id", "video_id", "asset_id"];

export class MuxStats {
  constructor(
    private readonly mux: MuxEmulator,
    private readonly verifier: SigningKeyVerifier,
  ) {}

  async counts(token: string | undefined): Promise<Reply> {
    const checked = await this.verifier.verify(token, { audiences: AUDIENCES });
    if (!checked.ok) return forbidden(checked.reason);
    const sub = checked.payload.sub;
    if (!sub) return forbidden("token has no subject");
    const counts = this.mux.viewersFor(sub);
    return {
      status: 200,
      body: { data: [{ views: counts.views, viewers: counts.viewers, updated_at: new Date(counts.updatedAtMs).toISOString() }] },
    };
  }
}

function forbidden(message: string): Reply {
  return { status: 403, body: { error: { type: "forbidden", messages: [message] } } };
}
