// What `npm run dev` decides before it starts anything (the port, whether the sandbox runs, where
// its webhooks go): pure functions of the command line and the environment, so they are tested
// without a server (tests/unit/dev-launch.test.ts; docs/architecture.md, "Module map").
import { missingUpstreamVariables, sandboxSetting } from "@golive/next/config";
import { readEnv } from "../../src/lib/env";

/** A command line the launcher can't honour. `npm run dev` prints the message and exits with 2. */
export class DevUsageError extends Error {
  override name = "DevUsageError";
}

/** What the launcher reads from the environment (already validated by src/lib/env.ts). */
export type DevEnvironment = {
  /** PORT */
  port: number | undefined;
  /** SANDBOX_PORT */
  sandboxPort: number | undefined;
  /** LIVESTREAM_SANDBOX as a setting */
  setting: "on" | "off" | "auto";
  /** the MUX/LiveKit variables going live still needs */
  missing: readonly string[];
  /** MUX_STREAM_POOL_SIZE, when set */
  streamPoolSize?: number;
};

/** Reads the launcher's variables; throws EnvError (naming the variable, never its value) when one is malformed. */
export function devEnvironment(): DevEnvironment {
  const { PORT, SANDBOX_PORT, MUX_STREAM_POOL_SIZE } = readEnv(["PORT", "SANDBOX_PORT", "MUX_STREAM_POOL_SIZE"]);
  return { port: PORT, sandboxPort: SANDBOX_PORT, setting: sandboxSetting(), missing: missingUpstreamVariables(), streamPoolSize: MUX_STREAM_POOL_SIZE };
}

/**
 * The MUX stream pool of `npm run dev` with the sandbox: small but on, so going live from the
 * browser takes the pool path (docs/architecture.md, "MUX at fleet scale"). MUX_STREAM_POOL_SIZE
 * wins when set (0 turns it off).
 */
export const SANDBOX_STREAM_POOL_SIZE = 2;
export function sandboxStreamPoolSize(env: Pick<DevEnvironment, "streamPoolSize">): number {
  return env.streamPoolSize ?? SANDBOX_STREAM_POOL_SIZE;
}

/**
 * Whether `npm run dev` starts the offline sandbox: when forced (LIVESTREAM_SANDBOX=1), or
 * when not forbidden (=0) and any MUX/LiveKit credential is missing. With every credential
 * set and no override it doesn't, and no sandbox code is even imported.
 */
export function shouldStartSandbox(env: Pick<DevEnvironment, "setting" | "missing">): boolean {
  return env.setting === "on" || (env.setting === "auto" && env.missing.length > 0);
}

/** `next dev`'s own options the launcher has to know about; everything else is passed on untouched. */
export type DevArgs = {
  /** -p / --port, last one wins (as in `next dev`) */
  port: number | undefined;
  /** -H / --hostname */
  hostname: string | undefined;
  /** --experimental-https */
  https: boolean;
  /** the other arguments, in order, for `next dev` */
  rest: string[];
};

function parsePort(value: string | undefined, flag: string): number {
  if (value === undefined || value === "" || value.startsWith("-")) {
    throw new DevUsageError(`npm run dev: ${flag} needs a port number, like ${flag} 3000.`);
  }
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DevUsageError(`npm run dev: ${flag} ${JSON.stringify(value)} is not a port number from 1 to 65535.`);
  }
  return port;
}

/** Splits out -p/--port, -H/--hostname and --experimental-https (in all the spellings `next dev` takes). */
export function parseDevArgs(argv: readonly string[]): DevArgs {
  const parsed: DevArgs = { port: undefined, hostname: undefined, https: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const option = /^(--port|--hostname)=(.*)$/.exec(arg) ?? /^(-p|-H)(.+)$/.exec(arg);
    const [flag, inline] = option ? [option[1] ?? "", option[2]] : [arg, undefined];
    if (flag === "-p" || flag === "--port" || flag === "-H" || flag === "--hostname") {
      const value = inline ?? argv[++i];
      if (flag === "-p" || flag === "--port") parsed.port = parsePort(value, flag);
      else {
        if (value === undefined || value === "" || value.startsWith("-")) {
          throw new DevUsageError(`npm run dev: ${flag} needs a host name, like ${flag} 127.0.0.1.`);
        }
        parsed.hostname = value;
      }
    } else {
      if (arg === "--experimental-https") parsed.https = true;
      parsed.rest.push(arg);
    }
  }
  return parsed;
}

