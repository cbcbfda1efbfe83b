// The built host against the offline sandbox: golive's migrations applied from the installed
// package, then the `next` binary itself in its own process group (killing `npx next start`
// by its pid would leave next-server running).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startSandbox, type Sandbox } from "@golive/sandbox";
import { z } from "zod";
import { freePort } from "../lib/harness/free-port";
import type { Host } from "./host";
import { poll, run, stopGroup } from "./proc";

/** A running host: its URL, a way into a sandbox room (a LiveKit client's join), its output so far. */
export type Served = { url: string; joinRoom: (room: string, identity: string) => Promise<void>; output: () => string; stop: () => Promise<void> };

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;

/** What golive needs of a production host besides the sandbox's variables; DATABASE_URL when the host uses Postgres. */
export function hostSecrets(databaseUrl?: string): Record<string, string> {
  return {
    GOLIVE_SECRET: randomBytes(24).toString("hex"),
    LIVESTREAM_ENCRYPTION_KEY: randomBytes(24).toString("hex"),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

/**
 * Applies golive's migrations from the host's installed package to the database its
 * src/lib/golive-db.ts opens (DATABASE_URL, else PGlite in .data/golive), as a deploy script
 * would; answers how many tables schema golive then has. Not by importing the host's own .ts:
 * without "type": "module" Node loads it as CommonJS, which can't require golive's ES modules.
 */
export async function migrateHost(host: Host, env: Record<string, string>): Promise<number> {
  const script = `const { migrateGolive } = await import("@golive/next/migrate");
    const { sql } = await import("drizzle-orm");
    let db, close;
    if (process.env.DATABASE_URL) {
      const { default: postgres } = await import("postgres"); const { drizzle } = await import("drizzle-orm/postgres-js");
      const client = postgres(process.env.DATABASE_URL, { onnotice: () => {} }); db = drizzle(client); close = () => client.end();
    } else {
      const { mkdirSync } = await import("node:fs"); mkdirSync(".data/golive", { recursive: true });
      const { PGlite } = await import("@electric-sql/pglite"); const { drizzle } = await import("drizzle-orm/pglite");
      const client = new PGlite(".data/golive"); db = drizzle(client); close = () => client.close();
    }
    await migrateGolive(db);
    const result = await db.execute(sql\`select count(*)::int as n from information_schema.tables where table_schema = 'golive'\`);
    console.log("golive-tables=" + (Array.isArray(result) ? result : result.rows)[0].n);
    await close();`;
  const output = await run(process.execPath, ["--conditions=react-server", "--import", tsx, "--input-type=module", "-e", script], { cwd: host.dir, env: { ...host.env, ...env } });
  const tables = Number(/golive-tables=(\d+)/.exec(output)?.[1] ?? "0");
  if (tables < 10) throw new Error(`after migrating, schema golive has ${tables} tables:\n${output}`);
  return tables;
}

/** `next` (its binary, in its own process group) in the host; resolves once `/` answers. */
async function startNext(host: Host, args: readonly string[], env: NodeJS.ProcessEnv, url: string): Promise<{ child: ChildProcess; output: () => string }> {
  let output = "";
  const child = spawn(process.execPath, [path.join(host.dir, "node_modules/next/dist/bin/next"), ...args], { cwd: host.dir, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    await poll(`next ${args[0]} at ${url}`, async () => {
      if (child.exitCode !== null) throw new Error(`next ${args[0]} exited with ${child.exitCode}:\n${output}`);
      return (await fetch(url, { signal: AbortSignal.timeout(30_000) })).ok ? true : undefined;
    }, { tries: 240, everyMs: 250 });
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
  return { child, output: () => output };
}

/** The sandbox, and `next start` of the host wired to it; `env` may depend on the app's URL. */
export async function serveHost(host: Host, env: Record<string, string> | ((url: string) => Record<string, string>)): Promise<Served> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const appEnv = typeof env === "function" ? env(url) : env;
  const sandbox: Sandbox = await startSandbox({ appUrl: url, viewerCounts: false, egressStartDelayMs: 0, port: 0, templateReadiness: "immediate" });
  try {
    const { child, output } = await startNext(host, ["start", "-p", String(port), "-H", "127.0.0.1"], { ...host.env, ...appEnv, ...sandbox.appEnv(), NODE_ENV: "production" }, url);
    const joinRoom = async (room: string, identity: string) => sandbox.control.joinRoom(room, identity);
    return { url, joinRoom, output, stop: async () => (await stopGroup(child), await sandbox.close()) };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

const controlSchema = z.object({ result: z.unknown() });

/**
 * `next dev` of the host with no MUX/LiveKit variables: the host's instrumentation starts the
 * sandbox itself (`@golive/sandbox/next`), and says where its control API is.
 */
export async function serveDev(host: Host, env: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { child, output } = await startNext(host, ["dev", "-p", String(port), "-H", "127.0.0.1"], { ...host.env, ...env, NODE_ENV: "development" }, url);
  const stop = () => stopGroup(child);
  const control = /control API (http:\/\/127\.0\.0\.1:\d+\/_sandbox)/.exec(output())?.[1];
  if (!control) {
    await stop();
    throw new Error(`next dev did not say it started the offline sandbox:\n${output().slice(-3000)}`);
  }
  const joinRoom = async (room: string, identity: string) => {
    const response = await fetch(`${control}/joinRoom`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ room, identity }) });
    controlSchema.parse(await response.json());
  };
  return { url, joinRoom, output, stop };
}
