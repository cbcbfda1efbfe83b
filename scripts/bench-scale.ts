// `npm run bench:scale`: golive at fleet scale (docs/architecture.md, "Reconcile at fleet
// scale" and "MUX at fleet scale"), with the app's real route handlers over HTTP on loopback
// against the sandbox, one database (embedded PGlite, or a fresh one on the server
// DATABASE_URL names). Three measures, each against a baseline taken in the same run:
//   (a) reconcile with 1,000 live broadcasts and one start that crashed after its MUX create:
//       runs until the crash is repaired, upstream calls and time per run;
//   (b) 60 go-lives in 60 rooms within 1 s, with the sandbox's MUX rate limits on, pool off
//       vs a pool of 60: answers, time to answer, MUX 429s, POSTs per second;
//   (c) go-live latency at 40 ms per upstream call, today's path vs pool + presence, as a
//       ratio to one upstream call.
// Requests go to 127.0.0.1 only; the run takes about 2½ minutes (most of it filling the pool
// of 60 at MUX's one POST a second).
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { benchDatabase, benchDatabaseName } from "./lib/bench-database";
import { startTestApp, type JsonResponse, type TestUser } from "./lib/harness/test-app";
import type { RecordedRequest } from "@golive/sandbox";

const UPSTREAM_DELAY_MS = 40;
const LATENCY_RUNS = 12;
const FLEET = 1_000;
const BURST = 60;
const RECONCILE_SECRET = "bench-scale-reconcile-secret";
/** `npm run bench:scale -- --latency-only`: (c) alone, in about 30 s. */
const latencyOnly = process.argv.includes("--latency-only");

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const quantile = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? 0;
const median = (xs: readonly number[]) => quantile(xs, 0.5);
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, performance.now() - start];
}

/** Upstream calls by method: LiveKit RPCs (ListEgress by what it asks), MUX method + path shape (+ status when not 2xx). */
function callsByMethod(requests: readonly RecordedRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) {
    let name: string;
    if (r.service === "livekit") {
      const body = r.body as { egressId?: string; active?: boolean } | undefined;
      name = r.rpc === "ListEgress" ? `ListEgress(${body?.egressId ? "egressId" : body?.active ? "active" : "all"})` : `${r.rpc ?? r.path}`;
    } else {
      name = `MUX ${r.method} ${r.path.replace(/\/live-streams\/[^/]+/, "/live-streams/{id}").replace("/video/v1", "")}`;
    }
    if (r.status >= 400) name += ` → ${r.status}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => `${name} × ${n}`).join(", ") || "none";
}

/** The most requests in any window of `windowMs` that starts at one of them. */
function maxInWindow(requests: readonly RecordedRequest[], windowMs: number): number {
  const at = requests.map((r) => r.at).sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < at.length; i++) {
    while (j < at.length && (at[j] ?? 0) < (at[i] ?? 0) + windowMs) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

const database = await benchDatabase();
// One "Fleet" user seeds 1,000 live broadcasts: the per-user live cap opened up to its maximum.
const app = await startTestApp(database, { env: { RECONCILE_SECRET, MUX_STREAM_POOL_SIZE: "0", LIVESTREAM_MAX_LIVE_PER_USER: "1000" } });
console.error = () => {}; // the 503s of the burst are logged by design; keep the report clean
const started = performance.now();
await import("@/lib/golive");
const { getDb } = await import("@/lib/db");
const { livestreams, muxStreamPool } = await import("@golive/next/db");
const { startLivestream } = await import("@golive/next/livestream");
const { createLiveStream } = await import("@golive/next/upstream");
const { refillPool, poolRefillsSettled, postQueueMs, stopPoolRefills } = await import("@golive/next/upstream");
const control = app.sandbox.control;
/** The table, section by section: (a), (b), (c). */
const table = { a: [] as string[][], b: [] as string[][], c: [] as string[][] };

/** Until no POST of the shared pace is queued (and the send gate is free again): each go-live of (c) starts alone. */
async function quiet(): Promise<void> {
  await poolRefillsSettled();
  await sleep((await postQueueMs()) + 60);
}

function printTable(): void {
  console.log(`\ngolive bench:scale — ${benchDatabaseName()}, ${new Date().toISOString().slice(0, 10)}, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  console.log("| measure | value | upstream calls / baseline |\n|---|---|---|");
  for (const row of [...table.a, ...table.b, ...table.c]) console.log(`| ${row.join(" | ")} |`);
}

