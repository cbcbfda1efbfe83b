// `npm run first-load-js` (after `next build`): each page's First Load JS, the scripts a first
// visit loads before it runs (Next's root chunks, then the layout's and the page's), gzipped, and
// which heavy libraries are in them. Next 16 no longer prints it; this reads the build's
// manifests (docs/benchmarks.md, "Page weight").
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { z } from "zod";

const NEXT = path.resolve(".next");
const buildManifest = z.object({ rootMainFiles: z.array(z.string()) }).parse(JSON.parse(readFileSync(path.join(NEXT, "build-manifest.json"), "utf8")));
const clientManifest = z.object({ entryJSFiles: z.record(z.string(), z.array(z.string())) });

/** Strings each library's built code keeps, to say which pages ship it. */
const LIBRARIES: Record<string, RegExp> = {
  zod: /\$ZodType|ZodError/,
  "better-auth client": /better-auth|\/get-session/,
  "mux-player": /mux-player/,
  "livekit-client": /livekit-client|LiveKit/,
};

function manifests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return manifests(full);
    return name === "page_client-reference-manifest.js" ? [full] : [];
  });
}

const gzipped = new Map<string, number>();
const sizeOf = (file: string) => {
  let size = gzipped.get(file);
  if (size === undefined) gzipped.set(file, (size = gzipSync(readFileSync(path.join(NEXT, file))).length));
  return size;
};

const rows = manifests(path.join(NEXT, "server/app")).map((file) => {
  const text = readFileSync(file, "utf8");
  const json = text.slice(text.indexOf("] = ") + 4).replace(/;\s*$/, "");
  const { entryJSFiles } = clientManifest.parse(JSON.parse(json));
  const files = [...new Set([...buildManifest.rootMainFiles, ...Object.values(entryJSFiles).flat()])];
  const code = files.map((f) => readFileSync(path.join(NEXT, f), "utf8")).join("\n");
  const route = `/${path.relative(path.join(NEXT, "server/app"), path.dirname(file))}`.replace(/\/page$/, "").replace(/^\/$/, "/") || "/";
  const libraries = Object.entries(LIBRARIES).filter(([, marker]) => marker.test(code)).map(([name]) => name);
  return { route: route === "/." ? "/" : route, kB: files.reduce((n, f) => n + sizeOf(f), 0) / 1024, libraries };
});

console.log("| page | First Load JS (gzip) | of which in it |\n|---|---|---|");
for (const row of rows.sort((a, b) => a.route.localeCompare(b.route))) console.log(`| ${row.route} | ${row.kB.toFixed(1)} kB | ${row.libraries.join(", ") || "—"} |`);
