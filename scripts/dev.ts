// `npm run dev`: `next dev`, plus the offline sandbox on 127.0.0.1 when MUX/LiveKit credentials
// are missing (or LIVESTREAM_SANDBOX=1), the app pointed at it through a deployment's variables;
// with real credentials (or LIVESTREAM_SANDBOX=0) no sandbox code is imported (docs/architecture.md, "Module map").
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { EnvError } from "@golive/next/config";
import { readEnv } from "../src/lib/env";
import { devEnvironment, DevUsageError, planDev, sandboxStreamPoolSize, type DevEnvironment, type DevPlan } from "./lib/dev-launch";
import { loadEnvFiles } from "./lib/load-env";

loadEnvFiles();
let devEnv: DevEnvironment;
let plan: DevPlan;
try {
  devEnv = devEnvironment();
  // `next dev`'s own -p/--port must reach the sandbox's wiring too, so the launcher reads it.
  plan = planDev(process.argv.slice(2), devEnv);
} catch (error) {
  if (!(error instanceof DevUsageError || error instanceof EnvError)) throw error;
  console.error(`\n  ✖ ${error.message}\n`);
  process.exit(2);
}
const { setting, missing } = devEnv;
// The child inherits this environment (the one place a script hands env on, not reads it).
const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const SANDBOX_URL_FILE = ".data/sandbox-url";

type Closable = { close(): Promise<void> };
let sandbox: Closable | undefined;
/** How often the launcher reconciles in sandbox mode (production runs it from a cron). */
const RECONCILE_EVERY_MS = 60_000;
let reconcileSecret: string | undefined;

if (plan.startSandbox) {
  const { startSandbox } = await import("@golive/sandbox");
  // The sandbox makes its own credentials and a MUX signing key (so viewer counts work as
  // with a real one), sends signed webhooks to the app like MUX and LiveKit do, and hands
  // back the variables that point the app at it.
  const config = {
    appUrl: plan.appUrl,
    viewerCounts: true,
    // A human-scale pause between "starting" and "active", as with a real egress.
    egressStartDelayMs: 1500,
    // `next dev` compiles a route on its first request; give webhooks time to get through.
    webhookRetryDelaysMs: [1000, 3000, 10_000, 30_000],
    // No browser opens the egress's template page in dev (the studio's program preview shows it):
    // a templated egress starts as if the page had signalled.
    templateReadiness: "immediate" as const,
  };
  const started = await startSandbox({ ...config, port: plan.sandboxPort }).catch(() => startSandbox({ ...config, port: 0 }));
  sandbox = started;
  Object.assign(env, started.appEnv());
  // The new sandbox knows none of the old streams and egresses: broadcasts the database still
  // has live could never end, so fail them (@golive/next/livestream). A child with the
  // react-server condition (the app's modules are server-only), done before `next dev` opens PGlite.
  // Its MUX has none of the stream pool's streams either: forget them (the first reconcile refills).
  const settle = `await import("./src/lib/golive.ts"); const { settleAfterSandboxRestart } = await import("@golive/next/livestream"); const { forgetStreamPool } = await import("@golive/next/upstream"); const { closeDb } = await import("./src/lib/db/index.ts");
    try { const n = (await settleAfterSandboxRestart()).length; if (n > 0) console.log("\\n  ▶ The sandbox restarted: " + n + " broadcast(s) it forgot are now failed."); await forgetStreamPool(); } finally { await closeDb(); }`;
  const settled = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", settle], { env, stdio: "inherit" });
  if (settled.status !== 0) console.warn("\n  ! Could not settle the broadcasts the sandbox forgot; they stay live until you stop them.\n");
  // Reconciliation repairs what a lost webhook or a crash left behind; a deployment calls it
  // from a cron. In the sandbox the launcher is that cron, with a secret of its own.
  reconcileSecret = readEnv(["RECONCILE_SECRET"]).RECONCILE_SECRET ?? randomBytes(24).toString("hex");
  env.RECONCILE_SECRET = reconcileSecret;
  // A small warm pool of MUX streams, so `npm run dev` exercises go-live's pool path too.
  const poolSize = sandboxStreamPoolSize(devEnv);
  env.MUX_STREAM_POOL_SIZE = String(poolSize);
  mkdirSync(".data", { recursive: true });
  writeFileSync(SANDBOX_URL_FILE, `${started.controlUrl.replace(/\/_sandbox$/, "")}\n`);
  const why = setting === "on" ? "LIVESTREAM_SANDBOX=1" : `missing ${missing.join(", ")}`;
  console.log(`\n  ▶ Offline sandbox (${why}): MUX + LiveKit emulators on ${started.muxBaseUrl}`);
  console.log(`    Sandbox control API: ${started.controlUrl} (also in ${SANDBOX_URL_FILE})`);
  console.log(`    Reconciliation: every ${RECONCILE_EVERY_MS / 1000} s (POST /api/video/livestream/reconcile); MUX stream pool: ${poolSize}`);
  console.log(`    Open ${plan.browserUrl}/rooms to go live from a browser, or follow the curl walk-through in docs/reference/api.md.\n`);
} else if (missing.length > 0) {
  console.warn(`\n  ! LIVESTREAM_SANDBOX=0 and ${missing.join(", ")} unset: going live will answer 503 until they are set.\n`);
}

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const child = spawn(process.execPath, [nextBin, "dev", ...plan.nextArgs], { env, stdio: "inherit" });

/**
 * `next dev` compiles each route on its first request. Ask for the webhook routes once the
 * server is up, so the sandbox's first signed events don't wait on a compile.
 */
async function warmWebhookRoutes(): Promise<void> {
  const base = plan.appUrl;
  for (let attempt = 0; attempt < 120; attempt++) {
    const up = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (up) {
      await Promise.all(["/api/webhooks/mux", "/api/webhooks/livekit"].map((path) => fetch(base + path).catch(() => undefined)));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
/** One reconciliation run through the app's own route; what it ended is worth a line. */
async function reconcileOnce(secret: string): Promise<void> {
  const response = await fetch(`${plan.appUrl}/api/video/livestream/reconcile`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}` },
    signal: AbortSignal.timeout(50_000),
  }).catch(() => undefined);
  if (!response?.ok) return; // the dev server is restarting or compiling; the next run retries
  const report: unknown = await response.json().catch(() => null);
  const ended = typeof report === "object" && report !== null && "ended" in report && Array.isArray(report.ended) ? report.ended.length : 0;
  if (ended > 0) console.log(`  ▶ Reconciliation ended ${ended} broadcast(s) that a lost event or a crash had left live.`);
}

if (reconcileSecret) {
  const secret = reconcileSecret;
  // The first run at start (once the webhook routes are warm), then once a minute.
  void warmWebhookRoutes().then(() => reconcileOnce(secret));
  setInterval(() => void reconcileOnce(secret), RECONCILE_EVERY_MS).unref();
}

async function shutdown(code: number): Promise<never> {
  await sandbox?.close().catch(() => {});
  rmSync(SANDBOX_URL_FILE, { force: true });
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => void shutdown(code ?? 0));
