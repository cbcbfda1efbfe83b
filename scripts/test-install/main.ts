// `npm run test:install`: golive added to fresh Next.js apps the way the README says, built, and
// taken live against the offline sandbox; then upgraded with npm (README, "Add golive to your app";
// docs/reference/operations.md, "The install test"). Ends with one summary line.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { makeLocalItem } from "../lib/local-item";
import { betterAuthHost } from "./better-auth-host";
import { freshHost, upgradedHost } from "./variants";

const started = Date.now();
const work = mkdtempSync(path.join(tmpdir(), "golive-install-"));
const keep = process.argv.includes("--keep");
const results: { name: string; passed: number; failed: string | null }[] = [];

/** Runs one host's steps, recording its checks or its failure; the host, when it made one. */
async function attempt<H>(name: string, steps: () => Promise<{ checks: string[]; host?: H }>): Promise<H | undefined> {
  try {
    const { checks, host } = await steps();
    results.push({ name, passed: checks.length, failed: null });
    return host;
  } catch (error) {
    results.push({ name, passed: 0, failed: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

function log(line: string) {
  console.log(`  ${line}  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

try {
  log("packing @golive/next and building the shadcn item");
  const local = makeLocalItem(path.join(work, "pack"));
  const context = { work, local, log };
  const fresh = await attempt("a fresh create-next-app --empty (cacheComponents on), PGlite, a stub session", async () => {
    const { host, checks } = await freshHost(context);
    return { checks, host };
  });
  if (fresh) await attempt("the same host upgraded with npm i to the next version", async () => ({ checks: await upgradedHost(context, fresh) }));
  await attempt("an app with better-auth on Drizzle and Postgres, its migrations applied", async () => ({ checks: await betterAuthHost(context) }));
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