/**
 * Hosts `next dev` may bind while the sandbox runs, and the host the sandbox's webhooks (and
 * the launcher's warm-up requests) then use. The sandbox only ever sends to loopback, so a
 * server bound to another address would never hear from it.
 */
const LOOPBACK_BINDINGS: Record<string, string> = {
  "127.0.0.1": "127.0.0.1",
  localhost: "localhost",
  "::1": "[::1]",
  "[::1]": "[::1]",
  // All interfaces include loopback.
  "0.0.0.0": "127.0.0.1",
  "::": "127.0.0.1",
  "[::]": "127.0.0.1",
};

/**
 * Where `npm run dev` listens without -H: this machine only. `localhost` rather than
 * 127.0.0.1: with `--hostname 127.0.0.1`, `next dev` 16 recompiles after every page request
 * and the open page reloads in a loop (tests/e2e/dev-server.test.ts saw it).
 */
export const DEFAULT_DEV_HOSTNAME = "localhost";

export type DevPlan = {
  appPort: number;
  sandboxPort: number;
  startSandbox: boolean;
  /** Where the sandbox sends webhooks and the launcher warms routes: the app on loopback. */
  appUrl: string;
  /** Where to tell a person to open the app. */
  browserUrl: string;
  /** Arguments for `next dev`. */
  nextArgs: string[];
};

/** The launch: `next dev`'s port is `-p`/`--port`, else PORT, else 3000; the sandbox's is SANDBOX_PORT, else the app's + 1. */
export function planDev(argv: readonly string[], env: DevEnvironment): DevPlan {
  const args = parseDevArgs(argv);
  const appPort = args.port ?? env.port ?? 3000;
  const startSandbox = shouldStartSandbox(env);
  let host = LOOPBACK_BINDINGS[DEFAULT_DEV_HOSTNAME] ?? DEFAULT_DEV_HOSTNAME;
  if (args.hostname !== undefined) {
    const loopback = LOOPBACK_BINDINGS[args.hostname.toLowerCase()];
    if (startSandbox && loopback === undefined) {
      throw new DevUsageError(
        `npm run dev: can't serve on ${args.hostname} with the offline sandbox, which sends its webhooks to this machine's loopback only. ` +
          "Use -H 127.0.0.1, localhost, ::1 or 0.0.0.0, or set real MUX and LiveKit credentials.",
      );
    }
    host = loopback ?? args.hostname;
  }
  if (startSandbox && args.https) {
    throw new DevUsageError("npm run dev: --experimental-https can't be used with the offline sandbox, which sends its webhooks over plain http.");
  }
  // Loopback unless -H says otherwise: `next dev` alone listens on every interface, which
  // would put a development server (its dev secret, the sandbox's app) on the network.
  const hostnameArgs = ["--hostname", args.hostname ?? DEFAULT_DEV_HOSTNAME];
  // A wildcard binding is reachable as localhost; an IPv6 address needs brackets in a URL.
  const bound = args.hostname === undefined || (host === "127.0.0.1" && args.hostname !== "127.0.0.1") ? "localhost" : host;
  const browserHost = bound.includes(":") && !bound.startsWith("[") ? `[${bound}]` : bound;
  return {
    appPort,
    sandboxPort: env.sandboxPort ?? appPort + 1,
    startSandbox,
    appUrl: `http://${host}:${appPort}`,
    browserUrl: `${args.https ? "https" : "http"}://${browserHost}:${appPort}`,
    nextArgs: ["--port", String(appPort), ...hostnameArgs, ...args.rest],
  };
}
