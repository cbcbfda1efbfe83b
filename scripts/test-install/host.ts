// A fresh Next.js app with golive added as the README says ("Add golive to your app"): the pinned
// create-next-app template, `shadcn add` of the item, the next.config line, the host file's auth,
// then type-check and build, as its developer would.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { run } from "./proc";

/** The template a new app starts from today (`cacheComponents` on, ES2017 target, `--empty`: no font download). */
export const CREATE_NEXT_APP = "create-next-app@16.4.3";

const itemFilesSchema = z.object({ files: z.array(z.object({ target: z.string(), content: z.string() })) });

export type Host = { dir: string; env: NodeJS.ProcessEnv };

const gitEnv = { GIT_AUTHOR_NAME: "host", GIT_AUTHOR_EMAIL: "host@example.com", GIT_COMMITTER_NAME: "host", GIT_COMMITTER_EMAIL: "host@example.com" };

/** `create-next-app --empty` into `parent/name`, committed to git (the upgrade test diffs against it). */
export async function createHost(parent: string, name: string): Promise<Host> {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...gitEnv };
  const flags = ["--empty", "--ts", "--app", "--src-dir", "--no-tailwind", "--no-eslint", "--no-react-compiler", "--import-alias", "@/*", "--use-npm", "--skip-install", "--disable-git", "--yes"];
  await run("npx", ["--yes", CREATE_NEXT_APP, name, ...flags], { cwd: parent, env });
  const host = { dir: path.join(parent, name), env };
  await run("git", ["init", "-q"], { cwd: host.dir, env });
  await commit(host, "create-next-app");
  return host;
}

export async function commit(host: Host, message: string): Promise<void> {
  await run("git", ["add", "-A"], { cwd: host.dir, env: host.env });
  await run("git", ["commit", "-q", "--allow-empty", "-m", message], { cwd: host.dir, env: host.env });
}

/** What git sees changed since the last commit, one path per line. */
export async function changedFiles(host: Host): Promise<string[]> {
  const status = await run("git", ["status", "--porcelain"], { cwd: host.dir, env: host.env });
  return status.split("\n").filter(Boolean).map((line) => line.slice(3));
}

/** `shadcn add` of the item, stdin closed; then every file it names must be there as the item has it (a part-way stop exits 0). */
export async function addItem(host: Host, shadcn: string, item: string): Promise<number> {
  await run(shadcn, ["add", item, "--yes"], { cwd: host.dir, env: host.env, timeoutMs: 300_000 });
  const { files } = itemFilesSchema.parse(JSON.parse(readFileSync(item, "utf8")));
  for (const file of files) {
    const written = path.join(host.dir, file.target);
    if (!existsSync(written)) throw new Error(`shadcn add exited 0 but did not write ${file.target}`);
    if (readFileSync(written, "utf8") !== file.content) throw new Error(`${file.target} differs from the item's`);
  }
  return files.length;
}

/** Replaces `from` (which must be there) with `to` in one of the host's files: an edit the README tells the developer to make. */
export function edit(host: Host, file: string, from: string | RegExp, to: string): void {
  const full = path.join(host.dir, file);
  const before = readFileSync(full, "utf8");
  const after = before.replace(from, to);
  if (after === before) throw new Error(`${file}: the README's edit found nothing to change (${String(from)})`);
  writeFileSync(full, after);
}

/** The README's one line in next.config.ts, and `.data/` (embedded PGlite) kept out of git. */
export function applyReadmeEdits(host: Host): void {
  edit(host, "next.config.ts", /^/, 'import { withGolive } from "@golive/next/next-config";\n');
  edit(host, "next.config.ts", "export default nextConfig;", "export default withGolive(nextConfig);");
  writeFileSync(path.join(host.dir, ".gitignore"), `${readFileSync(path.join(host.dir, ".gitignore"), "utf8")}\n# golive's embedded database (development)\n/.data/\n`);
}

/** The host file's session lookup, replaced by the developer's own (`body`: the function's statements). */
export function setSessionLookup(host: Host, body: string, imports = ""): void {
  edit(host, "src/lib/golive.ts", /async getSessionUser\(_headers, \{ fresh: _fresh \}\) \{\n {4}return null;\n {2}\},/, `async getSessionUser(headers, { fresh }) {\n${body}\n  },`);
  if (imports) edit(host, "src/lib/golive.ts", 'import { getDb } from "./golive-db";', `import { getDb } from "./golive-db";\n${imports}`);
}

/** `next typegen` (the route types `tsc` needs), `tsc --noEmit`, `next build`: the build's output. */
export async function typecheckAndBuild(host: Host): Promise<string> {
  const next = path.join(host.dir, "node_modules/next/dist/bin/next");
  await run(process.execPath, [next, "typegen"], { cwd: host.dir, env: host.env });
  await run(path.join(host.dir, "node_modules/.bin/tsc"), ["--noEmit"], { cwd: host.dir, env: host.env });
  const output = await run(process.execPath, [next, "build"], { cwd: host.dir, env: host.env, timeoutMs: 300_000 });
  // A build that passes while golive logs a failure (e.g. a prerender it mistook for an error) is not clean.
  const logged = output.split("\n").filter((line) => line.includes("[golive]"));
  if (logged.length > 0) throw new Error(`next build logged golive errors:\n${logged.join("\n")}`);
  return output;
}
