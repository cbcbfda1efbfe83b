// The dev launcher's decisions (scripts/lib/dev-launch.ts): which port `next dev` gets, that
// the sandbox's webhooks follow it, and which command lines it refuses rather than start an
// app the sandbox can't reach.
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, test, vi } from "vitest";
import { inheritedEnv } from "../support/e2e-app";
import { DEFAULT_DEV_HOSTNAME, devEnvironment, DevUsageError, type DevEnvironment, parseDevArgs, planDev, SANDBOX_STREAM_POOL_SIZE, sandboxStreamPoolSize, shouldStartSandbox } from "../../scripts/lib/dev-launch";

afterEach(() => vi.unstubAllEnvs());

const fresh: DevEnvironment = { port: undefined, sandboxPort: undefined, setting: "auto", missing: ["MUX_TOKEN_ID"] };
const configured: DevEnvironment = { ...fresh, missing: [] };

describe("the port", () => {
  test.each([
    [["-p", "47880"]],
    [["--port", "47880"]],
    [["--port=47880"]],
    [["-p47880"]],
    [["-p", "3000", "--port", "47880"]], // the last one wins, as in `next dev`
  ])("%j: next dev, the sandbox's webhooks and the sandbox's own port all follow it", (argv) => {
    const plan = planDev(argv, fresh);
    expect(plan.appPort).toBe(47880);
    expect(plan.appUrl).toBe("http://localhost:47880");
    expect(plan.sandboxPort).toBe(47881);
    expect(plan.nextArgs).toEqual(["--port", "47880", "--hostname", "localhost"]);
    expect(plan.startSandbox).toBe(true);
  });

  test("PORT when no flag says otherwise, 3000 when neither does; SANDBOX_PORT picks the sandbox's", () => {
    expect(planDev([], { ...fresh, port: 4100 })).toMatchObject({ appPort: 4100, sandboxPort: 4101, appUrl: "http://localhost:4100" });
    expect(planDev(["-p", "4200"], { ...fresh, port: 4100 }).appPort).toBe(4200);
    expect(planDev([], fresh)).toMatchObject({ appPort: 3000, sandboxPort: 3001, browserUrl: "http://localhost:3000" });
    expect(planDev([], { ...fresh, sandboxPort: 0 }).sandboxPort).toBe(0);
  });

  test.each([
    [["-p"], "npm run dev: -p needs a port number, like -p 3000."],
    [["--port", "--turbopack"], "npm run dev: --port needs a port number, like --port 3000."],
    [["-p", "abc"], 'npm run dev: -p "abc" is not a port number from 1 to 65535.'],
    [["--port=70000"], 'npm run dev: --port "70000" is not a port number from 1 to 65535.'],
    [["-p", "0"], 'npm run dev: -p "0" is not a port number from 1 to 65535.'],
    [["-p", "30 00"], 'npm run dev: -p "30 00" is not a port number from 1 to 65535.'],
  ])("%j is refused: %s", (argv, message) => {
    expect(() => planDev(argv, fresh)).toThrow(new DevUsageError(message));
  });
});