async function goLive(user: TestUser, roomName: string): Promise<JsonResponse> {
  const answer = await user.request("POST", "/api/video/livestream", { roomName });
  if (answer.status !== 201) throw new Error(`go-live in ${roomName} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer;
}

try {
  const user = await app.newUser("Fleet");
  const db = await getDb();

  // ── (c) go-live latency at 40 ms per upstream call ───────────────────────────────────────
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
  // Today's path: no pool, and LiveKit's participant_joined lost, so go-live asks ListParticipants.
  control.webhookFault({ service: "livekit", type: "participant_joined", action: "drop", times: Number.POSITIVE_INFINITY });
  const today: number[] = [];
  let todayCalls = "";
  await latency("today");
  for (let i = 0; i < LATENCY_RUNS; i++) {
    const r = await latency("today");
    today.push(r.ms);
    todayCalls = r.calls;
  }
  control.clearFaults();
  for (const service of ["mux", "livekit"] as const) {
    control.fault({ service, match: {}, times: Number.POSITIVE_INFINITY, action: { delayMs: UPSTREAM_DELAY_MS } });
  }
  // Pool + presence: a pool of 2 (one claimed per go-live, refilled in the background before the next).
  process.env.MUX_STREAM_POOL_SIZE = "2";
  await refillPool();
  const pooled: number[] = [];
  let pooledCalls = "";
  await latency("pool");
  for (let i = 0; i < LATENCY_RUNS; i++) {
    const r = await latency("pool");
    pooled.push(r.ms);
    pooledCalls = r.calls;
  }
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

  if (latencyOnly) printTable();
  else await fleetParts(user, db);
} finally {
  await app.close();
}

/** (a) and (b), and the table. */
async function fleetParts(user: TestUser, db: Awaited<ReturnType<typeof getDb>>): Promise<void> {
  // ── (a) reconcile at 1,000 ────────────────────────────────────────────────────────────────
  control.reset();
  // Seeding: real go-lives through the app's own code, in process (the POST pace opened up,
  // webhooks held back so seeding doesn't wait on 1,000 × their deliveries), then made to
  // look as they would after MUX's `active` webhook, 10 minutes ago.
  process.env.MUX_POSTS_PER_SECOND = "100"; // its maximum: seeding takes 10 s of POST turns
  control.webhookFault({ service: "mux", action: "drop", times: Number.POSITIVE_INFINITY });
  control.webhookFault({ service: "livekit", action: "drop", times: Number.POSITIVE_INFINITY });
  const [, seedMs] = await timed(async () => {
    let next = 0;
    const worker = async () => {
      while (next < FLEET) {
        const i = next++;
        const roomName = `fleet-${i}`;
        control.joinRoom(roomName, user.id);
        await startLivestream({ roomName }, user.id);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  });
  await control.settle();
  control.clearFaults();
  delete process.env.MUX_POSTS_PER_SECOND;
  await db.execute(sql`update livestreams set status = 'active', updated_at = now() - interval '10 minutes' - (random() * interval '1 minute'), started_at = now() - interval '10 minutes' where status in ('starting', 'active') and room_name like 'fleet-%'`);
  const fleetEgresses = control.egresses().filter((e) => e.status === "EGRESS_ACTIVE").length;

  // The crashed start: its row and MUX stream linked, no egress, 3 minutes old (past the 2 min grace).
  const crashedRoom = "fleet-crashed";
  const crashedId = randomUUID();
  const crashedStream = await createLiveStream({ latencyMode: "standard", maxDuration: 43_200, passthrough: crashedId });
  await db.insert(livestreams).values({
    id: crashedId,
    roomName: crashedRoom,
    userId: user.id,
    status: "starting",
    muxLiveStreamId: crashedStream.id,
    muxStreamKey: crashedStream.streamKey,
    muxPlaybackId: crashedStream.playbackId,
    createdAt: new Date(Date.now() - 3 * 60_000),
    updatedAt: new Date(Date.now() - 3 * 60_000),
  });

  const reconcileRun = async () => {
    const before = control.requests().length;
    const [answer, took] = await timed(() => app.anonymous.request("POST", "/api/video/livestream/reconcile", undefined, { authorization: `Bearer ${RECONCILE_SECRET}` }));
    if (answer.status !== 200) throw new Error(`reconcile answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const report = answer.body as { examined: number; pages: number; outOfTime: boolean; ended: { id: string }[]; errors: number };
    return { report, took, calls: callsByMethod(control.requests().slice(before)) };
  };
  const crashRepaired = async (id: string) => {
    const [row] = await db.select({ status: livestreams.status }).from(livestreams).where(eq(livestreams.id, id));
    return row?.status === "failed";
  };
  /** Runs reconcile until row `id` is failed (at most 6 runs); a table row per run. */
  const untilRepaired = async (label: string, id: string): Promise<number> => {
    for (let run = 1; run <= 6; run++) {
      const { report, took, calls } = await reconcileRun();
      const repaired = await crashRepaired(id);
      table.a.push([
        `(a) ${label}, run ${run}`,
        `${report.examined} rows in ${report.pages} pages, ${ms(took)}${report.outOfTime ? ", out of time" : ""}${report.errors ? `, ${report.errors} errors` : ""}; crash ${repaired ? "repaired" : "not reached"}`,
        calls,
      ]);
      if (repaired) return run;
    }
    return Number.POSITIVE_INFINITY;
  };
  const coldRuns = await untilRepaired(`cold (${FLEET} never-checked rows + 1 crashed start)`, crashedId);

  // Steady state: every row has been checked before; a start crashes now.
  const steadyId = randomUUID();
  const steadyStream = await createLiveStream({ latencyMode: "standard", maxDuration: 43_200, passthrough: steadyId });
  await db.insert(livestreams).values({
    id: steadyId,
    roomName: "fleet-crashed-later",
    userId: user.id,
    status: "starting",
    muxLiveStreamId: steadyStream.id,
    muxStreamKey: steadyStream.streamKey,
    muxPlaybackId: steadyStream.playbackId,
    createdAt: new Date(Date.now() - 3 * 60_000),
    updatedAt: new Date(Date.now() - 3 * 60_000),
  });
  // Every healthy row examined at least once (the cold runs may not have reached them all).
  await db.update(livestreams).set({ reconcileCheckedAt: new Date(Date.now() - 60_000) }).where(and(eq(livestreams.status, "active"), sql`${livestreams.reconcileCheckedAt} is null`));
  const steadyRuns = await untilRepaired(`steady (${FLEET} rows checked before + 1 new crashed start)`, steadyId);
  const stillLive = await db.select({ n: sql<number>`count(*)::int` }).from(livestreams).where(inArray(livestreams.status, ["active"]));

  // ── (b) a burst of 60 go-lives in 60 rooms within 1 s, MUX rate limits on ────────────────
  await db.delete(livestreams);
  control.reset();
  // LiveKit's concurrent-egress cap far above the burst (120 egresses at most): it never refuses one here.
  control.setRateLimits({ mux: true, livekitMaxConcurrentEgress: 1_000 });
  // Sixty classrooms, one teacher each: a single account's burst would meet its fair share of
  // the POST queue instead (docs/architecture.md, "MUX at fleet scale").
  const teachers: TestUser[] = [];
  for (let i = 0; i < BURST; i++) teachers.push(await app.newUser(`Teacher ${i}`));
  const teacherOf = (i: number) => teachers[i] ?? user;
  const burst = async (prefix: string, label: string): Promise<void> => {
    const rooms = Array.from({ length: BURST }, (_, i) => `${prefix}-${i}`);
    rooms.forEach((room, i) => control.joinRoom(room, teacherOf(i).id));
    await control.settle(); // presence recorded: go-live's only question to LiveKit is the egress
    const before = control.requests().length;
    const startedAt = performance.now();
    const answers = await Promise.all(
      rooms.map(async (room, i) => {
        await sleep((i * 1000) / BURST); // spread over one second
        const [answer, took] = await timed(() => teacherOf(i).request("POST", "/api/video/livestream", { roomName: room }));
        return { status: answer.status, retryAfter: answer.headers.get("retry-after"), took };
      }),
    );
    const window = performance.now() - startedAt;
    // The burst's own POSTs and those of the pool's refills while it lasted, not the refills after.
    const during = control.requests().slice(before);
    await stopPoolRefills();
    const posts = during.filter((r) => r.service === "mux" && r.method === "POST" && r.path === "/video/v1/live-streams");
    const created = posts.filter((r) => r.status === 201 || r.status === 200).length;
    const tooMany = posts.filter((r) => r.status === 429).length;
    const ok = answers.filter((a) => a.status === 201).length;
    const busy = answers.filter((a) => a.status === 503 && a.retryAfter !== null).length;
    const other = answers.length - ok - busy;
    const times = answers.map((a) => a.took);
    table.b.push([
      `(b) ${label}`,
      `201 × ${ok}, 503 + Retry-After × ${busy}, other × ${other}; time to answer p50 ${ms(median(times))}, p95 ${ms(quantile(times, 0.95))}`,
      `MUX creates ${created}, 429 × ${tooMany} (${created ? (tooMany / created).toFixed(2) : "—"} per stream created), max ${maxInWindow(posts, 1000)} POSTs in any 1 s; all answered in ${ms(window)}`,
    ]);
  };
  await burst("burst-pool-0", `${BURST} go-lives in 1 s, pool off`);
  // Fill a pool of 60 within the POST budget (a refill takes only turns free now), after the
  // queue the first burst left has drained.
  await sleep((await postQueueMs()) + 1_100);
  process.env.MUX_STREAM_POOL_SIZE = String(BURST);
  const fillBefore = control.requests().length;
  const [made, fillMs] = await timed(() => refillPool(120_000));
  const fillPosts = control.requests().slice(fillBefore).filter((r) => r.service === "mux" && r.method === "POST");
  table.b.push([
    `(b) filling the pool of ${BURST}`,
    `${made} streams in ${(fillMs / 1000).toFixed(1)} s`,
    `${callsByMethod(fillPosts)}; max ${maxInWindow(fillPosts, 1000)} POSTs in any 1 s`,
  ]);
  await burst("burst-pool-60", `${BURST} go-lives in 1 s, pool of ${BURST}`);
  await stopPoolRefills();
  control.setRateLimits({});

  // ── the table ─────────────────────────────────────────────────────────────────────────────
  table.a.push([`(a) runs until the crashed start is repaired`, `cold: ${coldRuns}, steady: ${steadyRuns}`, `goal ≤ 2; ${FLEET} broadcasts (seeded in ${(seedMs / 1000).toFixed(1)} s, ${fleetEgresses} egresses running), ${stillLive[0]?.n ?? 0} still active after`]);
  printTable();
}
