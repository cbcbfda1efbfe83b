// `@golive/sandbox/next`: the offline sandbox for a host's own `next dev`, started from the host's
// `src/instrumentation.ts` in one line (README, "In your own app"). What `npm run dev` does
// around `next dev` (scripts/dev.ts), done inside the dev server instead, since a host has no
// launcher of ours. The sandbox itself is imported only once the decision is to start it, so
// `next start`, and `next dev` with credentials, load nothing of it.
import { createEnvReader, missingUpstreamVariables, optional, sandboxSetting } from "@golive/next/config";
import { z } from "zod";
import { planDevSandbox } from "./dev-sandbox-plan";

// Read through golive's one reader of process.env (docs/architecture.md, "Configuration").
const env = createEnvReader({
  NODE_ENV: optional(z.enum(["development", "production", "test"])),
  PORT: optional(z.coerce.number().int().min(1).max(65535)),
});

export type DevSandbox = {
  /** base of the sandbox's HTTP control API (README, "Control API") */
  controlUrl: string;
  /** the MUX and LiveKit emulators' origin */
  muxBaseUrl: string;
  /** where its webhooks go */
  appUrl: string;
};

// On globalThis: `next dev` may load instrumentation again after a reload, in the same process,
// and a second sandbox would hand the app new credentials the first one's streams don't know
// (docs/architecture.md, "The host": module graphs share globalThis, not module variables).
const shared = globalThis as typeof globalThis & { __goliveDevSandbox?: Promise<DevSandbox | null> };

const addressInUse = z.object({ code: z.literal("EADDRINUSE") });

async function start(): Promise<DevSandbox | null> {
  // NODE_ENV first: in production nothing else is read, so no other variable can fail the server.
  if (env.read(["NODE_ENV"]).NODE_ENV !== "development") return null;
  const plan = planDevSandbox({
    nodeEnv: "development",
    setting: sandboxSetting(),
    missing: missingUpstreamVariables(),
    port: env.read(["PORT"]).PORT,
  });
  if (!plan.start) return null;
  const { startSandbox } = await import("./index");
  // As `npm run dev` configures it (scripts/dev.ts): viewer counts work, "starting" lasts a
  // human-scale moment, webhooks wait out `next dev` compiling a route on first request, and no
  // browser opens the egress's template page (the studio's program preview shows it).
  const config = { appUrl: plan.appUrl, viewerCounts: true, egressStartDelayMs: 1500, webhookRetryDelaysMs: [1000, 3000, 10_000, 30_000], templateReadiness: "immediate" as const };
  const sandbox = await startSandbox({ ...config, port: plan.sandboxPort }).catch((error: unknown) => {
    if (addressInUse.safeParse(error).success) return startSandbox({ ...config, port: 0 });
    throw error;
  });
  // golive reads process.env when a feature needs it, not at load (packages/golive/src/config/read-env.ts,
  // docs/architecture.md "Configuration"), and `next dev` serves every route from this process:
  // merged now, before any request, every golive call sees the sandbox.
  Object.assign(process.env, sandbox.appEnv());
  console.log(`  ▶ golive: offline sandbox on (${plan.why}): MUX + LiveKit emulators at ${sandbox.muxBaseUrl}, control API ${sandbox.controlUrl}, webhooks to ${plan.appUrl}`);
  return { controlUrl: sandbox.controlUrl, muxBaseUrl: sandbox.muxBaseUrl, appUrl: plan.appUrl };
}

/**
 * Starts the offline sandbox when `next dev` runs without MUX/LiveKit credentials (or with
 * LIVESTREAM_SANDBOX=1; =0 forbids it) and points golive at it; otherwise does nothing.
 * Once per process: later calls answer the first one's sandbox (null when none started).
 */
export function startSandboxInDev(): Promise<DevSandbox | null> {
  shared.__goliveDevSandbox ??= start();
  return shared.__goliveDevSandbox;
}
