/**
 * MUX real-time viewer counts: `GET /counts?token=<JWT>` on the stats host, and ingest health:
 * `GET /live-stream-health?token=<JWT>` (the same token, `aud` = "live_stream_id"), answering
 * `{ data: [{ ingest_health: { status, updated_at, stream_drift_session_avg,
 * stream_drift_deviation_from_rolling_avg } }] }` (MUX's "Show live stream health stats to your
 * streamer" guide; the exact body is not verified, packages/sandbox/README.md).
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

  async liveStreamHealth(token: string | undefined): Promise<Reply> {
    const checked = await this.verifier.verify(token, { audiences: ["live_stream_id"] });
    if (!checked.ok) return forbidden(checked.reason);
    const sub = checked.payload.sub;
    if (!sub) return forbidden("token has no subject");
    const health = this.mux.ingestHealthFor(sub);
    if (!health) return { status: 404, body: { error: { type: "not_found", messages: ["live stream not found"] } } };
    return {
      status: 200,
      body: {
        data: [
          {
            ingest_health: {
              status: health.status,
              updated_at: new Date(health.updatedAtMs).toISOString(),
              stream_drift_session_avg: health.streamDriftSessionAvg,
              stream_drift_deviation_from_rolling_avg: health.streamDriftDeviationFromRollingAvg,
            },
          },
        ],
      },
    };
  }
}

function forbidden(message: string): Reply {
  return { status: 403, body: { error: { type: "forbidden", messages: [message] } } };
}
