// The committed migrations say what the schema files say: `drizzle-kit generate` finds nothing to
// add, for the app's config (schema public) and golive's (schema golive), run on a copy of each
// migrations folder so the check writes nothing into the repository (docs/reference/operations.md,
// "Migrations").
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";

const configs = [
  { name: "the app", schema: "src/lib/db/schema/index.ts", out: "drizzle", schemaFilter: ["public"] },
  { name: "golive", schema: "packages/golive/src/db/schema/index.ts", out: "packages/golive/drizzle", schemaFilter: ["golive"] },
];

test.each(configs)("drizzle-kit generate for $name finds the committed migrations complete", { timeout: 60_000 }, ({ schema, out, schemaFilter }) => {
  const dir = mkdtempSync(path.join(tmpdir(), "golive-generate-"));
  try {
    cpSync(path.resolve(out), path.join(dir, "out"), { recursive: true });
    const config = path.join(dir, "drizzle.config.json");
    // Relative: drizzle-kit reads `out` as `./${out}`.
    writeFileSync(config, JSON.stringify({ dialect: "postgresql", schema, out: path.relative(process.cwd(), path.join(dir, "out")), schemaFilter }));
    const before = readdirSync(path.join(dir, "out")).sort();
    const run = spawnSync(path.resolve("node_modules/.bin/drizzle-kit"), ["generate", "--config", config], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(`${run.stdout}${run.stderr}`).toMatch(/No schema changes/);
    expect(readdirSync(path.join(dir, "out")).sort()).toEqual(before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
