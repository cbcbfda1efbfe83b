// CI's soak: `npm run soak -- --seconds 60` (scripts/soak/main.ts) must exit 0 with every invariant
// line PASS (docs/benchmarks.md, "Soak"). Needs a Postgres server (DATABASE_URL: two processes
// can't share an embedded PGlite) and a production build; skipped with the reason otherwise.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

const SECONDS = 60;

const skipReason: string | null = !process.env.DATABASE_URL?.trim()
  ? "soak skipped: DATABASE_URL is unset — the soak runs two app instances on one database and needs a Postgres server (DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres)"
  : !existsSync(path.resolve(".next/BUILD_ID"))
    ? "soak skipped: no production build (.next/BUILD_ID is missing) — run `npx next build` first"
    : null;

/** The invariant lines the soak prints ("  PASS  1. …" / "  FAIL  …"). */
const invariantLines = (output: string) => output.split("\n").filter((line) => /^\s+(PASS|FAIL)\s{2}/.test(line));

describe.skipIf(skipReason !== null)(skipReason ?? "soak: two instances, faults, a kill and a restart", () => {
  test(
    `npm run soak -- --seconds ${SECONDS} passes every invariant`,
    async () => {
      let output = "";
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn("npm", ["run", "--silent", "soak", "--", "--seconds", String(SECONDS)], {
          env: process.env,
          stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.once("error", reject);
        child.once("exit", (exitCode) => resolve(exitCode));
      });
      const lines = invariantLines(output);
      // Seven invariants and the no-500 check.
      expect(lines.length, output).toBe(8);
      expect(lines.filter((line) => !/^\s+PASS\s/.test(line)), output).toEqual([]);
      expect(code, output).toBe(0);
    },
    300_000,
  );
});
