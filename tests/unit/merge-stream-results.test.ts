import { StreamInfo_Status } from "@livekit/protocol";
import { EgressStatus } from "livekit-server-sdk";
import { expect, test } from "vitest";
import type { StoredDestination } from "@golive/next/db";
import { isOlderThanApplied, mergeStreamResults, storedEgressUpdate } from "@golive/next/livestream";

const dest = (type: StoredDestination["type"], maskedUrl: string): StoredDestination => ({ type, name: type, maskedUrl, status: "connecting" });
const destinations = [
  dest("mux", "rtmp://global-live.mux.com:5222/app/abcd…wxyz"),
  dest("youtube", "rtmp://a.rtmp.youtube.com/live2/yt11…1111"),
  dest("youtube", "rtmp://a.rtmp.youtube.com/live2/yt22…2222"),
];

test("LiveKit's redacted URLs are matched to our masked ones by everything but the key, in order", () => {
  const merged = mergeStreamResults(destinations, [
    { url: "rtmp://global-live.mux.com:5222/app/{abc...xyz}", status: 0, error: "" },
    { url: "rtmp://a.rtmp.youtube.com/live2/{yt1...111}", status: 0, error: "" },
    { url: "rtmp://a.rtmp.youtube.com/live2/{yt2...222}", status: 2, error: "connection refused" },
  ]);
  expect(merged.map((d) => [d.status, d.error])).toEqual([
    ["live", undefined],
    ["live", undefined],
    ["failed", "connection refused"],
  ]);
  expect(destinations[2]?.status).toBe("connecting"); // the input is not mutated
});

const MUX = "rtmp://global-live.mux.com:5222/app/{abc...xyz}";
const YT1 = "rtmp://a.rtmp.youtube.com/live2/{yt1...111}";
const { ACTIVE, FINISHED, FAILED } = StreamInfo_Status;

test("a destination not reported keeps its state; an unknown URL changes nothing", () => {
  const failed = mergeStreamResults(destinations, [{ url: YT1, status: FAILED, error: "boom" }]);
  expect(failed.map((d) => d.status)).toEqual(["connecting", "failed", "connecting"]);
  const unknown = mergeStreamResults(failed, [{ url: "rtmp://elsewhere.example/app/{k...y}", status: ACTIVE, error: "" }]);
  expect(unknown).toEqual(failed);
});

test("failed and finished are final: a later (or replayed) ACTIVE, or another error, changes nothing", () => {
  const failed = mergeStreamResults(destinations, [{ url: YT1, status: FAILED, error: "boom" }]);
  const finished = mergeStreamResults(failed, [
    { url: MUX, status: FINISHED, error: "" },
    { url: YT1, status: ACTIVE, error: "" },
  ]);
  expect(finished.map((d) => [d.status, d.error])).toEqual([["finished", undefined], ["failed", "boom"], ["connecting", undefined]]);
  const again = mergeStreamResults(finished, [
    { url: MUX, status: ACTIVE, error: "" },
    { url: YT1, status: FAILED, error: "a later reason" },
  ]);
  expect(again).toEqual(finished);
});

test("live never goes back to connecting (a late EGRESS_STARTING event)", () => {
  const live = mergeStreamResults(destinations, [{ url: MUX, status: ACTIVE, error: "" }], { egressStatus: EgressStatus.EGRESS_ACTIVE });
  expect(live[0]?.status).toBe("live");
  const late = mergeStreamResults(live, [{ url: MUX, status: ACTIVE, error: "" }], { egressStatus: EgressStatus.EGRESS_STARTING });
  expect(late[0]?.status).toBe("live");
});

test("the outputs of an ended broadcast are never made live again; they may still finish", () => {
  const ended = { egressStatus: EgressStatus.EGRESS_ACTIVE, broadcastEnded: true };
  expect(mergeStreamResults(destinations, [{ url: MUX, status: ACTIVE, error: "" }], ended)[0]?.status).toBe("connecting");
  expect(mergeStreamResults(destinations, [{ url: MUX, status: FINISHED, error: "" }], ended)[0]?.status).toBe("finished");
});

test("an egress still starting has no live destination yet, whatever its streams' default status says", () => {
  const starting = mergeStreamResults(destinations, [{ url: MUX, status: ACTIVE, error: "" }], { egressStatus: EgressStatus.EGRESS_STARTING });
  expect(starting[0]?.status).toBe("connecting");
  const active = mergeStreamResults(destinations, [{ url: MUX, status: ACTIVE, error: "" }], { egressStatus: EgressStatus.EGRESS_ACTIVE });
  expect(active[0]?.status).toBe("live");
});

