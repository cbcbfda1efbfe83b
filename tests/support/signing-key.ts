import { generateKeyPairSync, randomBytes } from "node:crypto";

/** An RSA key pair as MUX hands out signing keys: the private key as base64-encoded PEM. */
export function signingKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    keyId: `sk-${randomBytes(6).toString("hex")}`,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    privateKeyBase64: Buffer.from(privateKey.export({ type: "pkcs1", format: "pem" }).toString()).toString("base64"),
  };
}
