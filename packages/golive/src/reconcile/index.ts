// The reconcile folder's entry: what other folders and the app may import from it (tests/unit/source-rules.test.ts).
export { reconcile } from "./run";
export type { ReconcileOptions } from "./run";
export { startReconcileSchedule, takeLease } from "./scheduled-work";
export { startConfiguredSchedule } from "./start-schedule";