test("StreamInfo's started_at says an output connected; ended_at, or an ended egress, that it is over", () => {
  const startedAt = new Date(1_700_000_000_000);
  const connected = mergeStreamResults(destinations, [{ url: MUX, status: ACTIVE, error: "", startedAt }], {
    egressStatus: EgressStatus.EGRESS_STARTING,
  });
  expect(connected[0]?.status).toBe("live");
  const over = mergeStreamResults(connected, [{ url: MUX, status: ACTIVE, error: "", startedAt, endedAt: new Date(1_700_000_001_000) }]);
  expect(over[0]?.status).toBe("finished");
  const egressEnded = mergeStreamResults(connected, [{ url: MUX, status: ACTIVE, error: "" }], { egressStatus: EgressStatus.EGRESS_COMPLETE });
  expect(egressEnded[0]?.status).toBe("finished");
});

test("LiveKit's error text is stored with known keys and every rtmp URL's key masked", () => {
  const muxKey = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
  const merged = mergeStreamResults(
    destinations,
    [{ url: YT1, status: FAILED, error: `dial rtmp://a.rtmp.youtube.com/live2/yt-secret-key-123456 failed; mux key ${muxKey}` }],
    { knownKeys: [muxKey, null] },
  );
  expect(merged[1]?.error).toBe("dial rtmp://a.rtmp.youtube.com/live2/yt-s…3456 failed; mux key 0f1e…e1f0");
});

test("events are ordered by LiveKit's updated_at; ones without it (stored before it was kept) can't be", () => {
  const applied = 1_700_000_000_123_456_789n; // beyond Number's exact range: compared as bigint
  expect(isOlderThanApplied({ updatedAt: 1_700_000_000_123_456_788n }, applied)).toBe(true);
  expect(isOlderThanApplied({ updatedAt: 1_700_000_000_123_456_789n }, applied)).toBe(false);
  expect(isOlderThanApplied({ updatedAt: 1_700_000_000_123_456_790n }, applied)).toBe(false);
  expect(isOlderThanApplied({ updatedAt: 1_700_000_000_123_456_788n }, null)).toBe(false);
  expect(isOlderThanApplied({}, applied)).toBe(false);
});

test("an update stored as JSON before updated_at and stream times were kept still parses", () => {
  const stored = { egressId: "EG_old", roomName: "r", status: 1, error: "", streams: [{ url: MUX, status: 0, error: "" }] };
  expect(storedEgressUpdate(stored)).toEqual(stored);
  expect(storedEgressUpdate({ ...stored, updatedAt: "-1" })).toBeUndefined();
});

test("a stored update's times (LiveKit's ns as decimal text, 0 = unset) are read back whole", () => {
  const stream = { url: MUX, status: 0, error: "", startedAt: "1700000000000000000", endedAt: "0", retries: 1, lastRetryAt: "1700000001000000000" };
  expect(storedEgressUpdate({ egressId: "EG_1", roomName: "r", status: 1, error: "", updatedAt: "1700000000123456789", streams: [stream] })).toEqual({
    egressId: "EG_1",
    roomName: "r",
    status: 1,
    error: "",
    updatedAt: 1_700_000_000_123_456_789n,
    streams: [{ url: MUX, status: 0, error: "", startedAt: new Date(1_700_000_000_000), retries: 1, lastRetryAt: new Date(1_700_000_001_000) }],
  });
  expect(storedEgressUpdate({ egressId: "EG_1", roomName: "r", status: 1, error: "", updatedAt: "0", streams: [] })?.updatedAt).toBeUndefined();
});

test("MUX's output reconnecting (MUX said its encoder dropped): LiveKit's ACTIVE keeps it so, its FAILED or FINISHED ends it", () => {
  const reconnecting = destinations.map((d, i) => (i === 0 ? { ...d, status: "reconnecting" as const } : d));
  const retrying = mergeStreamResults(reconnecting, [{ url: MUX, status: ACTIVE, error: "", startedAt: new Date(), retries: 2 }]);
  expect(retrying[0]).toMatchObject({ status: "reconnecting", retries: 2 });
  expect(mergeStreamResults(reconnecting, [{ url: MUX, status: FAILED, error: "gave up" }])[0]).toMatchObject({ status: "failed", error: "gave up" });
  expect(mergeStreamResults(reconnecting, [{ url: MUX, status: FINISHED, error: "" }])[0]?.status).toBe("finished");
});
