/**
 * A MUX signing key: an RSA pair whose private half is a base64-encoded PEM (the form
 * MUX_PRIVATE_KEY takes). The app signs with the private half through the SDK (`mux.jwt.sign*`),
 * exactly as against MUX; the sandbox checks the tokens with the public half here — one owner
 * for viewer-count tokens (mux/stats.ts) and signed playback (mux/hls.ts).
 *
 * Faithful to: what @mux/mux-node 15's lib/jwt.js signs (RS256, header `{alg, typ}`, `kid` as a
 * *claim*, `sub`, `aud`, `exp`); a `kid` in the header, as MUX's docs' jsonwebtoken examples put
 * it, is accepted too. Tokens are checked against the wall clock (they are minted with it).
 * Cannot catch: MUX's key rotation or revocation, or keys of another MUX environment.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { jwtVerify, type JWTPayload } from "jose";

export function signingKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    keyId: `sk-${randomBytes(6).toString("hex")}`,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    privateKeyBase64: Buffer.from(privateKey.export({ type: "pkcs1", format: "pem" }).toString()).toString("base64"),
  };
}

export type TokenCheck = { ok: true; payload: JWTPayload } | { ok: false; reason: string };

export class SigningKeyVerifier {
  private readonly key: KeyObject | undefined;

  /** `keyId` unset: a token's `kid` (or its absence) is not checked. `publicKeyPem` unset: every token fails. */
  constructor(
    private readonly keyId: string | undefined,
    publicKeyPem: string | undefined,
  ) {
    this.key = publicKeyPem ? createPublicKey(decodePem(publicKeyPem)) : undefined;
  }

  /** RS256 with this key, `aud` one of `audiences`, the `kid` this key's, plus `requiredClaims`. */
  async verify(
    token: string | undefined,
    check: { audiences: string[]; requiredClaims?: string[] },
  ): Promise<TokenCheck> {
    if (!token) return { ok: false, reason: "missing token" };
    if (!this.key) return { ok: false, reason: "the sandbox has no signing public key configured (mux.signingPublicKeyPem)" };
    try {
      const { payload, protectedHeader } = await jwtVerify(token, this.key, {
        algorithms: ["RS256"],
        audience: check.audiences,
        requiredClaims: check.requiredClaims,
      });
      if (this.keyId !== undefined) {
        const kids = [protectedHeader.kid, payload.kid].filter((kid) => kid !== undefined);
        if (kids.length === 0 || kids.some((kid) => kid !== this.keyId)) return { ok: false, reason: "unknown signing key" };
      }
      return { ok: true, payload };
    } catch (error) {
      return { ok: false, reason: `invalid token: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}

/** Accepts a PEM or a base64-encoded PEM (the form MUX_PRIVATE_KEY-style settings use). */
function decodePem(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith("-----BEGIN")) return trimmed;
  return Buffer.from(trimmed, "base64").toString("utf8");
}
