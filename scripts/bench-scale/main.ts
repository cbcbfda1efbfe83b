// `npm run bench:scale`: golive at fleet scale — reconcile (a), a go-live burst (b), go-live latency
// (c) — through the real route handlers on loopback against the sandbox, each beside a baseline of
// the same run; `-- --latency-only` runs (c) alone. docs/benchmarks.md, "Fleet scale".
import { performance } from "node:perf_hooks";
import { benchDatabase, benchDatabaseName } from "../lib/bench-database";
import { startTestApp } from "../lib/harness/test-app";
import { burstSection } from "./burst";
import { RECONCILE_SECRET, type Table } from "./context";
import { latencySection } from "./latency";
import { reconcileSection } from "./reconcile-fleet";
import { installWireCounter } from "./wire-counter";

const latencyOnly = process.argv.includes("--latency-only");
const reconcileOnly = process.argv.includes("--reconcile-only");

const database = await benchDatabase();
// One "Fleet" user seeds 1,000 live broadcasts: the per-user live cap opened up to its maximum.
const app = await startTestApp(database, { env: { RECONCILE_SECRET, MUX_STREAM_POOL_SIZE: "0", LIVESTREAM_MAX_LIVE_PER_USER: "1000" } });
// On Postgres, (c) counts what go-live sends it: the app's handle, opened by the bench.
const wire = process.env.DATABASE_URL ? installWireCounter(process.env.DATABASE_URL).read : undefined;
console.error = () => {}; // the 503s of the burst are logged by design; keep the report clean
const started = performance.now();
// Loaded once startTestApp has set the app's environment (so are the sections' imports).
await import("@/lib/golive");
const { getDb } = await import("@/lib/db");
const table: Table = { a: [], b: [], c: [] };

function printTable(): void {
  console.log(`\ngolive bench:scale — ${benchDatabaseName()}, ${new Date().toISOString().slice(0, 10)}, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  console.log("| measure | value | upstream calls / baseline |\n|---|---|---|");
  for (const row of [...table.a, ...table.b, ...table.c]) console.log(`| ${row.join(" | ")} |`);
}

try {
  const bench = { app, control: app.sandbox.control, user: await app.newUser("Fleet"), db: await getDb(), table };
  if (!reconcileOnly) await latencySection({ ...bench, wire });
  if (!latencyOnly) await reconcileSection(bench);
  if (!latencyOnly && !reconcileOnly) await burstSection(bench);
  printTable();
} finally {
  await app.close();
}
