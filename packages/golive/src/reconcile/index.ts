export { reconcile } from "./reconcile";
export type { ReconcileOptions } from "./reconcile";
export { startReconcileSchedule, takeLease } from "./scheduled-work";
export { startConfiguredSchedule } from "./start-schedule";
