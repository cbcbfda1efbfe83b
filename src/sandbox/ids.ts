/**
 * Identifier generators shaped like the real services' ids.
 *
 * Faithful to: the visible shape — MUX ids are opaque base62-ish strings (~40+ chars),
 * stream keys are UUID-like, LiveKit ids are `EG_`/`RM_`/`PA_`/`EV_` + 12 base62 chars
 * (livekit/protocol guid.New).
 * Cannot catch: code that parses ids (don't), or collisions across separate sandbox runs.
 */
import { randomBytes, randomUUID } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function base62(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += BASE62[byte % BASE62.length];
  return out;
}

/** MUX resource ids (live streams, assets, playback ids, simulcast targets). */
export function muxId(): string {
  return base62(44);
}

/** MUX stream keys look like UUIDs. */
export function muxStreamKey(): string {
  return randomUUID();
}

export function livekitId(prefix: "EG_" | "RM_" | "PA_" | "EV_" | "WH_"): string {
  return prefix + base62(12);
}
