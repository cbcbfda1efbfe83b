export { reconcile } from "./run";
export type { ReconcileOptions } from "./run";
export { startReconcileSchedule, takeLease } from "./scheduled-work";
export { startConfiguredSchedule } from "./start-schedule";
