import "server-only";
// Seals live destinations' full URLs (stream keys included) and saved destinations' keys with
// AES-256-GCM, bound to the row, a key per purpose, failing closed on a wrong key (docs/architecture.md, "Changing a live broadcast";
// tests/unit/secret-box.test.ts).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";
import { encryptionSecret } from "../config";
import { LivestreamError } from "../contract";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * What a sealed value is for, each with a key of its own (HKDF's info): a value sealed for one
 * purpose never opens as another's, whatever row id it is bound to.
 */
export type SealPurpose = "destination urls" | "saved destination keys";

function keyFrom(secret: string, purpose: SealPurpose): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), Buffer.alloc(0), `golive ${purpose} v1`, 32));
}

/** Seals `plaintext` for the row `rowId`: `v1.<iv>.<tag>.<ciphertext>`, base64url each. */
export function seal(plaintext: string, rowId: string, secret: string = encryptionSecret().secret, purpose: SealPurpose = "destination urls"): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secret, purpose), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(rowId, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

export const unreadableSealMessage =
  "This broadcast's destinations can't be read back: LIVESTREAM_ENCRYPTION_KEY is not the key they were stored with. Restore that key, or end the broadcast and go live again.";

/** Opens what `seal` made for the same row, purpose and key; throws not_configured (`unreadable`) otherwise. */
export function open(
  sealed: string,
  rowId: string,
  secret: string = encryptionSecret().secret,
  purpose: SealPurpose = "destination urls",
  unreadable: string = unreadableSealMessage,
): string {
  const [version, iv, tag, body, ...rest] = sealed.split(".");
  try {
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined || rest.length > 0) throw new Error("malformed");
    const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret, purpose), Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(rowId, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // GCM's own error says nothing useful and the value must not be echoed: one clear error.
    throw new LivestreamError("not_configured", unreadable);
  }
}

const urlsSchema = z.record(z.string(), z.string());

/** The full URL of each extra destination, by destination id, sealed for the row. */
export function sealUrls(urls: Readonly<Record<string, string>>, rowId: string): string {
  return seal(JSON.stringify(urls), rowId);
}

/** What `sealUrls` sealed; none when nothing was sealed. */
export function openUrls(sealed: string | null, rowId: string): Record<string, string> {
  if (sealed === null) return {};
  const parsed = urlsSchema.safeParse(JSON.parse(open(sealed, rowId)));
  if (!parsed.success) throw new LivestreamError("not_configured", unreadableSealMessage);
  return parsed.data;
}
