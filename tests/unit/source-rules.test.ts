// Rules of the codebase that the spec's acceptance criteria and DESIGN.md state, checked
// over the source text: no `any`; app code never imports the sandbox (with real
// credentials no sandbox code runs); only src/lib/env.ts reads process.env in the app.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return files(full);
    return /\.(ts|tsx)$/.test(entry) ? [full] : [];
  });
}

const strip = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
const sources = ["src", "tests", "scripts"].flatMap(files).map((file) => ({ file, code: strip(readFileSync(file, "utf8")) }));

test("no `any` anywhere (not even `as any`)", () => {
  const offenders = sources.filter(({ file, code }) => !file.endsWith("source-rules.test.ts") && /(:\s*any\b|\bas\s+any\b|<any>|\bany\[\])/.test(code)).map((s) => s.file);
  expect(offenders).toEqual([]);
});

test("the app never imports the sandbox", () => {
  const app = sources.filter(({ file }) => file.startsWith("src/") && !file.startsWith("src/sandbox/"));
  expect(app.length).toBeGreaterThan(10);
  const offenders = app.filter(({ code }) => /from\s+["'](@\/sandbox|\.\.?\/.*sandbox)/.test(code)).map((s) => s.file);
  expect(offenders).toEqual([]);
});

test("only src/lib/env.ts reads process.env in the app", () => {
  const app = sources.filter(({ file }) => file.startsWith("src/") && !file.startsWith("src/sandbox/"));
  const offenders = app.filter(({ file, code }) => file !== "src/lib/env.ts" && /process\.env/.test(code)).map((s) => s.file);
  expect(offenders).toEqual([]);
});
