// The studio panel's health lines (packages/golive/src/ui/livestream/destination-health.ts) and the
// times they say (format.ts): one sentence and a colour each, never green for a retrying output.
import { describe, expect, test } from "vitest";
import type { LivestreamHealth } from "@golive/next/contract";
import { destinationHealthLine, type DestinationFacts, formatAgo, formatClock, formatWhen, ingestHealthLine, muxWarningLine, serverNow } from "@golive/next/ui";

const NOW = new Date(2026, 11, 3, 14, 3, 7).getTime();
const ago = (ms: number) => new Date(NOW - ms);

describe("destinationHealthLine", () => {
  test.each<[string, DestinationFacts, { tone: string; sentence: string }]>([
    ["reconnecting with attempts", { name: "Twitch", status: "reconnecting", retries: 6, lastRetryAt: ago(4_000) }, { tone: "warn", sentence: "Twitch is reconnecting: 6 attempts, last 4 s ago" }],
    ["one attempt", { name: "Twitch", status: "reconnecting", retries: 1, lastRetryAt: ago(61_000) }, { tone: "warn", sentence: "Twitch is reconnecting: 1 attempt, last 1 min ago" }],
    ["MUX reconnecting without LiveKit's count", { name: "MUX", status: "reconnecting" }, { tone: "warn", sentence: "MUX is reconnecting: its server dropped the stream." }],
    ["failed with LiveKit's reason", { name: "YouTube", status: "failed", error: "connection refused" }, { tone: "bad", sentence: "YouTube failed: connection refused" }],
    ["failed without one", { name: "YouTube", status: "failed" }, { tone: "bad", sentence: "YouTube failed." }],
    ["live", { name: "MUX", status: "live" }, { tone: "ok", sentence: "MUX is live." }],
    ["live again after retries", { name: "Twitch", status: "live", retries: 3, lastRetryAt: ago(90_000) }, { tone: "ok", sentence: "Twitch is live again after 3 attempts, last 1 min ago." }],
    ["connecting", { name: "Own server", status: "connecting" }, { tone: "warn", sentence: "Own server is connecting…" }],
    ["finished", { name: "YouTube", status: "finished" }, { tone: "muted", sentence: "YouTube has finished." }],
    ["removed within the hour", { name: "YouTube", status: "finished", removedAt: ago(30_000) }, { tone: "muted", sentence: "YouTube was removed 30 s ago." }],
    ["removed earlier: a 24-hour time", { name: "YouTube", status: "finished", removedAt: new Date(2026, 11, 3, 13, 2, 5) }, { tone: "muted", sentence: "YouTube was removed at 13:02:05." }],
    ["no report yet", { name: "YouTube" }, { tone: "muted", sentence: "YouTube: no report yet." }],
  ])("%s", (_name, facts, expected) => {
    expect(destinationHealthLine(facts, NOW)).toEqual(expected);
  });

  test("only a live output is green", () => {
    for (const status of ["connecting", "reconnecting", "failed", "finished"] as const) {
      expect(destinationHealthLine({ name: "X", status, retries: 2, lastRetryAt: ago(1_000) }, NOW).tone).not.toBe("ok");
    }
  });
});

const health = (ingest: LivestreamHealth["ingest"], warning: LivestreamHealth["warning"] = null, ingestAvailable = true): LivestreamHealth => ({ ingestAvailable, ingest, warning });
const reading = (status: "excellent" | "good" | "poor" | "unknown", driftSessionAvgMs: number | null = 100) => ({
  status,
  driftSessionAvgMs,
  driftDeviationMs: 50,
  updatedAt: ago(2_000),
  checkedAt: ago(1_000),
});

describe("ingestHealthLine", () => {
  test.each<[string, LivestreamHealth, "active" | "starting" | "completed", { tone: string; sentence: string } | null]>([
    ["excellent", health(reading("excellent")), "active", { tone: "ok", sentence: "Incoming video: excellent" }],
    ["good", health(reading("good")), "active", { tone: "ok", sentence: "Incoming video: good" }],
    ["poor, with MUX's drift in seconds", health(reading("poor", 2_140)), "active", { tone: "bad", sentence: "Incoming video: poor (2.1 s behind on average)" }],
    ["poor, drift in ms", health(reading("poor", 640)), "active", { tone: "bad", sentence: "Incoming video: poor (640 ms behind on average)" }],
    ["poor without a drift", health(reading("poor", null)), "active", { tone: "bad", sentence: "Incoming video: poor" }],
    ["unknown", health(reading("unknown")), "active", { tone: "muted", sentence: "Incoming video: unknown" }],
    ["not read yet", health(null), "active", { tone: "muted", sentence: "Incoming video: not measured yet." }],
    ["no signing key", health(null, null, false), "active", null],
    ["not active", health(reading("good")), "starting", null],
    ["ended", health(reading("good")), "completed", null],
  ])("%s", (_name, h, status, expected) => {
    expect(ingestHealthLine(h, status)).toEqual(expected);
  });
});

describe("muxWarningLine", () => {
  test("MUX's warning with when it came; none without one", () => {
    expect(muxWarningLine(health(null, { type: "x", message: "Keyframes arrive every 8 s.", at: ago(150_000) }), NOW)).toEqual({ tone: "warn", sentence: "Warning, 2 min ago: Keyframes arrive every 8 s." });
    expect(muxWarningLine(health(null), NOW)).toBeNull();
  });
});

describe("times", () => {
  test.each([
    [0, "just now"],
    [-5_000, "just now"],
    [4_000, "4 s ago"],
    [59_999, "59 s ago"],
    [60_000, "1 min ago"],
    [3_599_000, "59 min ago"],
    [7_200_000, "2 h ago"],
  ])("formatAgo(%i) = %s", (ms, text) => {
    expect(formatAgo(ms)).toBe(text);
  });

  test("24-hour clock times, never AM/PM", () => {
    expect(formatClock(new Date(2026, 11, 3, 14, 3, 7))).toBe("14:03:07");
    expect(formatClock(new Date(2026, 11, 3, 0, 0, 9))).toBe("00:00:09");
    expect(formatWhen(new Date(NOW - 3_600_000), NOW)).toBe("at 13:03:07");
    expect(formatWhen(new Date(NOW - 5_000), NOW)).toBe("5 s ago");
  });

  test("serverNow counts on the server's clock: skew between the browser and the server never shows", () => {
    const startedAt = new Date(NOW - 100_000);
    // The browser's clock is an hour ahead; 3 s passed since the read.
    const fetchedAt = NOW + 3_600_000;
    expect(serverNow({ startedAt, duration: 100 }, fetchedAt, fetchedAt + 3_000)).toBe(NOW + 3_000);
    // Before the start: the browser's clock at the read.
    expect(serverNow({ startedAt: null, duration: null }, fetchedAt, fetchedAt + 3_000)).toBe(fetchedAt + 3_000);
  });
});
