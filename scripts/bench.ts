// `npm run bench`: go-live/stop latency, status throughput and upstream calls per poll through the
// real route handlers on loopback against the sandbox, each beside a baseline of the same run;
// the shared MUX POST pace measured apart from them (docs/benchmarks.md). Requests are bounded in
// count and go to 127.0.0.1 only.
import { performance } from "node:perf_hooks";
import { benchDatabase, benchDatabaseName } from "./lib/bench-database";
import { startTestApp, type TestUser } from "./lib/harness/test-app";
import { median, quantile, timed } from "./lib/measure";

const UPSTREAM_DELAY_MS = 40;
const LIFECYCLES = 20;
const POLLS = 2_000;
const CONCURRENCY = 16;

const p95 = (xs: number[]) => quantile(xs, 0.95);

/** `total` GETs of `path` by `CONCURRENCY` workers; requests per second. */
async function throughput(user: TestUser, path: string, total: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      const res = await user.request("GET", path);
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    }
  };
  const [, ms] = await timed(() => Promise.all(Array.from({ length: CONCURRENCY }, worker)));
  return (total / ms) * 1000;
}

/** Go-lives started at once in `rooms` at the default pace (1 POST/s): when each answered, from the start. */
async function pacedBurst(app: Awaited<ReturnType<typeof startTestApp>>, user: TestUser, rooms: string[]): Promise<number[]> {
  for (const room of rooms) app.sandbox.control.joinRoom(room, user.id);
  await app.sandbox.control.settle();
  process.env.MUX_POSTS_PER_SECOND = "1";
  const started = performance.now();
  const answered = await Promise.all(
    rooms.map(async (roomName) => {
      const res = await user.request("POST", "/api/video/livestream", { roomName });
      if (res.status !== 201) throw new Error(`paced go-live answered ${res.status}: ${JSON.stringify(res.body)}`);
      return performance.now() - started;
    }),
  );
  process.env.MUX_POSTS_PER_SECOND = OPEN_PACE;
  await app.sandbox.control.settle();
  for (const roomName of rooms) await user.request("DELETE", "/api/video/livestream", { roomName });
  return answered.sort((a, b) => a - b);
}

// The go-lives of the latency figures each need a MUX create; at MUX's 1 POST/s (golive's default
// pace) each would wait for the next POST turn, and the figure would be the pace's, not the app's.
// They run with the pace opened; `pacedBurst` measures the pace itself.
const OPEN_PACE = "100";
const PACED_GO_LIVES = 3;
const database = await benchDatabase();
const app = await startTestApp(database, { viewerCounts: true, env: { MUX_POSTS_PER_SECOND: OPEN_PACE } });
console.error = () => {}; // the app logs nothing on the happy path; keep the report clean
try {
  const user = await app.newUser("Bench");
  for (const service of ["mux", "livekit", "stats"] as const) {
    app.sandbox.control.fault({ service, match: {}, times: Number.POSITIVE_INFINITY, action: { delayMs: UPSTREAM_DELAY_MS } });
  }

  const starts: number[] = [];
  const stops: number[] = [];
  for (let i = 0; i < LIFECYCLES; i++) {
    const room = `bench-${i}`;
    app.sandbox.control.joinRoom(room, user.id);
    await app.sandbox.control.settle(); // participant_joined arrived: go-live reads presence from Postgres
    const [started, startMs] = await timed(() => user.request("POST", "/api/video/livestream", { roomName: room }));
    if (started.status !== 201) throw new Error(`go-live answered ${started.status}: ${JSON.stringify(started.body)}`);
    await app.sandbox.control.settle();
    const [stopped, stopMs] = await timed(() => user.request("DELETE", "/api/video/livestream", { roomName: room }));
    if (stopped.status !== 200) throw new Error(`stop answered ${stopped.status}`);
    starts.push(startMs);
    stops.push(stopMs);
  }
  // Critical paths: go-live = MUX create + StartRoomCompositeEgress (the host's presence comes
  // from LiveKit's webhooks: docs/architecture.md, "Presence"); stop = StopEgress + MUX complete.
  const startFloor = 2 * UPSTREAM_DELAY_MS;
  const stopFloor = 2 * UPSTREAM_DELAY_MS;

  const paced = await pacedBurst(
    app,
    user,
    Array.from({ length: PACED_GO_LIVES }, (_, i) => `bench-paced-${i}`),
  );

  app.sandbox.control.joinRoom("bench-status", user.id);
  const live = await user.request("POST", "/api/video/livestream", { roomName: "bench-status" });
  const { livestreamId } = live.body as { livestreamId: string };
  await app.sandbox.control.settle();
  await throughput(user, "/api/health", 200); // warm up both routes
  await throughput(user, `/api/video/livestream/status?id=${livestreamId}`, 200);

  const callsBefore = app.sandbox.control.requests().length;
  const statusRps = await throughput(user, `/api/video/livestream/status?id=${livestreamId}`, POLLS);
  const upstreamCalls = app.sandbox.control.requests().length - callsBefore;
  const bareRps = await throughput(user, "/api/health", POLLS);

  const rows = [
    ["go-live latency, median (p95)", `${median(starts).toFixed(1)} ms (${p95(starts).toFixed(1)})`, `${startFloor} ms of upstream delay`, `${(median(starts) / startFloor).toFixed(2)}×`],
    ["stop latency, median (p95)", `${median(stops).toFixed(1)} ms (${p95(stops).toFixed(1)})`, `${stopFloor} ms of upstream delay`, `${(median(stops) / stopFloor).toFixed(2)}×`],
    ["status requests/s", statusRps.toFixed(0), `${bareRps.toFixed(0)} req/s on /api/health`, `${(statusRps / bareRps).toFixed(2)}×`],
    [
      `${PACED_GO_LIVES} go-lives at once at the default MUX pace (1 POST/s), answered after`,
      paced.map((x) => `${x.toFixed(0)} ms`).join(", "),
      "one POST turn per second (docs/architecture.md, \"MUX at fleet scale\")",
      `${(((paced.at(-1) ?? 0) - (paced[0] ?? 0)) / (PACED_GO_LIVES - 1)).toFixed(0)} ms apart`,
    ],
    ["upstream calls per 1,000 status polls", ((upstreamCalls * 1000) / POLLS).toFixed(2), "—", "—"],
  ];
  console.log(`\ngolive bench — ${benchDatabaseName()}, ${UPSTREAM_DELAY_MS} ms per upstream call, ${LIFECYCLES} go-live/stop cycles, ${POLLS} polls × ${CONCURRENCY} concurrent\n`);
  console.log("| measure | value | baseline (same run) | ratio |\n|---|---|---|---|");
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
} finally {
  await app.close();
}
