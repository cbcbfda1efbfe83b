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
import { createPublicKey, type KeyObject } from "node:crypto";
import { jwtVerify } from "jose";
import type { Reply } from "../http-util";
import type { MuxEmulator } from "./emulator";

const AUDIENCES = ["live_stream_id", "playback_id", "video_id", "asset_id"];

export class MuxStats {
  private readonly key: KeyObject | undefined;

  constructor(
    private readonly mux: MuxEmulator,
    private readonly signingKeyId: string | undefined,
    publicKeyPem: string | undefined,
  ) {
    this.key = publicKeyPem ? createPublicKey(decodePem(publicKeyPem)) : undefined;
  }

  async counts(token: string | undefined): Promise<Reply> {
    if (!token) return forbidden("missing token");
    if (!this.key) return forbidden("the sandbox has no signing public key configured (mux.signingPublicKeyPem)");
    let sub: string | undefined;
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ["RS256"], audience: AUDIENCES });
      if (this.signingKeyId !== undefined && payload.kid !== this.signingKeyId) return forbidden("unknown signing key");
      sub = payload.sub;
    } catch (error) {
      return forbidden(`invalid token: ${error instanceof Error ? error.message : String(error)}`);
    }
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

/** Accepts a PEM or a base64-encoded PEM (the form MUX_PRIVATE_KEY-style settings use). */
function decodePem(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith("-----BEGIN")) return trimmed;
  return Buffer.from(trimmed, "base64").toString("utf8");
}
