/**
 * The first video presentation timestamp (PTS, 90 kHz) in an MPEG-TS segment: where a WebVTT
 * segment's `X-TIMESTAMP-MAP=MPEGTS:…` must point so a player lines its cues up with the video
 * (RFC 8216 §3.5). Read from the committed files (hls-media.ts) rather than written down, so
 * re-made media can't leave the captions pointing at stale timestamps.
 *
 * Faithful to: ISO/IEC 13818-1 packet and PES header layout (188-byte packets, sync 0x47,
 * payload_unit_start_indicator, adaptation_field_control, PES start code, PTS_DTS_flags and the
 * 33-bit PTS split over 5 bytes).
 * Cannot catch: anything beyond the first PES of a video stream id (0xE0–0xEF): no PAT/PMT
 * parsing, so it relies on the script's single video stream; no B-frame reordering (the first
 * PES is the segment's opening keyframe, displayed first).
 */
const PACKET = 188;

export function firstVideoPts(ts: Uint8Array): number | undefined {
  for (let at = 0; at + PACKET <= ts.length; at += PACKET) {
    if (ts[at] !== 0x47) return undefined; // lost sync: not a plain 188-byte stream
    const unitStart = (byte(ts, at + 1) & 0x40) !== 0;
    const adaptation = (byte(ts, at + 3) >> 4) & 0x3;
    if (!unitStart || (adaptation & 0x1) === 0) continue; // no payload, or no PES starting here
    const payload = at + 4 + (adaptation === 0x3 ? 1 + byte(ts, at + 4) : 0);
    if (payload + 14 > at + PACKET) continue;
    const isPes = byte(ts, payload) === 0 && byte(ts, payload + 1) === 0 && byte(ts, payload + 2) === 1;
    const streamId = byte(ts, payload + 3);
    if (!isPes || streamId < 0xe0 || streamId > 0xef) continue;
    if ((byte(ts, payload + 7) & 0x80) === 0) continue; // PES without a PTS
    const p = payload + 9;
    // 33 bits: 3 + 15 + 15, each group followed by a marker bit. Multiplication, not <<, past 32 bits.
    return (
      ((byte(ts, p) >> 1) & 0x07) * 2 ** 30 +
      byte(ts, p + 1) * 2 ** 22 +
      ((byte(ts, p + 2) >> 1) & 0x7f) * 2 ** 15 +
      byte(ts, p + 3) * 2 ** 7 +
      ((byte(ts, p + 4) >> 1) & 0x7f)
    );
  }
  return undefined;
}

const byte = (bytes: Uint8Array, i: number): number => bytes[i] ?? 0;
