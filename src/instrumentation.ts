// Next.js's start hook: binds golive (src/lib/golive.ts) and, on a long-running Node server with
// RECONCILE_INTERVAL_SECONDS > 0, starts reconcile's schedule (docs/architecture.md, "Reconcile at fleet scale").
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next.js itself and inlined at build, so the edge build drops the
  // Node-only import below; it is not configuration (tests/unit/source-rules.test.ts allows
  // exactly this read here).
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./lib/golive");
  const { startConfiguredSchedule } = await import("@golive/next/reconcile");
  startConfiguredSchedule();
}
