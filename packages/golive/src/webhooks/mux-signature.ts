import "server-only";
// MUX's `mux-signature: t=…,v1=…` checked with the webhook secret alone, as @mux/mux-node's
// `webhooks.verifySignature` checks it, and refused when dated ahead too (tests/integration/webhooks.test.ts, "forged, stale and unknown events").
import { createHmac, timingSafeEqual } from "node:crypto";

/** How old a signature may be (MUX's SDK's tolerance), and how far ahead of our clock (skew), in seconds. */
const TOLERANCE_S = 300;

/** The header read as the SDK reads it: its last `t=` (parseInt), and every `v1=`. */
function parseHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp = Number.NaN;
  const signatures: string[] = [];
  for (const item of header.split(",")) {
    const [key, value] = item.split("=");
    if (key === "t") timestamp = Number.parseInt(value ?? "", 10);
    if (key === "v1" && value !== undefined) signatures.push(value);
  }
  return { timestamp, signatures };
}

const sameText = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.byteLength === y.byteLength && timingSafeEqual(x, y);
};

/**
 * True when `header` signs `body` with `secret`: HMAC-SHA256 of `${t}.${body}` (hex) equals
 * one of its `v1=` values, compared in constant time, and `t` is within the tolerance of `nowS`.
 * The SDK refuses only old timestamps: one dated ahead would stay valid, so replayable, for as long as it is.
 */
export function isSignedByMux(body: string, header: string | null, secret: string, nowS = Math.floor(Date.now() / 1000)): boolean {
  if (!header) return false;
  const { timestamp, signatures } = parseHeader(header);
  if (!Number.isSafeInteger(timestamp) || Math.abs(nowS - timestamp) > TOLERANCE_S) return false;
  const expected = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return signatures.some((signature) => sameText(signature, expected));
}
