// bench:scale (c): go-live latency at a fixed delay per upstream call, today's path against pool
// + presence, as a ratio to one upstream call. docs/benchmarks.md, "Fleet scale".
import type { TestUser } from "../lib/harness/test-app";
import { median, quantile, timed } from "../lib/measure";
import { callsByMethod } from "./calls";
import { type BenchScale, ms, sleep } from "./context";

const UPSTREAM_DELAY_MS = 40;
const LATENCY_RUNS = 12;

async function goLive(user: TestUser, roomName: string) {
  const answer = await user.request("POST", "/api/video/livestream", { roomName });
  if (answer.status !== 201) throw new Error(`go-live in ${roomName} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer;
}

export async function latencySection({ app, control, user, db, table }: BenchScale): Promise<void> {
  const { muxStreamPool } = await import("@golive/next/db");
  const { refillPool, poolRefillsSettled, postQueueMs, stopPoolRefills } = await import("@golive/next/upstream");
  /** Until no POST of the shared pace is queued (and the send gate is free again): each go-live starts alone. */
  const quiet = async (): Promise<void> => {
    await poolRefillsSettled();
    await sleep((await postQueueMs()) + 60);
  };

  for (const service of ["mux", "livekit"] as const) {
    control.fault({ service, match: {}, times: Number.POSITIVE_INFINITY, action: { delayMs: UPSTREAM_DELAY_MS } });
  }
  // One room per path, owned since its first go-live (a warm-up, not counted) and the host in it
  // throughout: a classroom going live again, not a room golive has never seen.
  const latency = async (path: "today" | "pool"): Promise<{ ms: number; calls: string }> => {
    const room = `latency-${path}`;
    control.joinRoom(room, user.id);
    await control.settle();
    await quiet();
    const before = control.requests().length;
    const [answer, took] = await timed(() => goLive(user, room));
    // Only the calls the go-live itself made (a pool refill after the claim runs beside it).
    const own = control.requests().slice(before).filter((r) => !(r.service === "mux" && (r.body as { passthrough?: string } | undefined)?.passthrough?.startsWith("pool:")));
    await control.settle();
    const stopped = await user.request("DELETE", "/api/video/livestream", { roomName: room });
    if (stopped.status !== 200) throw new Error(`stop answered ${stopped.status}: ${JSON.stringify(answer.body)}`);
    return { ms: took, calls: callsByMethod(own) };
  };
  /** A warm-up, then LATENCY_RUNS timed go-lives on `path`: their times and the last one's calls. */
  const runs = async (path: "today" | "pool"): Promise<{ times: number[]; calls: string }> => {
    const times: number[] = [];
    let calls = "";
    await latency(path);
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const r = await latency(path);
      times.push(r.ms);
      calls = r.calls;
    }
    return { times, calls };
  };
  // Today's path: no pool, and LiveKit's participant_joined lost, so go-live asks ListParticipants.
  control.webhookFault({ service: "livekit", type: "participant_joined", action: "drop", times: Number.POSITIVE_INFINITY });
  const { times: today, calls: todayCalls } = await runs("today");
  control.clearFaults();
  for (const service of ["mux", "livekit"] as const) {
    control.fault({ service, match: {}, times: Number.POSITIVE_INFINITY, action: { delayMs: UPSTREAM_DELAY_MS } });
  }
  // Pool + presence: a pool of 2 (one claimed per go-live, refilled in the background before the next).
  process.env.MUX_STREAM_POOL_SIZE = "2";
  await refillPool();
  const { times: pooled, calls: pooledCalls } = await runs("pool");
  await stopPoolRefills();
  // What any request costs here (client, route server and app in one process): a bare route.
  const bare: number[] = [];
  for (let i = 0; i < 30; i++) bare.push((await timed(() => app.anonymous.request("GET", "/api/health")))[1]);
  process.env.MUX_STREAM_POOL_SIZE = "0";
  control.clearFaults();
  await db.delete(muxStreamPool);
  const todayMedian = median(today);
  const pooledMedian = median(pooled);
  table.c.push(
    [`(c) go-live today (no pool, no presence), median (p95)`, `${ms(todayMedian)} (${ms(quantile(today, 0.95))}) = ${(todayMedian / UPSTREAM_DELAY_MS).toFixed(2)}× one call`, todayCalls],
    [`(c) go-live with pool + presence, median (p95)`, `${ms(pooledMedian)} (${ms(quantile(pooled, 0.95))}) = ${(pooledMedian / UPSTREAM_DELAY_MS).toFixed(2)}× one call`, `${pooledCalls}; goal ≤ 1.25×`],
    [`(c) a bare route (/api/health), median`, ms(median(bare)), `what every request costs here besides the app's own work`],
  );
}
