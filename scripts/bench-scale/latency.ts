// bench:scale (c): go-live latency at a fixed delay per upstream call, today's path against pool
// + presence, each beside a bare StartRoomCompositeEgress timed in the same run; for pool +
// presence, where its time goes (before, during and after the egress call) and what it sends
// Postgres. docs/benchmarks.md, "Fleet scale" and "Go-live's own work".
import { performance } from "node:perf_hooks";
import { EgressClient, EncodingOptions, StreamOutput, StreamProtocol } from "livekit-server-sdk";
import type { TestUser } from "../lib/harness/test-app";
import { median, quantile, timed } from "../lib/measure";
import { callsByMethod } from "./calls";
import { type BenchScale, ms, sleep } from "./context";
import type { WireCounts } from "./wire-counter";

const UPSTREAM_DELAY_MS = 40;
const LATENCY_RUNS = 12;
// A server that has been up a while has sent its hot statements on each of its pool's
// connections (postgres.js hands queries to its 10 connections in turn, and prepares a statement
// per connection): the warm-ups give each connection its turn before the timed runs.
const WARM_UPS = 10;
const EGRESS_RPC = "/twirp/livekit.Egress/StartRoomCompositeEgress";

async function goLive(user: TestUser, roomName: string) {
  const answer = await user.request("POST", "/api/video/livestream", { roomName });
  if (answer.status !== 201) throw new Error(`go-live in ${roomName} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer;
}

/** When this process's StartRoomCompositeEgress calls were sent and answered (the SDK calls `fetch`). */
function watchEgressCalls(): { last: () => { sent: number; answered: number } | undefined; restore: () => void } {
  const original = globalThis.fetch;
  let last: { sent: number; answered: number } | undefined;
  globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.includes(EGRESS_RPC)) return original(input, init);
    const sent = performance.now();
    const response = await original(input, init);
    const body = await response.arrayBuffer(); // the SDK reads it at once: count it in the call
    last = { sent, answered: performance.now() };
    return new Response(body, response);
  };
  return { last: () => last, restore: () => void (globalThis.fetch = original) };
}

export async function latencySection({ app, control, user, db, table, wire }: BenchScale & { wire?: () => WireCounts }): Promise<void> {
  const { muxStreamPool } = await import("@golive/next/db");
  const { refillPool, poolRefillsSettled, postQueueMs, stopPoolRefills } = await import("@golive/next/upstream");
  /** Until no POST of the shared pace is queued (and the send gate is free again): each go-live starts alone. */
  const quiet = async (): Promise<void> => {
    await poolRefillsSettled();
    await sleep((await postQueueMs()) + 60);
  };
  const delayed = () => {
    for (const service of ["mux", "livekit"] as const) {
      control.fault({ service, match: {}, times: Number.POSITIVE_INFINITY, action: { delayMs: UPSTREAM_DELAY_MS } });
    }
  };
  const egressCalls = watchEgressCalls();
  type Run = { ms: number; calls: string; before: number; egress: number; after: number; wire?: WireCounts };

  // One room per path, owned since its first go-live (a warm-up, not counted) and the host in it
  // throughout: a classroom going live again, not a room golive has never seen.
  const latency = async (path: "today" | "pool"): Promise<Run> => {
    const room = `latency-${path}`;
    control.joinRoom(room, user.id);
    await control.settle();
    await quiet();
    const before = control.requests().length;
    const wireBefore = wire?.();
    const started = performance.now();
    const [, took] = await timed(() => goLive(user, room));
    const answered = performance.now();
    const wireAfter = wire?.();
    const egress = egressCalls.last();
    // Only the calls the go-live itself made (a pool refill after the take runs beside it).
    const own = control.requests().slice(before).filter((r) => !(r.service === "mux" && (r.body as { passthrough?: string } | undefined)?.passthrough?.startsWith("pool:")));
    await control.settle();
    const stopped = await user.request("DELETE", "/api/video/livestream", { roomName: room });
    if (stopped.status !== 200) throw new Error(`stop answered ${stopped.status}: ${JSON.stringify(stopped.body)}`);
    return {
      ms: took,
      calls: callsByMethod(own),
      before: egress ? egress.sent - started : Number.NaN,
      egress: egress ? egress.answered - egress.sent : Number.NaN,
      after: egress ? answered - egress.answered : Number.NaN,
      wire: wireBefore && wireAfter ? { statements: wireAfter.statements - wireBefore.statements, roundTrips: wireAfter.roundTrips - wireBefore.roundTrips } : undefined,
    };
  };
  /** WARM_UPS go-lives, then LATENCY_RUNS timed ones on `path`. */
  const runs = async (path: "today" | "pool"): Promise<Run[]> => {
    for (let i = 0; i < WARM_UPS; i++) await latency(path);
    const all: Run[] = [];
    for (let i = 0; i < LATENCY_RUNS; i++) all.push(await latency(path));
    return all;
  };
  /** The same StartRoomCompositeEgress go-live sends, straight from the SDK, timed (its egress then stopped). */
  const bareEgress = async (): Promise<number[]> => {
    const { LIVEKIT_API_KEY, LIVEKIT_API_SECRET, NEXT_PUBLIC_LIVEKIT_URL } = process.env;
    const host = (NEXT_PUBLIC_LIVEKIT_URL ?? "").replace(/^ws/, "http");
    const client = new EgressClient(host, LIVEKIT_API_KEY ?? "", LIVEKIT_API_SECRET ?? "");
    const room = "latency-bare";
    control.joinRoom(room, user.id);
    await control.settle();
    const output = () => new StreamOutput({ protocol: StreamProtocol.RTMP, urls: ["rtmp://global-live.mux.com:5222/app/bench-bare-egress-key"] });
    const encoding = new EncodingOptions({ width: 1280, height: 720, framerate: 30, videoBitrate: 3000, audioBitrate: 128, keyFrameInterval: 2 });
    const times: number[] = [];
    for (let i = 0; i <= LATENCY_RUNS; i++) {
      const [info, took] = await timed(() => client.startRoomCompositeEgress(room, output(), { layout: "grid", encodingOptions: encoding }));
      if (i > 0) times.push(took); // the first is the warm-up, as for go-live
      await client.stopEgress(info.egressId).catch(() => {}); // it may have failed already: nobody listens at that URL
      await control.settle();
    }
    return times;
  };

  delayed();
  // Today's path: no pool, and LiveKit's participant_joined lost, so go-live asks ListParticipants.
  control.webhookFault({ service: "livekit", type: "participant_joined", action: "drop", times: Number.POSITIVE_INFINITY });
  const today = await runs("today");
  control.clearFaults();
  delayed();
  // Pool + presence: a pool of 2 (one taken per go-live, refilled in the background before the next).
  process.env.MUX_STREAM_POOL_SIZE = "2";
  await refillPool();
  const pooled = await runs("pool");
  await stopPoolRefills();
  const bare = await bareEgress();
  // What any request costs here (client, route server and app in one process): a bare route.
  const health: number[] = [];
  for (let i = 0; i < 30; i++) health.push((await timed(() => app.anonymous.request("GET", "/api/health")))[1]);
  egressCalls.restore();
  process.env.MUX_STREAM_POOL_SIZE = "0";
  control.clearFaults();
  await db.delete(muxStreamPool);

  const med = (runs: readonly Run[], pick: (r: Run) => number) => median(runs.map(pick));
  const todayMedian = med(today, (r) => r.ms);
  const pooledMedian = med(pooled, (r) => r.ms);
  const bareMedian = median(bare);
  const wireOf = pooled.at(-1)?.wire;
  table.c.push(
    [`(c) go-live today (no pool, no presence), median (p95)`, `${ms(todayMedian)} (${ms(quantile(today.map((r) => r.ms), 0.95))}) = ${(todayMedian / UPSTREAM_DELAY_MS).toFixed(2)}× one call`, today.at(-1)?.calls ?? ""],
    [
      `(c) go-live with pool + presence, median (p95)`,
      `${ms(pooledMedian)} (${ms(quantile(pooled.map((r) => r.ms), 0.95))}) = ${(pooledMedian / bareMedian).toFixed(2)}× the bare egress call, ${(pooledMedian / UPSTREAM_DELAY_MS).toFixed(2)}× the ${UPSTREAM_DELAY_MS} ms delay`,
      `${pooled.at(-1)?.calls ?? ""}; goals ≤ 1.2× the bare call, ≤ 1.25× the delay`,
    ],
    [`(c) the bare StartRoomCompositeEgress (the SDK alone), median`, `${bareMedian.toFixed(1)} ms`, `the same call, delay and sandbox, straight from livekit-server-sdk`],
    [`(c) pool + presence: before the egress call (session, checks, the room's claim), median`, `${med(pooled, (r) => r.before).toFixed(1)} ms`, `request sent → StartRoomCompositeEgress sent`],
    [`(c) pool + presence: the egress call inside go-live, median`, `${med(pooled, (r) => r.egress).toFixed(1)} ms`, `sent → answered; the bare call: ${bareMedian.toFixed(1)} ms`],
    [`(c) pool + presence: after the egress call (record it, kept events, the answer), median`, `${med(pooled, (r) => r.after).toFixed(1)} ms`, `answered → go-live's answer received`],
    [`(c) pool + presence: what one go-live sends Postgres`, wireOf ? `${wireOf.statements} statements in ${wireOf.roundTrips} round trips` : "counted on Postgres only", `session check included; a webhook handled meanwhile counts too`],
    [`(c) a bare route (/api/health), median`, ms(median(health)), `what every request costs here besides the app's own work`],
  );
}
