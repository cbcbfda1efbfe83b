// The fresh host the install test builds (create-next-app with golive added per the README) and its
// upgrade to the next version of the package; the better-auth host is better-auth-host.ts.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { type LocalItem, packWorkspaces } from "../lib/local-item";
import { addItem, applyReadmeEdits, changedFiles, commit, createHost, edit, type Host, setSessionLookup, typecheckAndBuild } from "./host";
import { type Caller, goLiveJourney } from "./journey";
import { run } from "./proc";
import { hostSecrets, migrateHost, type Served, serveDev, serveHost } from "./serve";

export type VariantContext = { work: string; local: LocalItem; log: (line: string) => void };

export const shadcn = path.resolve("node_modules/.bin/shadcn");

/** A test's stand-in for the host's auth: the user named by a header (the host file is the developer's to edit). */
const STUB_SESSION = `    void fresh; // the stub has no cookie cache to go past
    const id = headers.get("x-install-user");
    return id ? { id, name: \`User \${id}\` } : null;`;

/** Starts the host, takes a broadcast through its routes, stops it: the checks passed. */
export async function goLive(start: Promise<Served>, room: string, caller: (url: string) => Promise<Caller>, options: { studio?: boolean; pages?: boolean } = {}): Promise<string[]> {
  const served = await start;
  try {
    return await goLiveJourney(served, await caller(served.url), room, options);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- next start's output ---\n${served.output().slice(-3000)}`);
  } finally {
    await served.stop();
  }
}

const stubCaller = async () => ({ auth: { "x-install-user": "alice" }, userId: "alice" });

/** A page of the host's own with golive's go-live button (README, "Add golive to your app": the UI). */
const STUDIO_PAGE = `import { GoLiveButton } from "@golive/next/ui";
import { GoliveUi } from "../../components/golive-ui";

export default function Studio() {
  return (
    <GoliveUi>
      <GoLiveButton roomName="install-room" />
    </GoliveUi>
  );
}
`;

/** The README's line for going live offline under `next dev` (packages/sandbox/README.md, "In your own app"). */
const INSTRUMENTATION = `export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NODE_ENV === "development") await (await import("@golive/sandbox/next")).startSandboxInDev();
}
`;

/** A fresh create-next-app --empty (cacheComponents on), golive's own PGlite database, a stub session. */
export async function freshHost({ work, local, log }: VariantContext): Promise<{ host: Host; checks: string[] }> {
  const checks: string[] = [];
  log("fresh host: create-next-app");
  const host = await createHost(work, "fresh");
  log("fresh host: shadcn add");
  checks.push(`shadcn add wrote all ${await addItem(host, shadcn, local.item)} files`);
  // The optional pages, on the golive item (README, "Add golive to your app"; docs/ui.md, "Pages").
  checks.push(`shadcn add of the pages wrote all ${await addItem(host, shadcn, local.pages)} files`);
  applyReadmeEdits(host);
  // The pages' golive components need <GoliveUi> in the layout (README, step 7).
  edit(host, "src/app/layout.tsx", /^/, 'import { GoliveUi } from "../components/golive-ui";\n');
  edit(host, "src/app/layout.tsx", "<body>{children}</body>", "<body><GoliveUi>{children}</GoliveUi></body>");
  setSessionLookup(host, STUB_SESSION);
  const sandbox = local.packed.find((p) => p.name === "@golive/sandbox");
  if (!sandbox) throw new Error("the sandbox was not packed");
  await run("npm", ["install", "--no-audit", "--no-fund", "-D", sandbox.tarball], { cwd: host.dir, env: host.env, timeoutMs: 300_000 });
  writeFileSync(path.join(host.dir, "src/instrumentation.ts"), INSTRUMENTATION);
  mkdirSync(path.join(host.dir, "src/app/studio"), { recursive: true });
  writeFileSync(path.join(host.dir, "src/app/studio/page.tsx"), STUDIO_PAGE);
  log("fresh host: tsc --noEmit, next build");
  await typecheckAndBuild(host);
  checks.push("tsc --noEmit", "next build");
  await commit(host, "golive added");
  const env = hostSecrets();
  log("fresh host: migrate");
  checks.push(`migrated: ${await migrateHost(host, env)} tables in schema golive`);
  log("fresh host: next start, go live");
  checks.push(...(await goLive(serveHost(host, env), "install-room", stubCaller, { studio: true, pages: true })));
  log("fresh host: next dev with no MUX/LiveKit variables, go live offline");
  const dev = await goLive(serveDev(host, { GOLIVE_SECRET: env.GOLIVE_SECRET ?? "" }), "dev-room", stubCaller);
  checks.push(...dev.map((check) => `next dev: ${check}`));
  return { host, checks };
}

export const versionSchema = z.looseObject({ version: z.string() });

/** The host upgraded to the next version of the package with npm alone: its diff is package.json and the lockfile; it still builds and goes live. */
export async function upgradedHost({ work, log }: VariantContext, host: Host): Promise<string[]> {
  const checks: string[] = [];
  log("upgrade: packing the next version");
  const next = path.join(work, "next-version");
  cpSync(path.resolve("packages/golive"), path.join(next, "packages/golive"), { recursive: true, filter: (p) => !p.includes("node_modules") });
  const manifest = path.join(next, "packages/golive/package.json");
  const { version } = versionSchema.parse(JSON.parse(readFileSync(manifest, "utf8")));
  const bumped = version.replace(/(\d+)$/, (patch) => String(Number(patch) + 1));
  writeFileSync(manifest, JSON.stringify({ ...versionSchema.parse(JSON.parse(readFileSync(manifest, "utf8"))), version: bumped }, null, 2));
  writeFileSync(path.join(next, "package.json"), JSON.stringify({ name: "next-version", private: true, workspaces: ["packages/*"] }));
  const [packed] = packWorkspaces(["packages/golive"], path.join(work, "pack-next"), next);
  if (!packed) throw new Error("npm pack made no tarball of the next version");
  log(`upgrade: npm i @golive/next ${version} → ${bumped}`);
  await run("npm", ["install", "--no-audit", "--no-fund", packed.tarball], { cwd: host.dir, env: host.env, timeoutMs: 300_000 });
  const installed = versionSchema.parse(JSON.parse(readFileSync(path.join(host.dir, "node_modules/@golive/next/package.json"), "utf8"))).version;
  if (installed !== bumped) throw new Error(`after npm i, @golive/next is ${installed}, not ${bumped}`);
  const changed = (await changedFiles(host)).sort();
  if (changed.join(" ") !== "package-lock.json package.json") throw new Error(`the upgrade changed more than package.json and the lockfile: ${changed.join(", ")}`);
  checks.push(`npm i ${version} → ${bumped} changed only package.json and package-lock.json`);
  log("upgrade: tsc --noEmit, next build");
  await typecheckAndBuild(host);
  checks.push("tsc --noEmit", "next build");
  const env = hostSecrets();
  checks.push(`migrated: ${await migrateHost(host, env)} tables in schema golive`);
  log("upgrade: next start, go live");
  checks.push(...(await goLive(serveHost(host, env), "upgrade-room", stubCaller, { studio: true })));
  return checks;
}
