// Whether a host's `next dev` starts the offline sandbox, and where it points it: a pure function
// of values read from the environment, so it is tested without a server
// (tests/unit/dev-sandbox-plan.test.ts). The same rule as `npm run dev` (scripts/lib/dev-launch.ts,
// `shouldStartSandbox`), for a host that has no launcher of its own (README, "In your own app").

/** What the decision reads, already parsed (start-in-dev.ts reads it through golive's one env reader). */
export type DevSandboxEnvironment = {
  /** NODE_ENV: `next dev` sets "development", `next build` and `next start` "production". */
  nodeEnv: "development" | "production" | "test" | undefined;
  /** LIVESTREAM_SANDBOX as a setting: "1" on, "0" off, else auto. */
  setting: "on" | "off" | "auto";
  /** The MUX/LiveKit variables going live still needs (`missingUpstreamVariables`). */
  missing: readonly string[];
  /** PORT: `next dev` 16 sets it to the port it listens on before it loads instrumentation. */
  port: number | undefined;
};

/** The sandbox's own port, as in the repository's `npm run dev` (README, "In your own app"); 0 when it is taken. */
export const DEV_SANDBOX_PORT = 3001;
/** `next dev`'s port when nothing says otherwise. */
export const NEXT_DEFAULT_PORT = 3000;

export type DevSandboxPlan =
  | { start: false; reason: "not-development" | "forbidden" | "configured" }
  | {
      start: true;
      /** Where the sandbox sends its webhooks: the dev server on loopback (the sandbox sends nowhere else). */
      appUrl: string;
      sandboxPort: number;
      /** For the one line the host's console shows. */
      why: string;
    };

/**
 * Starts only under `next dev`, and there when forced (LIVESTREAM_SANDBOX=1) or when not
 * forbidden (=0) and any MUX/LiveKit credential is missing. `next start` and `next build` run
 * with NODE_ENV=production and never start it, whatever the variables say.
 */
export function planDevSandbox(env: DevSandboxEnvironment): DevSandboxPlan {
  if (env.nodeEnv !== "development") return { start: false, reason: "not-development" };
  if (env.setting === "off") return { start: false, reason: "forbidden" };
  if (env.setting === "auto" && env.missing.length === 0) return { start: false, reason: "configured" };
  // localhost, as `npm run dev` uses (scripts/lib/dev-launch.ts, DEFAULT_DEV_HOSTNAME): `next dev`
  // without -H listens on every interface, and with -H 127.0.0.1 or ::1 localhost still reaches it.
  const appUrl = `http://localhost:${env.port ?? NEXT_DEFAULT_PORT}`;
  const why = env.setting === "on" ? "LIVESTREAM_SANDBOX=1" : `missing ${env.missing.join(", ")}`;
  return { start: true, appUrl, sandboxPort: DEV_SANDBOX_PORT, why };
}
