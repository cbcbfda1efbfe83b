// What `npm run soak` checks at the end: Postgres against the sandbox's MUX and LiveKit, and the
// logs against every secret the run handled; pure functions (tests/unit/soak-invariants.test.ts).
// docs/architecture.md, "Invariants" (2, 3 and 7, seen from outside after a run with faults).
import type { EgressView, MuxAsset, MuxLiveStream } from "@golive/sandbox";

export type SoakRow = {
  id: string;
  status: string;
  roomName: string;
  egressId: string | null;
  muxLiveStreamId: string | null;
  muxAssetId: string | null;
  /** whether destination_urls_sealed is set (the full URLs of extra destinations, other people's keys inside) */
  sealedUrls: boolean;
};

export type SoakPoolSlot = { id: string; state: string; muxLiveStreamId: string | null };

export type SoakSnapshot = {
  rows: SoakRow[];
  poolSlots: SoakPoolSlot[];
  egresses: EgressView[];
  streams: MuxLiveStream[];
  assets: MuxAsset[];
};

export type Secret = { kind: string; value: string };
export type Log = { name: string; text: string };

export type InvariantResult = { name: string; pass: boolean; checked: number; violations: string[] };

const LIVE = new Set(["starting", "active", "stopping"]);
const ENDED_EGRESS = new Set(["EGRESS_COMPLETE", "EGRESS_FAILED", "EGRESS_ABORTED", "EGRESS_LIMIT_REACHED"]);
export const POOL_PREFIX = "pool:";

const isRunning = (egress: EgressView) => !ENDED_EGRESS.has(egress.status);

function result(name: string, checked: number, violations: string[]): InvariantResult {
  return { name, pass: violations.length === 0, checked, violations };
}

export function checkState(s: SoakSnapshot): InvariantResult[] {
  const live = s.rows.filter((row) => LIVE.has(row.status));
  const egressById = new Map(s.egresses.map((e) => [e.egress_id, e]));
  const running = s.egresses.filter(isRunning);
  const liveEgressIds = new Set(live.map((row) => row.egressId).filter((id): id is string => id !== null));

  const liveWithoutEgress = live.flatMap((row) => {
    const egress = row.egressId ? egressById.get(row.egressId) : undefined;
    if (egress && isRunning(egress)) return [];
    return [`row ${row.id} (${row.status}, room ${row.roomName}): egress ${row.egressId ?? "none"} is ${egress?.status ?? "unknown to LiveKit"}`];
  });

  const egressWithoutRow = running
    .filter((egress) => !liveEgressIds.has(egress.egress_id))
    .map((egress) => {
      const owner = s.rows.find((row) => row.egressId === egress.egress_id);
      return `egress ${egress.egress_id} (${egress.status}, room ${egress.room_name}) is running; ${owner ? `its row ${owner.id} is ${owner.status}` : "no row links it"}`;
    });

  // A pool stream is one a slot of mux_stream_pool holds (packages/golive/src/upstream/pool-claim.ts); once
  // claimed and linked, its row owns it like any other. Pool streams are idle by design.
  const rowByStream = new Map(s.rows.filter((row) => row.muxLiveStreamId).map((row) => [row.muxLiveStreamId ?? "", row]));
  // A slot names its stream once MUX answered; before that (a refill in flight) the stream's
  // passthrough names the slot.
  const slotStreams = new Set(s.poolSlots.map((slot) => slot.muxLiveStreamId).filter((id): id is string => id !== null));
  const slotIds = new Set(s.poolSlots.map((slot) => slot.id));
  const streamViolations = s.streams.flatMap((stream) => {
    const row = rowByStream.get(stream.id);
    const pooled = slotStreams.has(stream.id) || (stream.passthrough?.startsWith(POOL_PREFIX) === true && slotIds.has(stream.passthrough.slice(POOL_PREFIX.length)));
    const tag = `stream ${stream.id} (${stream.status}, passthrough ${stream.passthrough ?? "none"})`;
    if (!row && !pooled) return [`${tag}: unlinked (no row, no pool slot)`];
    if (stream.status === "active" && !(row && LIVE.has(row.status))) return [`${tag}: active, but ${row ? `its row ${row.id} is ${row.status}` : "it is a pool stream"}`];
    return [];
  });

  const inBetween = s.rows.filter((row) => row.status === "starting" || row.status === "stopping").map((row) => `row ${row.id} is ${row.status} (egress ${row.egressId ?? "none"}, stream ${row.muxLiveStreamId ?? "none"})`);

  // MUX has finalised a recording when its asset is no longer live
  // (video.asset.live_stream_completed; docs/architecture.md, "Upstream facts").
  const completed = s.rows.filter((row) => row.status === "completed" && row.muxLiveStreamId);
  const missingAssets = completed.flatMap((row) => {
    const final = s.assets.filter((asset) => asset.live_stream_id === row.muxLiveStreamId && asset.is_live === false);
    if (final.length === 0) return [];
    if (row.muxAssetId && final.some((asset) => asset.id === row.muxAssetId)) return [];
    return [`row ${row.id} (completed, stream ${row.muxLiveStreamId}): MUX has final asset ${final.map((a) => a.id).join(", ")}; the row has ${row.muxAssetId ?? "none"}`];
  });

  // docs/architecture.md, invariant 7: every end erases them.
  const sealedAfterEnd = s.rows.filter((row) => (row.status === "completed" || row.status === "failed") && row.sealedUrls).map((row) => `row ${row.id} (${row.status}) still holds its sealed destination URLs`);

  return [
    result("1. no live row (starting/active/stopping) without a running egress", live.length, liveWithoutEgress),
    result("2. no running egress without a live row", running.length, egressWithoutRow),
    result("3. no MUX stream active or unlinked except the pool", s.streams.length, streamViolations),
    result("4. no row starting or stopping after reconcile", s.rows.length, inBetween),
    result("5. every completed broadcast has its asset once MUX finalised it", completed.length, missingAssets),
    result("7. no ended broadcast keeps its sealed destination URLs", s.rows.length, sealedAfterEnd),
  ];
}

/** Where any secret occurs in any log; names the secret's kind and the log, never the value. */
export function checkLogs(logs: Log[], secrets: Secret[]): InvariantResult {
  const usable = dedupe(secrets.filter((secret) => secret.value.length >= 8));
  const violations: string[] = [];
  for (const log of logs) {
    for (const secret of usable) {
      const at = log.text.indexOf(secret.value);
      if (at >= 0) violations.push(`${log.name}: a ${secret.kind} at offset ${at}`);
    }
  }
  return result("6. no secret in any log (stream keys, destination keys, encryption key, share tokens, session cookies)", usable.length, violations);
}

function dedupe(secrets: Secret[]): Secret[] {
  const seen = new Set<string>();
  return secrets.filter((secret) => (seen.has(secret.value) ? false : (seen.add(secret.value), true)));
}
