// `npm run dev`: `next dev`, plus — when MUX/LiveKit credentials are missing (or
// LIVESTREAM_SANDBOX=1) — the offline sandbox on 127.0.0.1, with the app pointed at it
// through the same variables a real deployment sets. With real credentials (or
// LIVESTREAM_SANDBOX=0) no sandbox code is even imported.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { devPorts, missingUpstreamVariables, sandboxSetting, shouldStartSandbox } from "../src/lib/env";
import { loadEnvFiles } from "./lib/load-env";

loadEnvFiles();
const ports = devPorts();
const appPort = ports.app;
const setting = sandboxSetting();
const missing = missingUpstreamVariables();
// The child inherits this environment (the one place a script hands env on, not reads it).
const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const SANDBOX_URL_FILE = ".data/sandbox-url";

type Closable = { close(): Promise<void> };
let sandbox: Closable | undefined;

if (shouldStartSandbox()) {
  const { startSandbox } = await import("../src/sandbox/index");
  const { signingKeyPair } = await import("../src/sandbox/signing-key");
  const signing = signingKeyPair(); // so viewer counts work as with a real MUX signing key
  const secret = () => randomBytes(16).toString("hex");
  const credentials = {
    muxTokenId: secret(),
    muxTokenSecret: secret(),
    muxWebhookSecret: secret(),
    apiKey: `API${secret().slice(0, 12)}`,
    apiSecret: secret(),
  };
  // The sandbox signs its webhooks like MUX and LiveKit do and sends them to the app.
  const app = `http://127.0.0.1:${appPort}`;
  const config = {
    mux: {
      tokenId: credentials.muxTokenId,
      tokenSecret: credentials.muxTokenSecret,
      webhookSecret: credentials.muxWebhookSecret,
      webhookUrl: `${app}/api/webhooks/mux`,
      signingKeyId: signing.keyId,
      signingPublicKeyPem: signing.publicKeyPem,
    },
    livekit: { apiKey: credentials.apiKey, apiSecret: credentials.apiSecret, webhookUrl: `${app}/api/webhooks/livekit` },
    // A human-scale pause between "starting" and "active", as with a real egress.
    egressStartDelayMs: 1500,
    // `next dev` compiles a route on its first request; give webhooks time to get through.
    webhookRetryDelaysMs: [1000, 3000, 10_000, 30_000],
  };
  const started = await startSandbox({ ...config, port: ports.sandbox }).catch(() => startSandbox({ ...config, port: 0 }));
  sandbox = started;
  Object.assign(env, {
    LIVESTREAM_SANDBOX: "1",
    LIVESTREAM_SANDBOX_CONTROL_URL: started.controlUrl,
    MUX_TOKEN_ID: credentials.muxTokenId,
    MUX_TOKEN_SECRET: credentials.muxTokenSecret,
    MUX_WEBHOOK_SECRET: credentials.muxWebhookSecret,
    MUX_SIGNING_KEY: signing.keyId,
    MUX_PRIVATE_KEY: signing.privateKeyBase64,
    MUX_BASE_URL: started.muxBaseUrl,
    MUX_STATS_URL: started.muxStatsUrl,
    LIVEKIT_API_KEY: credentials.apiKey,
    LIVEKIT_API_SECRET: credentials.apiSecret,
    LIVEKIT_URL: started.livekitUrl,
    NEXT_PUBLIC_LIVEKIT_URL: started.livekitUrl.replace(/^http/, "ws"),
  });
  mkdirSync(".data", { recursive: true });
  writeFileSync(SANDBOX_URL_FILE, `${started.controlUrl.replace(/\/_sandbox$/, "")}\n`);
  const why = setting === "on" ? "LIVESTREAM_SANDBOX=1" : `missing ${missing.join(", ")}`;
  console.log(`\n  ▶ Offline sandbox (${why}): MUX + LiveKit emulators on ${started.muxBaseUrl}`);
  console.log(`    Open http://localhost:${appPort}/rooms to go live from a browser, or see the README's curl walk-through.\n`);
} else if (missing.length > 0) {
  console.warn(`\n  ! LIVESTREAM_SANDBOX=0 and ${missing.join(", ")} unset: going live will answer 503 until they are set.\n`);
}

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const child = spawn(process.execPath, [nextBin, "dev", "--port", String(appPort), ...process.argv.slice(2)], { env, stdio: "inherit" });

/**
 * `next dev` compiles each route on its first request. Ask for the webhook routes once the
 * server is up, so the sandbox's first signed events don't wait on a compile.
 */
async function warmWebhookRoutes(): Promise<void> {
  const base = `http://127.0.0.1:${appPort}`;
  for (let attempt = 0; attempt < 120; attempt++) {
    const up = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (up) {
      await Promise.all(["/api/webhooks/mux", "/api/webhooks/livekit"].map((path) => fetch(base + path).catch(() => undefined)));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
if (sandbox) void warmWebhookRoutes();

async function shutdown(code: number): Promise<never> {
  await sandbox?.close().catch(() => {});
  rmSync(SANDBOX_URL_FILE, { force: true });
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => void shutdown(code ?? 0));
