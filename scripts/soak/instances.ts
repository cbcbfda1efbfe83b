// The two app instances: `next start` of the build, each in its own process group, on the
// environment a deployment would set, killed and restarted by the run. docs/benchmarks.md, "Soak".
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { Sandbox } from "@golive/sandbox";
import { hex, sleep } from "./options";
import { addSecret } from "./tally";

export type Instance = { name: string; port: number; child: ChildProcess | null; output: string; starts: number };

export const instancesOn = (ports: number[]): Instance[] => ports.map((port, i) => ({ name: `instance ${String.fromCharCode(65 + i)} (:${port})`, port, child: null, output: "", starts: 0 }));

/** This process's environment without anything that configures golive: the instances get exactly ours. */
function inheritedEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(NODE_ENV|VITEST.*|TEST|DATABASE_URL|PGLITE_DIR|MUX_.*|LIVEKIT_.*|NEXT_PUBLIC_.*|BETTER_AUTH_.*|TRUSTED_ORIGINS|TRUSTED_PROXY_HEADER|LIVESTREAM_.*|RECONCILE_.*|PORT|SANDBOX_PORT|npm_.*)$/.test(key)) continue;
    out[key] = value;
  }
  return out;
}

/** Both instances' environment: the sandbox, the fresh database, the proxy as their URL and the same secrets. */
export function instanceEnv(sandbox: Sandbox, databaseUrl: string, proxyUrl: string): { env: NodeJS.ProcessEnv; reconcileSecret: string } {
  const secret = (prefix: string) => `${prefix}-${hex(20)}`;
  const shared = {
    BETTER_AUTH_SECRET: secret("soak-auth"),
    LIVESTREAM_ENCRYPTION_KEY: secret("soak-encryption"),
    RECONCILE_SECRET: secret("soak-reconcile"),
  };
  addSecret("LIVESTREAM_ENCRYPTION_KEY", shared.LIVESTREAM_ENCRYPTION_KEY);
  addSecret("BETTER_AUTH_SECRET", shared.BETTER_AUTH_SECRET);
  addSecret("RECONCILE_SECRET", shared.RECONCILE_SECRET);
  addSecret("MUX token secret", sandbox.credentials.mux.tokenSecret);
  addSecret("LiveKit API secret", sandbox.credentials.livekit.apiSecret);
  const env: NodeJS.ProcessEnv = {
    ...inheritedEnv(),
    ...sandbox.appEnv(),
    ...shared,
    DATABASE_URL: databaseUrl,
    BETTER_AUTH_URL: proxyUrl,
    // The simulated users say who they are in x-forwarded-for, as the proxy in front would.
    TRUSTED_PROXY_HEADER: "x-forwarded-for",
    MUX_STREAM_POOL_SIZE: "3",
    // Each instance also reconciles on a schedule (one at a time, by lease), as a long-running
    // deployment does: its orphan scan and pool upkeep then run beside the go-lives.
    RECONCILE_INTERVAL_SECONDS: "15",
    // Guardrails on, with a short window so they stop broadcasts during the run: a user who left
    // their room for 5 s has their broadcast stopped by the schedule (docs/architecture.md, "Guardrails").
    LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS: "5",
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
  };
  return { env, reconcileSecret: shared.RECONCILE_SECRET };
}

export function startInstance(instance: Instance, env: NodeJS.ProcessEnv): void {
  instance.starts += 1;
  instance.output += `\n--- ${instance.name} start #${instance.starts} ---\n`;
  const child = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(instance.port), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so a kill reaches any worker it forks too.
    detached: true,
  });
  child.stdout?.on("data", (chunk: Buffer) => (instance.output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (instance.output += chunk.toString()));
  instance.child = child;
}

export function killInstance(instance: Instance, signal: NodeJS.Signals): Promise<void> {
  const child = instance.child;
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
  return exited;
}

export async function waitReady(instance: Instance, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const child = instance.child;
    if (child && child.exitCode !== null) throw new Error(`${instance.name} exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${instance.port}/api/health`, { signal: AbortSignal.timeout(3_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  throw new Error(`${instance.name} did not answer /api/health within ${timeoutMs} ms`);
}
