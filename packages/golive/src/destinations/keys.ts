import "server-only";
// Every stream key of a broadcast, for masking upstream text: while live from the sealed URLs,
// after the end by keyed hashes only (docs/architecture.md, "Security model"; invariant 3).
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Livestream } from "../db";
import { encryptionSecret } from "../config";
import { boundUpstreamText, maskRecognisedKeys, redactUpstreamText } from "./mask";
import { openUrls } from "./secret-box";

type KeyedRow = Pick<Livestream, "id" | "muxStreamKey" | "destinationUrlsSealed" | "destinationKeyHashes">;

/** What masking a broadcast's text needs: keys in clear while live, keyed hashes for the rest. */
export type BroadcastSecrets = { keys: string[]; hashed: { rowId: string; hashes: readonly string[] }[] };

const hashKeys = new Map<string, Buffer>();
function hashKey(): Buffer {
  const { secret } = encryptionSecret();
  let key = hashKeys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), Buffer.alloc(0), "golive destination key hashes v1", 32));
    hashKeys.set(secret, key);
  }
  return key;
}

const digest = (rowId: string, candidate: string, key: Buffer) => createHmac("sha256", key).update(`${rowId}\n${candidate}`).digest();

/** `<length>.<HMAC, base64url>` of each key, for row `rowId`: the length says which substrings to test. */
export function keyHashesFor(keys: readonly string[], rowId: string): string[] {
  if (keys.length === 0) return [];
  const key = hashKey();
  return [...new Set(keys)].map((k) => `${k.length}.${digest(rowId, k, key).toString("base64url")}`);
}

/** The stream key of a full ingest URL: its last path segment (stream-destinations.ts). */
const keyOfUrl = (url: string) => url.slice(url.lastIndexOf("/") + 1);

/**
 * The secrets of one or more rows. Sealed URLs that can't be opened (LIVESTREAM_ENCRYPTION_KEY
 * changed) leave their keys to the hashes; masking never fails because of them.
 */
export function broadcastSecrets(rows: readonly KeyedRow[]): BroadcastSecrets {
  const keys: string[] = [];
  const hashed: BroadcastSecrets["hashed"] = [];
  for (const row of rows) {
    if (row.muxStreamKey) keys.push(row.muxStreamKey);
    let opened = false;
    if (row.destinationUrlsSealed !== null) {
      try {
        keys.push(...Object.values(openUrls(row.destinationUrlsSealed, row.id)).map(keyOfUrl));
        opened = true;
      } catch {
        // unreadable: the hashes below still recognise the keys
      }
    }
    if (!opened && row.destinationKeyHashes.length > 0) hashed.push({ rowId: row.id, hashes: row.destinationKeyHashes });
  }
  return { keys: keys.filter((k) => k !== ""), hashed };
}

/** Recognises `candidate` as one of the hashed keys. */
function recogniser(hashed: BroadcastSecrets["hashed"]): { lengths: number[]; isKey: (candidate: string) => boolean } {
  const byLength = new Map<number, { rowId: string; digest: Buffer }[]>();
  for (const { rowId, hashes } of hashed) {
    for (const entry of hashes) {
      const dot = entry.indexOf(".");
      const length = Number(entry.slice(0, dot));
      if (dot < 1 || !Number.isInteger(length)) continue;
      const list = byLength.get(length) ?? [];
      list.push({ rowId, digest: Buffer.from(entry.slice(dot + 1), "base64url") });
      byLength.set(length, list);
    }
  }
  if (byLength.size === 0) return { lengths: [], isKey: () => false };
  const key = hashKey();
  return {
    lengths: [...byLength.keys()],
    isKey: (candidate) =>
      (byLength.get(candidate.length) ?? []).some((h) => {
        const d = digest(h.rowId, candidate, key);
        return d.length === h.digest.length && timingSafeEqual(d, h.digest);
      }),
  };
}

/**
 * Upstream text (LiveKit's or MUX's) fit to store and show: bounded in length, every rtmp URL's
 * key masked, every key of the broadcast masked wherever it appears — those known in clear,
 * and those known only by their hashes.
 */
export function maskBroadcastText(text: string, secrets: BroadcastSecrets): string {
  const known = redactUpstreamText(boundUpstreamText(text), secrets.keys);
  if (secrets.hashed.length === 0 || known === "") return known;
  let check: ReturnType<typeof recogniser>;
  try {
    check = recogniser(secrets.hashed);
  } catch {
    // LIVESTREAM_ENCRYPTION_KEY is gone: the hashes can't be tested, so the text isn't kept.
    return WITHHELD_TEXT;
  }
  return maskRecognisedKeys(known, check.lengths, check.isKey);
}

export const WITHHELD_TEXT = "(withheld: this text could not be checked for stream keys)";

/** A masker for the rows' text, their secrets gathered once. */
export function maskerFor(rows: readonly KeyedRow[], extraKeys: readonly (string | null | undefined)[] = []): (text: string) => string {
  const secrets = broadcastSecrets(rows);
  secrets.keys.push(...extraKeys.filter((k): k is string => typeof k === "string" && k !== ""));
  return (text) => maskBroadcastText(text, secrets);
}
