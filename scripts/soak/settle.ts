// The end of a soak run: faults cleared, held webhooks out, the sandbox settled, and reconcile
// run until it has nothing left to do (at most 5 runs). docs/benchmarks.md, "Soak".
import type postgres from "postgres";
import type { Sandbox } from "@golive/sandbox";
import { call, field, record } from "./http";
import { sleep } from "./options";
import { collectStreamKeys } from "./tally";

type ReconcileReport = {
  examined: number;
  outOfTime: boolean;
  ended: unknown[];
  muxStreamsDeleted: unknown[];
  egressesStopped: unknown[];
  errors: number;
  pool?: { made: number; deleted: unknown[]; forgotten: number };
};

function parseReport(body: unknown): ReconcileReport | undefined {
  const list = (key: string) => {
    const value = field(body, key);
    return Array.isArray(value) ? (value as unknown[]) : [];
  };
  const num = (from: unknown, key: string) => {
    const value = field(from, key);
    return typeof value === "number" ? value : 0;
  };
  if (typeof body !== "object" || body === null) return undefined;
  const pool = field(body, "pool");
  return {
    examined: num(body, "examined"),
    outOfTime: field(body, "outOfTime") === true,
    ended: list("ended"),
    muxStreamsDeleted: list("muxStreamsDeleted"),
    egressesStopped: list("egressesStopped"),
    errors: num(body, "errors"),
    pool: pool === undefined ? undefined : { made: num(pool, "made"), deleted: Array.isArray(field(pool, "deleted")) ? (field(pool, "deleted") as unknown[]) : [], forgotten: num(pool, "forgotten") },
  };
}

const didSomething = (r: ReconcileReport) =>
  r.outOfTime || r.errors > 0 || r.ended.length + r.muxStreamsDeleted.length + r.egressesStopped.length > 0 || (r.pool !== undefined && r.pool.made + r.pool.deleted.length + r.pool.forgotten > 0);

/**
 * Reconcile takes only rows unchanged for 2 minutes (a start in flight is not a crash). The
 * workload has stopped and every answer is in, so nothing is in flight: moving the live rows'
 * `updated_at` back stands in for the two minutes a cron would wait.
 */
async function ageLiveRows(sql: postgres.Sql): Promise<void> {
  await sql`update golive.livestreams set updated_at = updated_at - interval '10 minutes' where status in ('starting', 'active', 'stopping')`;
}

async function settle(sandbox: Sandbox): Promise<void> {
  await sandbox.control.settle();
  // Sandbox time, not wall time: reconnect windows (60 s), `complete`'s 60 s close and a
  // dropped output's 30 s run out, and webhook retries go out.
  await sandbox.control.advance(120_000);
  await sandbox.control.settle();
}

/** Winds the run down once the workload has stopped; one line per reconcile run. */
export async function windDown(sandbox: Sandbox, sql: postgres.Sql, baseUrl: string, reconcileSecret: string): Promise<string[]> {
  sandbox.control.clearFaults();
  await sandbox.control.releaseHeld();
  // Upstream delays injected just before the end (≤ 4 s) finish first.
  await sleep(5_000);
  await settle(sandbox);
  collectStreamKeys(sandbox);

  const runs: string[] = [];
  for (let run = 1; run <= 5; run++) {
    await ageLiveRows(sql);
    const answer = await call(baseUrl, "POST", "/api/video/livestream/reconcile", { headers: { authorization: `Bearer ${reconcileSecret}` }, timeoutMs: 120_000 });
    record("reconcile", answer);
    const report = typeof answer.status === "number" && answer.status === 200 ? parseReport(answer.body) : undefined;
    await settle(sandbox);
    if (!report) {
      runs.push(`run ${run}: ${answer.status}`);
      continue;
    }
    runs.push(
      `run ${run}: examined ${report.examined}, ended ${report.ended.length}, MUX streams deleted ${report.muxStreamsDeleted.length}, egresses stopped ${report.egressesStopped.length}, errors ${report.errors}` +
        (report.pool ? `, pool made ${report.pool.made} deleted ${report.pool.deleted.length} forgotten ${report.pool.forgotten}` : ""),
    );
    if (!didSomething(report)) break;
  }
  collectStreamKeys(sandbox);
  // A pool refill an instance started after a claim may still be waiting for its POST slot
  // (it gives up after 30 s): its stream is not the pool's until the slot names it.
  for (let waited = 0; waited < 40_000; waited += 500) {
    const [{ creating } = { creating: 0 }] = await sql<{ creating: number }[]>`select count(*)::int as creating from golive.mux_stream_pool where state = 'creating'`;
    if (creating === 0) break;
    await sleep(500);
  }
  await sandbox.control.settle();
  return runs;
}
