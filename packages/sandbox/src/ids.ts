/**
 * Identifier generators shaped like the real services' ids.
 *
 * Faithful to: the visible shape — MUX ids are opaque base62-ish strings (~40+ chars),
 * stream keys are UUID-like, LiveKit ids are `EG_`/`RM_`/`PA_`/`EV_` + 12 base62 chars
 * (livekit/protocol guid.New).
 * Deterministic on request: a sandbox started with `seed` makes the same ids in the same
 * order every run (a SHA-256 counter stream), so a failing test can be replayed exactly;
 * without it ids come from crypto.randomBytes.
 * Cannot catch: code that parses ids (don't), or collisions across separate sandbox runs.
 */
import { createHash, randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export class Ids {
  private counter = 0;

  constructor(private readonly seed?: number) {}

  private bytes(length: number): Buffer {
    if (this.seed === undefined) return randomBytes(length);
    const out: Buffer[] = [];
    let have = 0;
    while (have < length) {
      const block = createHash("sha256").update(`${this.seed}:${this.counter++}`).digest();
      out.push(block);
      have += block.length;
    }
    return Buffer.concat(out).subarray(0, length);
  }

  base62(length: number): string {
    let out = "";
    for (const byte of this.bytes(length)) out += BASE62[byte % BASE62.length];
    return out;
  }

  /** MUX resource ids (live streams, assets, playback ids, simulcast targets). */
  muxId(): string {
    return this.base62(44);
  }

  /** MUX stream keys look like UUIDs (v4 layout). */
  muxStreamKey(): string {
    const b = this.bytes(16);
    b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
    const hex = b.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  livekitId(prefix: "EG_" | "RM_" | "PA_" | "EV_" | "WH_"): string {
    return prefix + this.base62(12);
  }

  /** Webhook event ids (MUX uses UUIDs). */
  uuid(): string {
    return this.muxStreamKey();
  }
}
