// `npm run reconcile`: one reconciliation run against the configured database, MUX and
// LiveKit (see packages/golive/src/reconcile/run.ts). Prints the report; exits 1 if anything could
// not be settled, so a cron notices.
import "../src/lib/golive";
import { closeDb } from "../src/lib/db";
import { reconcile } from "@golive/next/reconcile";
import { loadEnvFiles } from "./lib/load-env";

loadEnvFiles();
try {
  const report = await reconcile();
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.errors > 0 ? 1 : 0;
} finally {
  await closeDb();
}
