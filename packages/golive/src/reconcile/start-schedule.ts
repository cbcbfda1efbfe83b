import "server-only";
// What src/instrumentation.ts starts on a Node server: the reconcile schedule, when
// RECONCILE_INTERVAL_SECONDS asks for one (docs/architecture.md, "Reconcile at fleet scale").
import { reconcileIntervalSeconds, describeError } from "../config";
import { startReconcileSchedule } from "./scheduled-work";

export function startConfiguredSchedule(): void {
  let seconds: number;
  try {
    seconds = reconcileIntervalSeconds();
  } catch (error) {
    // Reported, not fatal: the server still serves, and the cron route still works.
    console.error(`[golive] reconcile schedule not started — ${describeError(error)}`);
    return;
  }
  if (seconds <= 0) return;
  startReconcileSchedule(seconds);
  console.info(`[golive] reconciling every ${seconds} s (one instance at a time)`);
}
