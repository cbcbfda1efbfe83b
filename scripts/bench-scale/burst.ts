// bench:scale (b): 60 go-lives in 60 rooms within 1 s with the sandbox's MUX rate limits on, pool
// off against a pool of 60. docs/benchmarks.md, "Fleet scale".
import { performance } from "node:perf_hooks";
import type { TestUser } from "../lib/harness/test-app";
import { median, quantile, timed } from "../lib/measure";
import { callsByMethod, maxInWindow } from "./calls";
import { type BenchScale, ms, sleep } from "./context";

const BURST = 60;

export async function burstSection({ app, control, user, db, table }: BenchScale): Promise<void> {
  const { livestreams } = await import("@golive/next/db");
  const { refillPool, postQueueMs, stopPoolRefills } = await import("@golive/next/upstream");
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
}
