// The soak's invariant checks (scripts/soak/invariants.ts) on hand-made states: each
// catches the violation it names and lets the healthy states through, pool streams included.
import { expect, test } from "vitest";
import { checkLogs, checkState, type SoakRow, type SoakSnapshot } from "../../scripts/soak/invariants";
import type { EgressView, MuxAsset, MuxLiveStream } from "@golive/sandbox";

const egress = (id: string, status: EgressView["status"]): EgressView => ({
  egress_id: id,
  room_id: "RM_1",
  room_name: "room",
  status,
  started_at: "0",
  ended_at: "0",
  updated_at: "0",
  error: "",
  error_code: 0,
  details: "",
  stream_results: [],
  raw_urls: [],
});
const stream = (id: string, status: "active" | "idle", passthrough?: string) => ({ id, status, passthrough, stream_key: `key-${id}` }) as MuxLiveStream;
const asset = (id: string, liveStreamId: string, isLive: boolean) => ({ id, live_stream_id: liveStreamId, is_live: isLive, status: "ready" }) as MuxAsset;
const row = (over: Partial<SoakRow>): SoakRow => ({ id: "row", status: "active", roomName: "room", egressId: null, muxLiveStreamId: null, muxAssetId: null, sealedUrls: false, ...over });

const healthy: SoakSnapshot = {
  rows: [
    row({ id: "live", status: "active", egressId: "EG_live", muxLiveStreamId: "ms_live" }),
    row({ id: "done", status: "completed", egressId: "EG_done", muxLiveStreamId: "ms_done", muxAssetId: "as_done" }),
  ],
  poolSlots: [{ id: "slot", state: "ready", muxLiveStreamId: "ms_pool" }],
  egresses: [egress("EG_live", "EGRESS_ACTIVE"), egress("EG_done", "EGRESS_COMPLETE")],
  streams: [stream("ms_live", "active"), stream("ms_done", "idle"), stream("ms_pool", "idle", "pool:slot")],
  assets: [asset("as_live", "ms_live", true), asset("as_done", "ms_done", false)],
};

const failing = (s: SoakSnapshot) =>
  checkState(s)
    .filter((r) => !r.pass)
    .map((r) => r.name.slice(0, 2));

test("a healthy state passes every check", () => {
  expect(checkState(healthy).every((r) => r.pass)).toBe(true);
});

test("each violation fails its own check", () => {
  // 1: a live row whose egress ended; 2 and 3 follow from nothing else here.
  expect(failing({ ...healthy, egresses: [egress("EG_live", "EGRESS_FAILED"), egress("EG_done", "EGRESS_COMPLETE")] })).toEqual(["1."]);
  // 2: an egress running with no live row.
  expect(failing({ ...healthy, egresses: [...healthy.egresses, egress("EG_stray", "EGRESS_ACTIVE")] })).toEqual(["2."]);
  // 3: an unlinked stream (a pool-like passthrough without a slot is unlinked too), an active stream of an ended row.
  expect(failing({ ...healthy, streams: [...healthy.streams, stream("ms_orphan", "idle", "row-gone")] })).toEqual(["3."]);
  expect(failing({ ...healthy, streams: [...healthy.streams, stream("ms_lost_pool", "idle", "pool:gone")] })).toEqual(["3."]);
  // …but a stream whose slot is still `creating` (MUX answered, the slot not yet updated) is the pool's.
  expect(failing({ ...healthy, poolSlots: [...healthy.poolSlots, { id: "refill", state: "creating", muxLiveStreamId: null }], streams: [...healthy.streams, stream("ms_refill", "idle", "pool:refill")] })).toEqual([]);
  expect(failing({ ...healthy, streams: [stream("ms_live", "active"), stream("ms_done", "active"), stream("ms_pool", "idle", "pool:slot")] })).toEqual(["3."]);
  // 4: a row left stopping (its egress still running, so 1 holds).
  expect(failing({ ...healthy, rows: [row({ id: "live", status: "stopping", egressId: "EG_live", muxLiveStreamId: "ms_live" }), healthy.rows[1] ?? row({})] })).toEqual(["4."]);
  // 5: MUX finalised the recording, the row doesn't know it.
  expect(failing({ ...healthy, rows: [healthy.rows[0] ?? row({}), row({ id: "done", status: "completed", egressId: "EG_done", muxLiveStreamId: "ms_done" })] })).toEqual(["5."]);
  // 7: an ended row that kept its sealed destination URLs.
  expect(failing({ ...healthy, rows: [healthy.rows[0] ?? row({}), row({ id: "done", status: "completed", egressId: "EG_done", muxLiveStreamId: "ms_done", muxAssetId: "as_done", sealedUrls: true })] })).toEqual(["7."]);
});

test("a completed row whose recording MUX hasn't finalised (no media, or still live) is not a violation", () => {
  expect(failing({ ...healthy, assets: [asset("as_live", "ms_live", true)], rows: [healthy.rows[0] ?? row({}), row({ id: "done", status: "completed", egressId: "EG_done", muxLiveStreamId: "ms_done" })] })).toEqual([]);
});

test("the log check names the secret's kind and the log, never the value", () => {
  const secrets = [
    { kind: "MUX stream key", value: "0123456789abcdef" },
    { kind: "share token", value: "short" }, // too short to look for
  ];
  const result = checkLogs([{ name: "instance A", text: "GET /x short\nkey=0123456789abcdef\n" }, { name: "instance B", text: "nothing here" }], secrets);
  expect(result.pass).toBe(false);
  expect(result.violations).toEqual(["instance A: a MUX stream key at offset 17"]);
  expect(JSON.stringify(result)).not.toContain("0123456789abcdef");
  expect(checkLogs([{ name: "instance B", text: "nothing here" }], secrets).pass).toBe(true);
});
