// Next.js calls register() once per server process at start. golive uses it for one thing:
// on a long-running Node server with RECONCILE_INTERVAL_SECONDS > 0, reconcile on a schedule
// (packages/golive/src/reconcile/scheduled-work.ts). The Edge runtime never schedules anything.
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next.js itself and inlined at build, so the edge build drops the
  // Node-only import below; it is not configuration (tests/unit/source-rules.test.ts allows
  // exactly this read here).
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./lib/golive");
  const { startConfiguredSchedule } = await import("@golive/next/reconcile");
  startConfiguredSchedule();
}
