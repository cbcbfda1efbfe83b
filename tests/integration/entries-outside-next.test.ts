// Every entry of @golive/next loads in a plain Node process under the react-server condition, as
// the dev launcher's settle step, `npm run reconcile` and a host's deploy scripts load it: no entry
// may pull in code that needs Next's runtime or React's client build (docs/architecture.md, "The host").
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { z } from "zod";

const { exports } = z.object({ exports: z.record(z.string(), z.string()) }).parse(JSON.parse(readFileSync("packages/golive/package.json", "utf8")));
// The UI entry (React client components, and its stylesheet) is the browser's: Next bundles it.
const entries = Object.keys(exports)
  .filter((key) => !key.startsWith("./ui"))
  .map((key) => `@golive/next${key.slice(1)}`);

test("every entry imports outside Next (node --conditions=react-server)", { timeout: 60_000 }, () => {
  const script = `for (const entry of ${JSON.stringify(entries)}) await import(entry);\nconsole.log("loaded " + ${entries.length});`;
  const run = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, NODE_ENV: "development" } });
  expect(run.stderr).toBe("");
  expect(run.stdout.trim()).toBe(`loaded ${entries.length}`);
  expect(entries.length).toBeGreaterThan(10);
});
