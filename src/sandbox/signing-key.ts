/**
 * A MUX-style signing key for viewer-count tokens: an RSA pair whose private half is a
 * base64-encoded PEM (the form MUX_PRIVATE_KEY takes). The sandbox verifies with the public
 * half; the app signs with the private one through the SDK, exactly as against MUX.
 * Cannot catch: MUX's key rotation or revocation.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";

export function signingKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    keyId: `sk-${randomBytes(6).toString("hex")}`,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    privateKeyBase64: Buffer.from(privateKey.export({ type: "pkcs1", format: "pem" }).toString()).toString("base64"),
  };
}
