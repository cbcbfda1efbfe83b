// The in-process reconcile schedule against the real database: one lease per job, so of
// several instances ticking together exactly one runs it; a dead holder's lease runs out.
import { sql } from "drizzle-orm";
import { afterEach, expect, test, vi } from "vitest";
import { getDb } from "@/lib/db";
import { scheduledWork } from "@golive/next/db";
import { startReconcileSchedule, takeLease } from "@golive/next/reconcile";
import { useTestDatabase } from "../support/test-file";

useTestDatabase();
afterEach(() => vi.useRealTimers());

test("a lease is taken by one holder at a time, kept by its holder, and free again once it expires", async () => {
  expect(await takeLease("job-a", 60_000, "instance-1")).toBe(true);
  expect(await takeLease("job-a", 60_000, "instance-2")).toBe(false);
  expect(await takeLease("job-a", 60_000, "instance-1")).toBe(true); // renewing its own
  expect(await takeLease("job-b", 60_000, "instance-2")).toBe(true); // another job is separate

  const db = await getDb();
  await db.update(scheduledWork).set({ leaseUntil: new Date(Date.now() - 1000) }).where(sql`${scheduledWork.name} = 'job-a'`);
  expect(await takeLease("job-a", 60_000, "instance-2")).toBe(true); // instance-1 died: its lease ran out
  expect(await takeLease("job-a", 60_000, "instance-1")).toBe(false);
});

test("two instances ticking on the same schedule: only the lease holder runs reconcile", async () => {
  const runs: string[] = [];
  const first = startReconcileSchedule(1, { holder: "instance-a", run: async () => void runs.push("a") });
  const second = startReconcileSchedule(1, { holder: "instance-b", run: async () => void runs.push("b") });
  try {
    await vi.waitFor(() => expect(runs.length).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 100 });
  } finally {
    first.stop();
    second.stop();
  }
  // Whoever took the lease first keeps it (it lasts a minute): every run is theirs.
  expect(new Set(runs).size).toBe(1);
  const db = await getDb();
  const [row] = await db.select().from(scheduledWork).where(sql`${scheduledWork.name} = 'reconcile'`);
  expect(row?.holder).toBe(runs[0] === "a" ? "instance-a" : "instance-b");
  expect(row?.lastRunAt).toBeInstanceOf(Date);
});

test("a run that throws is logged, and the schedule goes on", async () => {
  const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
  let calls = 0;
  const schedule = startReconcileSchedule(1, {
    holder: "instance-c",
    run: async () => {
      calls += 1;
      throw new Error("boom");
    },
  });
  const db = await getDb();
  await db.delete(scheduledWork).where(sql`${scheduledWork.name} = 'reconcile'`);
  try {
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 100 });
  } finally {
    schedule.stop();
  }
  expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^\[golive\] scheduled reconcile failed — /));
});
