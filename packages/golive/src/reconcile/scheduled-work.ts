import "server-only";
// Reconcile on a timer inside long-running servers, one instance at a time through a lease row
// in `scheduled_work` (docs/architecture.md, "Reconcile at fleet scale"; tests/integration/scheduled-work.test.ts).
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { getDb, scheduledWork } from "../db";
import { describeError } from "../config";
import { reconcile } from "./run";

/** This process, as a lease holder. */
const HOLDER = randomUUID();

/**
 * Takes `name`'s lease for `ms` if it is free, expired or already this process's; true when taken.
 * One guarded upsert, so two instances ticking together can't both win.
 */
export async function takeLease(name: string, ms: number, holder: string = HOLDER): Promise<boolean> {
  const db = await getDb();
  const until = new Date(Date.now() + ms);
  const taken = await db
    .insert(scheduledWork)
    .values({ name, holder, leaseUntil: until })
    .onConflictDoUpdate({
      target: scheduledWork.name,
      set: { holder, leaseUntil: until },
      where: sql`${scheduledWork.leaseUntil} < now() or ${scheduledWork.holder} = ${holder}`,
    })
    .returning({ name: scheduledWork.name });
  return taken.length > 0;
}

async function markRun(name: string): Promise<void> {
  const db = await getDb();
  await db.update(scheduledWork).set({ lastRunAt: new Date() }).where(sql`${scheduledWork.name} = ${name}`);
}

export type Schedule = { stop: () => void };

/**
 * Runs reconcile every `intervalSeconds` on whichever instance holds the lease. The lease lasts
 * one interval (at least a run's 40 s budget plus its tail), so a tick that finds it taken
 * skips, and an instance that dies mid-run gives the job up when its lease runs out.
 */
export function startReconcileSchedule(
  intervalSeconds: number,
  { run = reconcile, holder = HOLDER }: { run?: () => Promise<unknown>; holder?: string } = {},
): Schedule {
  const intervalMs = intervalSeconds * 1000;
  const leaseMs = Math.max(intervalMs, 60_000);
  let running = false;
  const tick = async () => {
    if (running) return; // this process's previous run is still going
    running = true;
    try {
      if (await takeLease("reconcile", leaseMs, holder)) {
        await run();
        await markRun("reconcile");
      }
    } catch (error) {
      // A failed run is the next tick's to retry; the error names no secret (describeError).
      console.error(`[golive] scheduled reconcile failed — ${describeError(error)}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  // A server's timer must not keep a process alive that is otherwise done (scripts, tests).
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
