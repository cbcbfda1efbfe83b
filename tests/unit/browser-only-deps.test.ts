// `npm install` warns that machina (a dependency of livekit-client) wants Node ≥ 22.22 while
// golive supports Node ≥ 20.19 (package.json "engines", which every other package admits). docs/reference/operations.md ("Dependencies and install scripts") says why that
// is harmless; these are the facts it rests on, so a change that breaks one fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { z } from "zod";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return files(full);
    return /\.(ts|tsx)$/.test(entry) ? [full] : [];
  });
}

const sources = ["src", "scripts", "packages/golive/src"].flatMap(files).map((file) => ({ file, code: readFileSync(file, "utf8") }));
const importsOf = (code: string) =>
  [...code.matchAll(/(?:from\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\(\s*)["']([^"']+)["']/g)].map((m) => m[1] ?? "");
const isLivekitBrowserPackage = (name: string) => name === "livekit-client" || name.startsWith("@livekit/components-") || name === "@livekit/egress-sdk";

const LIVEKIT_STAGE = "packages/golive/src/ui/room/livekit-stage.tsx";
const LIVEKIT_TEMPLATE = "packages/golive/src/ui/template/livekit-template.tsx";

test("only the client components livekit-stage.tsx and livekit-template.tsx import LiveKit's browser SDK", () => {
  const importers = sources.filter(({ code }) => importsOf(code).some(isLivekitBrowserPackage)).map((s) => s.file);
  expect(importers.sort()).toEqual([LIVEKIT_STAGE, LIVEKIT_TEMPLATE]);
  for (const file of importers) expect(readFileSync(file, "utf8")).toMatch(/^"use client";/);
});

test.each([
  ["livekit-stage", ["packages/golive/src/ui/room/room-stage.tsx"]],
  ["livekit-template", ["packages/golive/src/ui/room/livekit-stage.tsx", "packages/golive/src/ui/template/composite-template.tsx"]],
])("%s.tsx is loaded in the browser only (next/dynamic, ssr: false, or by the other one)", (name, expected) => {
  const importers = sources.filter(({ code }) => new RegExp(`["'][./\\w-]*/${name}["']`).test(code));
  expect(importers.map((s) => s.file).sort()).toEqual(expected);
  for (const { file, code } of importers) {
    if (file === LIVEKIT_STAGE) continue;
    expect(code).toMatch(new RegExp(`dynamic\\(\\s*\\(\\)\\s*=>\\s*import\\("\\./${name}"\\),\\s*\\{\\s*ssr:\\s*false`));
  }
});

test("nothing loads the machina package: livekit-client's published files carry their own copy", () => {
  expect(sources.filter(({ code }) => importsOf(code).includes("machina")).map((s) => s.file)).toEqual([]);
  const manifest = z
    .object({ dependencies: z.record(z.string(), z.string()), exports: z.object({ ".": z.object({ import: z.string(), require: z.string() }) }) })
    .parse(JSON.parse(readFileSync("node_modules/livekit-client/package.json", "utf8")));
  // It does declare machina (hence npm's engine warning) ...
  expect(Object.keys(manifest.dependencies)).toContain("machina");
  // ... but neither of its entries imports or requires it: the bundle inlines it.
  for (const entry of [manifest.exports["."].import, manifest.exports["."].require]) {
    const bundle = readFileSync(path.join("node_modules/livekit-client", entry), "utf8");
    expect(bundle).toContain('Symbol("machina.type")');
    expect(importsOf(bundle).filter((name) => name === "machina" || name.startsWith("machina/"))).toEqual([]);
  }
});

/** Whether Node `version` satisfies an npm engines range of the forms the lockfile uses (`>=`, `^`, `||`). */
function admits(range: string, version: readonly number[]): boolean {
  return range.split("||").some((alternative) => {
    const m = /^\s*(>=|\^)?\s*(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?\s*$/.exec(alternative);
    if (!m) throw new Error(`unreadable engines range: ${range}`);
    const floor = [Number(m[2]), Number(m[3] === "x" ? 0 : (m[3] ?? 0)), Number(m[4] === "x" ? 0 : (m[4] ?? 0))];
    const cmp = version.reduce((found, part, i) => found || Math.sign(part - (floor[i] ?? 0)), 0);
    return cmp >= 0 && (m[1] !== "^" || version[0] === floor[0]);
  });
}

test("every installed package admits the oldest Node golive's engines name, machina aside", () => {
  const engines = z.object({ node: z.string() });
  const root = z.object({ engines }).parse(JSON.parse(readFileSync("package.json", "utf8")));
  const oldest = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(root.engines.node)?.slice(1).map(Number);
  if (!oldest) throw new Error(`package.json engines.node is not ">=A.B.C": ${root.engines.node}`);
  const lock = z
    .object({ packages: z.record(z.string(), z.object({ version: z.string().optional(), engines: z.unknown().optional() })) })
    .parse(JSON.parse(readFileSync("package-lock.json", "utf8")));
  const refusing = Object.entries(lock.packages).flatMap(([where, entry]) => {
    const node = engines.safeParse(entry.engines);
    return node.success && !admits(node.data.node, oldest) ? [`${where.replace(/^.*node_modules\//, "")}@${entry.version} ${node.data.node}`] : [];
  });
  expect(refusing).toEqual(["machina@7.0.1 >=22.22"]);
});