describe("the host name", () => {
  test("without -H, next dev listens on loopback only (not every interface), with or without the sandbox", () => {
    for (const env of [fresh, configured]) {
      const plan = planDev(["--turbopack"], env);
      expect(plan.nextArgs).toEqual(["--port", "3000", "--hostname", "localhost", "--turbopack"]);
      expect(plan).toMatchObject({ appUrl: "http://localhost:3000", browserUrl: "http://localhost:3000" });
    }
    expect(DEFAULT_DEV_HOSTNAME).toBe("localhost");
  });

  test("-H 0.0.0.0 (every interface) is honoured when asked for", () => {
    expect(planDev(["-H", "0.0.0.0"], configured).nextArgs).toEqual(["--port", "3000", "--hostname", "0.0.0.0"]);
  });

  test.each([
    ["127.0.0.1", "http://127.0.0.1:3000", "http://127.0.0.1:3000"],
    ["localhost", "http://localhost:3000", "http://localhost:3000"],
    ["::1", "http://[::1]:3000", "http://[::1]:3000"],
    ["0.0.0.0", "http://127.0.0.1:3000", "http://localhost:3000"],
    ["::", "http://127.0.0.1:3000", "http://localhost:3000"],
  ])("-H %s works with the sandbox (webhooks to %s)", (host, appUrl, browserUrl) => {
    const plan = planDev(["-H", host], fresh);
    expect(plan).toMatchObject({ appUrl, browserUrl, startSandbox: true });
    expect(plan.nextArgs).toEqual(["--port", "3000", "--hostname", host]);
  });

  test("a host off loopback is refused while the sandbox runs, and passed on when it doesn't", () => {
    for (const argv of [["-H", "192.168.1.5"], ["--hostname=dev.example"], ["-Hexample.test"]]) {
      expect(() => planDev(argv, fresh)).toThrow(DevUsageError);
      expect(() => planDev(argv, fresh)).toThrow(/sends its webhooks to this machine's loopback only/);
    }
    const plan = planDev(["--hostname", "192.168.1.5"], configured);
    expect(plan.startSandbox).toBe(false);
    expect(plan.nextArgs).toEqual(["--port", "3000", "--hostname", "192.168.1.5"]);
    expect(() => planDev(["-H"], configured)).toThrow(new DevUsageError("npm run dev: -H needs a host name, like -H 127.0.0.1."));
  });

  test("--experimental-https is refused with the sandbox (its webhooks are plain http), passed on without", () => {
    expect(() => planDev(["--experimental-https"], fresh)).toThrow(/--experimental-https can't be used with the offline sandbox/);
    expect(planDev(["--experimental-https"], configured)).toMatchObject({ browserUrl: "https://localhost:3000", nextArgs: ["--port", "3000", "--hostname", "localhost", "--experimental-https"] });
  });
});

test("other arguments reach next dev untouched and in order", () => {
  expect(parseDevArgs(["--turbopack", "-p", "5000", "--experimental-upload-trace", "x"])).toEqual({
    port: 5000,
    hostname: undefined,
    https: false,
    rest: ["--turbopack", "--experimental-upload-trace", "x"],
  });
});

test("the sandbox starts only when forced or when credentials are missing", () => {
  expect(shouldStartSandbox({ setting: "auto", missing: [] })).toBe(false); // real credentials: no sandbox
  expect(shouldStartSandbox({ setting: "on", missing: [] })).toBe(true); // forced
  expect(shouldStartSandbox({ setting: "auto", missing: ["MUX_TOKEN_SECRET"] })).toBe(true); // one credential missing
  expect(shouldStartSandbox({ setting: "off", missing: ["MUX_TOKEN_SECRET"] })).toBe(false); // forbidden
});

test("the launcher's environment is read through src/lib/env.ts, empty strings unset", () => {
  const all = { LIVEKIT_API_KEY: "k", LIVEKIT_API_SECRET: "s", NEXT_PUBLIC_LIVEKIT_URL: "wss://p.livekit.cloud", MUX_TOKEN_ID: "i", MUX_TOKEN_SECRET: "t" };
  for (const [key, value] of Object.entries({ ...all, PORT: "4100", SANDBOX_PORT: "", LIVESTREAM_SANDBOX: "", LIVEKIT_URL: "" })) vi.stubEnv(key, value);
  expect(devEnvironment()).toEqual({ port: 4100, sandboxPort: undefined, setting: "auto", missing: [] });
  vi.stubEnv("MUX_TOKEN_SECRET", "");
  vi.stubEnv("LIVESTREAM_SANDBOX", "0");
  expect(devEnvironment()).toMatchObject({ setting: "off", missing: ["MUX_TOKEN_SECRET"] });
});

describe("npm run dev refuses what it can't honour: one sentence, exit code 2, nothing started", () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/dev.ts", ...args], {
      env: { ...inheritedEnv(), NODE_ENV: "development", LIVESTREAM_SANDBOX: "1", ...env },
      encoding: "utf8",
      timeout: 20_000,
    });

  test.each([
    [["-p", "abc"], {}, 'npm run dev: -p "abc" is not a port number from 1 to 65535.'],
    [["--hostname", "192.168.1.5"], {}, "npm run dev: can't serve on 192.168.1.5 with the offline sandbox"],
    [[], { PORT: "eighty" }, "Invalid environment: PORT "],
  ])("%j %j", (args, env, message) => {
    const result = run(args, env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain("eighty"); // a variable's value is never echoed
    expect(result.stdout).not.toContain("Offline sandbox");
  });
});

describe("the MUX stream pool with the sandbox", () => {
  test.each([
    [undefined, SANDBOX_STREAM_POOL_SIZE],
    [0, 0],
    [5, 5],
  ])("MUX_STREAM_POOL_SIZE %j → a pool of %j", (configured, size) => {
    expect(SANDBOX_STREAM_POOL_SIZE).toBeGreaterThan(0);
    expect(sandboxStreamPoolSize({ streamPoolSize: configured })).toBe(size);
  });

  test("devEnvironment reads MUX_STREAM_POOL_SIZE through src/lib/env.ts", () => {
    vi.stubEnv("MUX_STREAM_POOL_SIZE", "4");
    expect(devEnvironment().streamPoolSize).toBe(4);
    vi.stubEnv("MUX_STREAM_POOL_SIZE", "-1");
    expect(() => devEnvironment()).toThrow(/MUX_STREAM_POOL_SIZE/);
  });
});
