// golive's shadcn item, installable before @golive/next is on npm: the package packed to a
// tarball and the item built from registry.json with its `@golive/next@<version>` dependency
// pointed at that tarball (the only change). `npm run pack:local` and `npm run test:install` use it.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const packedSchema = z.array(z.object({ name: z.string(), version: z.string(), filename: z.string() }));
const itemSchema = z.looseObject({ dependencies: z.array(z.string()) });

export type Packed = { name: string; version: string; tarball: string };
/** `pages`: the golive-pages item as built (files only, no package to point at a tarball). */
export type LocalItem = { item: string; pages: string; packed: Packed[] };

/** `npm pack` of the given workspaces into `dir`: their tarballs, by package. */
export function packWorkspaces(workspaces: readonly string[], dir: string, cwd = process.cwd()): Packed[] {
  mkdirSync(dir, { recursive: true });
  const args = ["pack", "--json", "--pack-destination", dir, ...workspaces.flatMap((w) => ["-w", w])];
  const run = spawnSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (run.status !== 0) throw new Error(`npm pack failed:\n${run.stderr}`);
  return packedSchema.parse(JSON.parse(run.stdout)).map((p) => ({ name: p.name, version: p.version, tarball: path.join(dir, p.filename) }));
}

/** `shadcn build` of `registry.json` into `dir`; the built item's path. */
export function buildRegistry(dir: string, cwd = process.cwd()): string {
  const run = spawnSync(path.join(cwd, "node_modules/.bin/shadcn"), ["build", "-o", dir], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (run.status !== 0) throw new Error(`shadcn build failed:\n${run.stdout}${run.stderr}`);
  return path.join(dir, "golive.json");
}

/** The built item, its dependencies on the packed packages replaced by their tarballs. */
export function pointItemAtTarballs(item: string, packed: readonly Packed[], out: string): string {
  const parsed = itemSchema.parse(JSON.parse(readFileSync(item, "utf8")));
  const dependencies = parsed.dependencies.map((dep) => packed.find((p) => dep === `${p.name}@${p.version}`)?.tarball ?? dep);
  writeFileSync(out, `${JSON.stringify({ ...parsed, dependencies }, null, 2)}\n`);
  return out;
}

/** Packs @golive/next and @golive/sandbox into `dir` and writes `dir/golive.json`, an item that installs golive's tarball. */
export function makeLocalItem(dir: string, cwd = process.cwd()): LocalItem {
  const packed = packWorkspaces(["packages/golive", "packages/sandbox"], dir, cwd);
  const built = buildRegistry(path.join(dir, "registry"), cwd);
  return { item: pointItemAtTarballs(built, packed, path.join(dir, "golive.json")), pages: path.join(path.dirname(built), "golive-pages.json"), packed };
}
