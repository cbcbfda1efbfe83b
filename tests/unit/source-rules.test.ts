// Rules of the codebase (docs/architecture.md, "The package" and "Invariants"), checked over
// the source text: no `any`; the package's floors and entries; the app never imports the
// sandbox; one reader of process.env; one writer of a broadcast's status; only the adapters
// call MUX and LiveKit; each table written by its owning folder; comments cite documents that
// are in the repo.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === "node_modules" ? [] : files(full);
    return /\.(ts|tsx)$/.test(entry) ? [full] : [];
  });
}

const strip = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
const sources = ["src", "tests", "scripts", "packages"].flatMap(files).map((file) => ({ file, code: strip(readFileSync(file, "utf8")) }));
const PKG = "packages/golive/src/";
const inPackage = (file: string) => file.startsWith(PKG);
/** The app and the package: what runs in production (the sandbox and the tests never do). */
const production = sources.filter(({ file }) => file.startsWith("src/") || inPackage(file));

/** Each import of `code`: its specifier, and whether it brings only types. */
function importsOf(code: string): { spec: string; typeOnly: boolean }[] {
  const found: { spec: string; typeOnly: boolean }[] = [];
  for (const m of code.matchAll(/(?:^|[;\n])\s*(import|export)\s+(type\s+)?([^;"']*?)\s*from\s*["']([^"']+)["']/g)) {
    const names = m[3] ?? "";
    const typeOnly = Boolean(m[2]) || (/^\{[^}]*\}$/.test(names.trim()) && names.replace(/[{}\s]/g, "").split(",").filter(Boolean).every((n) => n.startsWith("type")));
    found.push({ spec: m[4] ?? "", typeOnly });
  }
  for (const m of code.matchAll(/(?:^|[;\n])\s*import\s*["']([^"']+)["']/g)) found.push({ spec: m[1] ?? "", typeOnly: false });
  for (const m of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.push({ spec: m[1] ?? "", typeOnly: false });
  return found;
}

/** The file a relative specifier names, if it is one of ours. */
function resolveRelative(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const base = path.normalize(path.join(path.dirname(from), spec));
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? null;
}

/**
 * The package's folders, lowest floor first (docs/architecture.md, "The package"): a folder
 * imports only itself and folders on lower floors; folders on one floor don't import each other.
 */
const FLOORS: readonly (readonly string[])[] = [
  ["contract"],
  ["config"],
  ["db"],
  ["destinations"],
  ["upstream"],
  ["rooms"],
  ["livestream"],
  ["watch", "webhooks"],
  ["reconcile", "removal"],
];
const floorOf = (folder: string) => FLOORS.findIndex((floor) => floor.includes(folder));
const folderOf = (file: string) => (inPackage(file) && file.slice(PKG.length).includes("/") ? file.slice(PKG.length).split("/")[0] ?? "" : "");
const packageExports = Object.keys(JSON.parse(readFileSync("packages/golive/package.json", "utf8")).exports as Record<string, string>).map((key) =>
  key === "." ? "@golive/next" : `@golive/next/${key.slice(2)}`,
);

test("every folder of the package is on a floor, with an index.ts entry that package.json exports", () => {
  const folders = readdirSync(PKG).filter((entry) => statSync(path.join(PKG, entry)).isDirectory());
  expect(folders.filter((folder) => floorOf(folder) === -1)).toEqual([]);
  expect(folders.filter((folder) => !existsSync(path.join(PKG, folder, "index.ts")))).toEqual([]);
  expect(folders.filter((folder) => !packageExports.includes(`@golive/next/${folder}`))).toEqual([]);
});

test("a folder imports only itself and lower floors, other folders only through their entry, and never its own entry", () => {
  const offenders: string[] = [];
  for (const { file, code } of sources.filter((s) => inPackage(s.file))) {
    const from = folderOf(file);
    for (const { spec } of importsOf(code)) {
      const target = resolveRelative(file, spec);
      if (spec.startsWith("@golive/")) offenders.push(`${file}: imports ${spec} (inside the package, import relatively)`);
      if (!target) continue;
      if (!inPackage(target)) {
        offenders.push(`${file}: imports ${target}, outside the package`);
        continue;
      }
      const to = folderOf(target);
      if (to === from) {
        if (from !== "" && /\/(index|client)\.ts$/.test(target) && path.dirname(target) === path.dirname(file) && !/\/(index|client)\.ts$/.test(file)) {
          offenders.push(`${file}: imports its own folder's entry ${target}`);
        }
        continue;
      }
      if (target !== `${PKG}${to}/index.ts`) offenders.push(`${file}: imports ${target}, not ${to}'s entry`);
      if (from !== "" && floorOf(to) >= floorOf(from)) offenders.push(`${file}: ${from} imports ${to}, which is not on a lower floor`);
    }
  }
  expect(offenders).toEqual([]);
});

test("outside the package, golive is imported only through the entries package.json exports", () => {
  const outside = sources.filter(({ file }) => !file.startsWith("packages/golive/"));
  const offenders = outside.flatMap(({ file, code }) =>
    importsOf(code)
      .filter(({ spec }) => (spec.startsWith("@golive/next") && !packageExports.includes(spec)) || (resolveRelative(file, spec) ?? "").startsWith("packages/golive/"))
      .map(({ spec }) => `${file}: ${spec}`),
  );
  expect(offenders).toEqual([]);
});

/** Code the browser runs: components, hooks, and any module marked "use client". */
const isClientCode = (file: string, code: string) =>
  !file.startsWith("src/components/server/") && (file.startsWith("src/components/") || file.startsWith("src/hooks/") || /^\s*["']use client["']/.test(code));

test("client code imports values from golive only through its client entries", () => {
  const offenders = sources
    .filter(({ file, code }) => file.startsWith("src/") && isClientCode(file, readFileSync(file, "utf8")) && code.length > 0)
    .flatMap(({ file, code }) =>
      importsOf(code)
        .filter(({ spec, typeOnly }) => spec.startsWith("@golive/next") && !typeOnly && !spec.endsWith("/client"))
        .map(({ spec }) => `${file}: ${spec}`),
    );
  expect(offenders).toEqual([]);
});

test("a client entry reaches no server-only module", () => {
  const entries = sources.filter(({ file }) => inPackage(file) && file.endsWith("/client.ts"));
  expect(entries.length).toBeGreaterThan(1);
  const code = new Map(sources.map((s) => [s.file, s.code]));
  const offenders: string[] = [];
  for (const entry of entries) {
    const seen = new Set<string>();
    const walk = (file: string, via: string[]) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = code.get(file) ?? "";
      if (/import\s+["']server-only["']/.test(text)) offenders.push(`${entry.file}: ${[...via, file].join(" → ")}`);
      for (const { spec, typeOnly } of importsOf(text)) {
        const target = typeOnly ? null : resolveRelative(file, spec);
        if (target) walk(target, [...via, file]);
      }
    };
    walk(entry.file, []);
  }
  expect(offenders).toEqual([]);
});

test("the app never imports the sandbox, and scripts never import tests", () => {
  const app = sources.filter(({ file }) => file.startsWith("src/") || inPackage(file));
  expect(app.length).toBeGreaterThan(10);
  const sandbox = app.filter(({ code }) => importsOf(code).some(({ spec }) => spec.startsWith("@golive/sandbox") || spec.includes("packages/sandbox"))).map((s) => s.file);
  expect(sandbox).toEqual([]);
  const scripts = sources
    .filter(({ file }) => file.startsWith("scripts/"))
    .flatMap(({ file, code }) => importsOf(code).filter(({ spec }) => (resolveRelative(file, spec) ?? "").startsWith("tests/")).map(({ spec }) => `${file}: ${spec}`));
  expect(scripts).toEqual([]);
});

test("only the package's config/read-env.ts reads process.env in production code", () => {
  // src/instrumentation.ts may read NEXT_RUNTIME, which Next.js sets and inlines (not configuration).
  const reads = (file: string, code: string) => (file === "src/instrumentation.ts" ? code.replace(/process\.env\.NEXT_RUNTIME/g, "") : code);
  const reader = `${PKG}config/read-env.ts`;
  const offenders = production.filter(({ file, code }) => file !== reader && /process\.env/.test(reads(file, code))).map((s) => s.file);
  expect(offenders).toEqual([]);
  expect(production.find((s) => s.file === reader)?.code).toMatch(/process\.env/);
});

/**
 * Where `code` writes a broadcast's status: the argument of `.set(…)` / `.values(…)` in a
 * `.update(livestreams)` / `.insert(livestreams)` statement that names `status` or spreads a
 * variable (whose keys can't be seen: the shape of a generic `transition(id, from, set)`), or
 * SQL text that updates `livestreams` and mentions `status`.
 */
function statusWrites(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/\.(update|insert)\(\s*(?:\w+\.)?livestreams\s*\)/g)) {
    const rest = code.slice(m.index + m[0].length);
    const call = /^[^;]*?\.(set|values)\(/.exec(rest);
    if (!call) continue;
    const argument = balancedArgument(rest, call[0].length);
    if (/(^|[{,\s])status\s*[:,}]|["'`]status["'`]\s*:|\[\s*["'`]status/.test(argument) || /\.\.\.\s*[A-Za-z_$]/.test(argument)) {
      found.push(`${m[0]}.${call[1]}(${argument.replace(/\s+/g, " ").slice(0, 80)})`);
    }
  }
  for (const m of code.matchAll(/update\s+"?livestreams"?\s+set\b[^;`]*\bstatus\b/gi)) found.push(m[0]);
  return found;
}

/** The text of a call's argument list, from just after its `(` to the matching `)`. */
function balancedArgument(text: string, from: number): string {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if ("([{".includes(text[i] ?? "")) depth++;
    else if (")]}".includes(text[i] ?? "")) depth--;
    if (depth === 0) return text.slice(from, i);
  }
  return text.slice(from);
}

const STATUS_WRITER = `${PKG}livestream/status.ts`;

test("only livestream/status.ts writes a broadcast's status", () => {
  const offenders = production.filter(({ file }) => file !== STATUS_WRITER).flatMap(({ file, code }) => statusWrites(code).map((write) => `${file}: ${write}`));
  expect(offenders).toEqual([]);
  // The module itself is seen as a writer, so the check can see one.
  expect(statusWrites(sources.find((s) => s.file === STATUS_WRITER)?.code ?? "")).not.toEqual([]);
});

test("the status-write check catches the ways status used to be written", () => {
  const writes = [
    // a direct guarded update
    `await db.update(livestreams).set({ status: "active", updatedAt: new Date() }).where(and(eq(livestreams.id, id), eq(livestreams.status, "starting")));`,
    // over several lines, with a computed value
    `const [ended] = await db\n  .update(livestreams)\n  .set({ status: reason ? "failed" : "completed", failureReason: reason })\n  .where(eq(livestreams.id, row.id))\n  .returning();`,
    // shorthand
    `await tx.update(schema.livestreams).set({ status, endedAt }).where(eq(livestreams.id, id));`,
    // a generic helper that spreads whatever it is given
    `const [row] = await db.update(livestreams).set({ ...set, updatedAt: new Date() }).where(cond).returning();`,
    // an insert naming its status
    `await db.insert(livestreams).values({ roomName, userId, status: "starting" }).onConflictDoNothing();`,
    // raw SQL
    "await db.execute(sql`UPDATE livestreams SET status = 'failed' WHERE id = ${id}`);",
  ];
  for (const code of writes) expect(statusWrites(code), code).not.toEqual([]);
  const notWrites = [
    `await db.update(livestreams).set({ reconcileLeaseUntil: null }).where(and(eq(livestreams.id, id), inArray(livestreams.status, ["active"])));`,
    `await db.update(livestreams).set({ muxAssetId: data.id, ...(final ? { recordingFinalAt: new Date() } : {}) }).where(eq(livestreams.status, "active"));`,
    `await db.update(webhookEvents).set({ status: "x" });`,
  ];
  for (const code of notWrites) expect(statusWrites(code), code).toEqual([]);
});

test("every MUX and LiveKit server call goes through upstream/mux.ts and upstream/livekit.ts", () => {
  const adapters = [`${PKG}upstream/mux.ts`, `${PKG}upstream/livekit.ts`];
  const app = production.filter(({ file }) => !adapters.includes(file));
  const clients = /new\s+(Mux|EgressClient|RoomServiceClient|WebhookReceiver|IngressClient|SipClient|AgentDispatchClient)\s*\(|\.video\.(liveStreams|assets)\.|\.jwt\.sign/;
  const offenders = app.filter(({ code }) => clients.test(code)).map((s) => s.file);
  expect(offenders).toEqual([]);
});

/** Every file under src/, tests/, scripts/ and packages/, comments included (`sources` has them stripped). */
const texts = ["src", "tests", "scripts", "packages"]
  .flatMap(function all(dir: string): string[] {
    return readdirSync(dir).flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return entry === "node_modules" ? [] : all(full);
      return /\.(ts|tsx|md|css)$/.test(entry) ? [full] : [];
    });
  })
  .map((file) => ({ file, text: readFileSync(file, "utf8") }));

// Built from pieces so that this file doesn't match its own patterns: a design document
// that isn't in the repo, named by its file name or in capitals, and a specification that
// isn't either ("the" + " spec", in any case).
const design = ["DE", "SIGN"].join("");
const spec = ["sp", "ec"].join("");
const missingDocuments = [
  new RegExp(`\\b${design}\\.md\\b`, "i"),
  new RegExp(`\\b${design}\\b`),
  new RegExp(`\\bthe ${spec}\\b|\\b${spec} step\\b|\\b${spec}'s (sketch|schema|defaults|names)\\b`, "i"),
];

test("comments cite documents that are in the repo (docs/architecture.md, or a test)", () => {
  expect(texts.length).toBeGreaterThan(100);
  const offenders = texts.flatMap(({ file, text }) =>
    text.split("\n").flatMap((line, i) => (missingDocuments.some((pattern) => pattern.test(line)) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
  expect(offenders).toEqual([]);
});
