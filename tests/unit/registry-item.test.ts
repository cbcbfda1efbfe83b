// The shadcn item another app installs golive with (registry.json → public/r/golive.json, served at
// /r/golive.json) is this app's own glue: the same files, rebuilt equal to what is committed, importing
// only packages and relative paths (shadcn doesn't rewrite a universal item's imports). README,
// "Add golive to your app"; `npm run test:install` installs it into a fresh app. The second item,
// golive-pages, is this app's pages the same way, on the first (docs/ui.md, "Pages").
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { z } from "zod";
import { buildRegistry } from "../../scripts/lib/local-item";

const filesSchema = z.array(z.object({ path: z.string(), type: z.literal("registry:file"), target: z.string(), content: z.string().optional() }));
// `.strict()`: no `registryDependencies`, which reach shadcn's site, where an offline install can't.
const itemSchema = z.strictObject({
  name: z.literal("golive"),
  type: z.literal("registry:item"),
  title: z.string(),
  description: z.string(),
  dependencies: z.array(z.string()),
  files: filesSchema,
  envVars: z.record(z.string(), z.string()),
});
/** The pages: files only, on the golive item the host adds first (its packages, its host file). */
const pagesSchema = z.strictObject({ name: z.literal("golive-pages"), type: z.literal("registry:item"), title: z.string(), description: z.string(), files: filesSchema });
const registrySchema = z.looseObject({ items: z.tuple([itemSchema, pagesSchema]) });

const [item, pages] = registrySchema.parse(JSON.parse(readFileSync("registry.json", "utf8"))).items;
/** The host-owned templates: the only files of the item that are not this app's own. */
const TEMPLATES = new Map([
  ["registry/golive/golive.ts", "src/lib/golive.ts"],
  ["registry/golive/golive-db.ts", "src/lib/golive-db.ts"],
]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test("the committed public/r/golive.json is what `shadcn build` makes of registry.json", { timeout: 60_000 }, () => {
  const out = mkdtempSync(path.join(tmpdir(), "golive-registry-"));
  try {
    buildRegistry(out); // throws with shadcn's output if the build fails
    for (const built of ["golive.json", "golive-pages.json", "registry.json"]) expect(readFileSync(path.join(out, built), "utf8"), built).toBe(readFileSync(path.join("public/r", built), "utf8"));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("every file is this app's own at its own path, but for the host file templates", () => {
  for (const file of item.files) {
    expect(existsSync(file.path), file.path).toBe(true);
    expect(file.target, file.path).toBe(TEMPLATES.get(file.path) ?? file.path);
  }
  expect(item.files.filter((f) => TEMPLATES.has(f.path)).length).toBe(TEMPLATES.size);
});

test("the pages item is this app's pages at their own paths: every page but the app's own (home, sign-in), and what they import of the app", () => {
  for (const file of pages.files) {
    expect(existsSync(file.path), file.path).toBe(true);
    expect(file.target, file.path).toBe(file.path);
  }
  // golive's composite template is no optional page: go-live points the egress at it, so it ships with the golive item.
  const template = "src/app/golive/template/page.tsx";
  expect(item.files.map((f) => f.path)).toContain(template);
  const appPages = filesUnder("src/app").filter((f) => f.endsWith("page.tsx") && f !== "src/app/page.tsx" && f !== template && !f.startsWith("src/app/sign-in/"));
  expect(appPages.length).toBe(5);
  const paths = pages.files.map((f) => f.path);
  expect(paths).toEqual(expect.arrayContaining(appPages));
  // A relative import of a page is in one of the two items (shadcn writes no other file).
  const both = new Set([...item.files.map((f) => f.target), ...paths].map((f) => f.replace(/\.tsx?$/, "")));
  for (const file of paths) {
    for (const [, specifier = ""] of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)) {
      expect(both.has(path.join(path.dirname(file), specifier)), `${file} imports ${specifier}`).toBe(true);
    }
  }
});

test("no page of the item sets the segment config `dynamic` (cacheComponents refuses it)", () => {
  for (const file of pages.files) expect(readFileSync(file.path, "utf8"), file.path).not.toMatch(/export\s+const\s+dynamic\b/);
});

test("every route file that serves golive's routes is in the item", () => {
  const routes = filesUnder("src/app").filter((f) => f.endsWith("route.ts") && readFileSync(f, "utf8").includes("golive.routes."));
  expect(routes.length).toBeGreaterThan(10);
  expect(item.files.map((f) => f.path)).toEqual(expect.arrayContaining(routes));
});

test("the items' files import only packages the golive item installs and relative paths", () => {
  // next and react: every Next.js app has them.
  const installed = new Set([...item.dependencies.map((d) => d.replace(/(.)@.*$/, "$1")), "next", "react"]);
  for (const file of [...item.files, ...pages.files]) {
    const specifiers = [...readFileSync(file.path, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1] ?? "");
    for (const specifier of specifiers) {
      if (specifier.startsWith(".") || specifier.startsWith("node:")) continue;
      const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] ?? "");
      expect(installed.has(name), `${file.path} imports ${specifier}`).toBe(true);
    }
  }
});

test("the item installs this checkout's version of @golive/next", () => {
  const { version } = z.object({ version: z.string() }).parse(JSON.parse(readFileSync("packages/golive/package.json", "utf8")));
  expect(item.dependencies).toContain(`@golive/next@${version}`);
});

test("every variable the item adds to .env.local is documented", () => {
  const documented = readFileSync("docs/reference/configuration.md", "utf8") + readFileSync("README.md", "utf8");
  for (const name of Object.keys(item.envVars)) expect(documented, name).toContain(`\`${name}\``);
});
