import { expect, test } from "vitest";
import type { StoredDestination } from "@golive/next/db";
import { MAX_ENDED_DESTINATIONS, trimEnded } from "@golive/next/destinations";
import { mergeStreamResults } from "@golive/next/livestream";

const mux: StoredDestination = { id: "mux", type: "mux", name: "MUX", maskedUrl: "rtmp://mux/app/abcd…wxyz", status: "live" };
const extra = (id: string, over: Partial<StoredDestination> = {}): StoredDestination => ({ id, type: "custom", name: id, maskedUrl: "rtmp://relay/app/k…y", status: "live", ...over });
const removed = (id: string) => extra(id, { status: "finished", removedAt: "2026-01-01T00:00:00.000Z" });

test("keeps MUX, every running destination and the latest ended ones; drops the earliest ended beyond the cap", () => {
  const ended = Array.from({ length: MAX_ENDED_DESTINATIONS + 5 }, (_, i) => (i % 5 === 0 ? extra(`e${i}`, { status: "failed" }) : removed(`e${i}`)));
  const running = [extra("r1"), extra("r2", { status: "connecting" })];
  const { kept, dropped } = trimEnded([mux, running[0]!, ...ended, running[1]!]);
  expect(dropped).toEqual(["e0", "e1", "e2", "e3", "e4"]);
  expect(kept.map((d) => d.id)).toEqual(["mux", "r1", ...ended.slice(5).map((d) => d.id), "r2"]);
});

test("at or under the cap nothing is dropped", () => {
  const list = [mux, ...Array.from({ length: MAX_ENDED_DESTINATIONS }, (_, i) => removed(`e${i}`)), extra("r")];
  expect(trimEnded(list)).toEqual({ kept: list, dropped: [] });
});

test("a dropped destination's FINISHED result doesn't finish a later one with the same redacted URL", () => {
  const url = "rtmp://relay/app/{rel...789}";
  // LiveKit's results: the dropped one's (FINISHED, first), then the same address added again.
  const merged = mergeStreamResults([mux, extra("again", { livekitUrl: url, status: "connecting" })], [
    { url, status: 1, error: "" },
    { url, status: 0, error: "", startedAt: new Date() },
  ]);
  expect(merged[1]?.status).toBe("live");
});
