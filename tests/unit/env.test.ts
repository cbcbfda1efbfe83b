import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { authConfig, databaseConfig, devAuthSecret, devLoopbackHosts, readEnv, trustedProxyHeader } from "@/lib/env";
import { EnvError, livekitConfig, missingUpstreamVariables, muxConfig, reconnectWindowSeconds, stopAfterHostLeftSeconds } from "@golive/next/config";

afterEach(() => vi.unstubAllEnvs());

const stub = (vars: Record<string, string>) => Object.entries(vars).forEach(([k, v]) => vi.stubEnv(k, v));
const unset = (...keys: string[]) => keys.forEach((k) => vi.stubEnv(k, ""));

test("LiveKit's REST host is derived from the wss URL", () => {
  unset("LIVEKIT_URL");
  stub({ LIVEKIT_API_KEY: "k", LIVEKIT_API_SECRET: "s", NEXT_PUBLIC_LIVEKIT_URL: "wss://proj.livekit.cloud" });
  expect(livekitConfig()).toEqual({ host: "https://proj.livekit.cloud", apiKey: "k", apiSecret: "s" });
  stub({ NEXT_PUBLIC_LIVEKIT_URL: "ws://127.0.0.1:7880" });
  expect(livekitConfig().host).toBe("http://127.0.0.1:7880");
  stub({ LIVEKIT_URL: "https://override.example" });
  expect(livekitConfig().host).toBe("https://override.example");
});

test("LIVESTREAM_RECONNECT_WINDOW_SECONDS: 60 by default, whole seconds 0–1800 (MUX's range)", () => {
  unset("LIVESTREAM_RECONNECT_WINDOW_SECONDS");
  expect(reconnectWindowSeconds()).toBe(60);
  stub({ LIVESTREAM_RECONNECT_WINDOW_SECONDS: "0" });
  expect(reconnectWindowSeconds()).toBe(0);
  stub({ LIVESTREAM_RECONNECT_WINDOW_SECONDS: "1800" });
  expect(reconnectWindowSeconds()).toBe(1800);
  stub({ LIVESTREAM_RECONNECT_WINDOW_SECONDS: "1801" });
  expect(() => reconnectWindowSeconds()).toThrow(
    new EnvError("Invalid environment: LIVESTREAM_RECONNECT_WINDOW_SECONDS must be at most 1800 (MUX's maximum).", ["LIVESTREAM_RECONNECT_WINDOW_SECONDS"]),
  );
  stub({ LIVESTREAM_RECONNECT_WINDOW_SECONDS: "2.5" });
  expect(() => reconnectWindowSeconds()).toThrow("LIVESTREAM_RECONNECT_WINDOW_SECONDS must be a whole number of seconds");
});

test("LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS: 120 by default, 0 turns it off, whole seconds up to a day", () => {
  unset("LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS");
  expect(stopAfterHostLeftSeconds()).toBe(120);
  stub({ LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS: "0" });
  expect(stopAfterHostLeftSeconds()).toBe(0);
  stub({ LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS: "86400" });
  expect(stopAfterHostLeftSeconds()).toBe(86_400);
  stub({ LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS: "86401" });
  expect(() => stopAfterHostLeftSeconds()).toThrow(
    new EnvError("Invalid environment: LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS must be at most 86400.", ["LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS"]),
  );
  stub({ LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS: "-1" });
  expect(() => stopAfterHostLeftSeconds()).toThrow("LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS must be 0 or more");
  stub({ LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS: "1.5" });
  expect(() => stopAfterHostLeftSeconds()).toThrow("LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS must be a whole number of seconds");
});

test("missing variables are named, and empty strings count as unset", () => {
  unset("MUX_TOKEN_SECRET");
  stub({ MUX_TOKEN_ID: "id" });
  expect(() => muxConfig()).toThrow(new EnvError("MUX is not configured: set MUX_TOKEN_SECRET (see .env.example).", ["MUX_TOKEN_SECRET"]));
  unset("LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "LIVEKIT_URL", "NEXT_PUBLIC_LIVEKIT_URL", "MUX_TOKEN_ID");
  expect(missingUpstreamVariables()).toEqual([
    "LIVEKIT_API_KEY",
    "LIVEKIT_API_SECRET",
    "NEXT_PUBLIC_LIVEKIT_URL",
    "MUX_TOKEN_ID",
    "MUX_TOKEN_SECRET",
  ]);
});

test("a malformed variable names itself and its expected shape without echoing the value", () => {
  stub({ DATABASE_URL: "mysql://secret-password@db/x" });
  let error: unknown;
  try {
    databaseConfig();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(EnvError);
  expect((error as EnvError).message).toBe(
    "Invalid environment: DATABASE_URL must be a postgres:// or postgresql:// URL, like postgres://user:pass@127.0.0.1:5432/golive.",
  );
  expect((error as EnvError).message).not.toContain("secret-password");
});

test("no DATABASE_URL means embedded PGlite under .data/", () => {
  unset("DATABASE_URL", "PGLITE_DIR");
  expect(databaseConfig()).toEqual({ kind: "pglite", dir: ".data/pglite" });
  stub({ DATABASE_URL: "postgres://u@127.0.0.1:5432/db" });
  expect(databaseConfig()).toEqual({ kind: "postgres", url: "postgres://u@127.0.0.1:5432/db" });
});

test("the auth secret is required in production; elsewhere a random one is made once and kept in .data/ (with a warning)", () => {
  unset("BETTER_AUTH_SECRET");
  stub({ NODE_ENV: "production" });
  expect(() => authConfig()).toThrow("BETTER_AUTH_SECRET is required in production (at least 32 characters).");

  stub({ NODE_ENV: "development" });
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const home = process.cwd();
  const first = mkdtempSync(path.join(os.tmpdir(), "golive-env-"));
  const second = mkdtempSync(path.join(os.tmpdir(), "golive-env-"));
  try {
    process.chdir(first);
    const { secret } = authConfig();
    // Not a constant anyone can read in the repository: cookies signed with it can't be forged.
    expect(secret).not.toBe("golive-development-secret-do-not-use-in-production");
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const file = path.join(first, ".data/dev-auth-secret");
    expect(readFileSync(file, "utf8").trim()).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(authConfig().secret).toBe(secret); // kept: sessions survive a restart

    process.chdir(second);
    expect(authConfig().secret).not.toBe(secret); // each checkout has its own
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]?.[0])).toContain(".data/dev-auth-secret");
  } finally {
    process.chdir(home);
    rmSync(first, { recursive: true, force: true });
    rmSync(second, { recursive: true, force: true });
  }

  stub({ BETTER_AUTH_SECRET: "too-short" });
  expect(() => authConfig()).toThrow("BETTER_AUTH_SECRET must be at least 32 characters");
});

test("a dev secret file that doesn't hold a secret is reported, not used", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "golive-env-"));
  try {
    const file = path.join(dir, "dev-auth-secret");
    writeFileSync(file, "short\n");
    expect(() => devAuthSecret(file)).toThrow(EnvError);
    expect(() => devAuthSecret(file)).toThrow(/delete it/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("processes starting together agree on one dev secret (created atomically, no leftovers)", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "golive-env-"));
  const file = path.join(dir, ".data", "dev-auth-secret");
  const env = path.resolve("src/lib/env.ts");
  const run = () =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "-e", `import(${JSON.stringify(env)}).then((m) => process.stdout.write(m.devAuthSecret(${JSON.stringify(file)})))`],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.once("error", reject);
      child.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
    });
  try {
    const secrets = await Promise.all(Array.from({ length: 8 }, run));
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]?.length).toBeGreaterThanOrEqual(32);
    expect(readdirSync(path.dirname(file))).toEqual(["dev-auth-secret"]);
    expect(existsSync(file)).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

test("LiveKit names everything it still needs at once, each alternative with its first name", () => {
  unset("LIVEKIT_API_SECRET", "LIVEKIT_URL", "NEXT_PUBLIC_LIVEKIT_URL");
  stub({ LIVEKIT_API_KEY: "k" });
  expect(() => livekitConfig()).toThrow(
    new EnvError("LiveKit is not configured: set LIVEKIT_API_SECRET, NEXT_PUBLIC_LIVEKIT_URL (or LIVEKIT_URL) (see .env.example).", [
      "LIVEKIT_API_SECRET",
      "NEXT_PUBLIC_LIVEKIT_URL",
    ]),
  );
  stub({ LIVEKIT_API_SECRET: "s", LIVEKIT_URL: "https://only-the-override.example" });
  expect(livekitConfig().host).toBe("https://only-the-override.example"); // either URL will do
  stub({ MUX_TOKEN_ID: "i", MUX_TOKEN_SECRET: "t" });
  expect(missingUpstreamVariables()).toEqual([]);
});

test("readEnv parses what scripts ask for by the same schema, naming a bad variable without its value", () => {
  stub({ PORT: "47880", SANDBOX_PORT: "" });
  expect(readEnv(["PORT", "SANDBOX_PORT"])).toEqual({ PORT: 47880, SANDBOX_PORT: undefined });
  stub({ PORT: "eighty" });
  expect(() => readEnv(["PORT"])).toThrow(EnvError);
  expect(() => readEnv(["PORT"])).toThrow(/^Invalid environment: PORT /);
  expect(() => readEnv(["PORT"])).not.toThrow(/eighty/);
});

test("trusted origins: production trusts BETTER_AUTH_URL and TRUSTED_ORIGINS only; development adds the dev server's own port on this machine's addresses", () => {
  const secret = "s".repeat(40);
  unset("PORT");
  stub({ NODE_ENV: "production", BETTER_AUTH_SECRET: secret, BETTER_AUTH_URL: "https://app.example.com", TRUSTED_ORIGINS: "https://a.example.com, https://b.example.com/path" });
  expect(authConfig().trustedOrigins).toEqual(["https://a.example.com", "https://b.example.com"]);
  stub({ NODE_ENV: "development" });
  expect(authConfig().trustedOrigins).toEqual([
    "https://a.example.com",
    "https://b.example.com",
    "http://localhost:3000",
    "http://127.0.0.1:3000",
    "http://[::1]:3000",
  ]);
  // `next dev` sets PORT to the port it listens on; BETTER_AUTH_URL's port, when it names one, wins.
  stub({ PORT: "4100" });
  expect(devLoopbackHosts()).toEqual(["localhost:4100", "127.0.0.1:4100", "[::1]:4100"]);
  stub({ BETTER_AUTH_URL: "http://127.0.0.1:4200" });
  expect(devLoopbackHosts()).toEqual(["localhost:4200", "127.0.0.1:4200", "[::1]:4200"]);
  stub({ TRUSTED_ORIGINS: "not a url" });
  expect(() => authConfig()).toThrow(EnvError);
});

test("TRUSTED_PROXY_HEADER: unset trusts no header; set, one header name, lower-cased", () => {
  unset("TRUSTED_PROXY_HEADER");
  expect(trustedProxyHeader()).toBeNull();
  stub({ TRUSTED_PROXY_HEADER: " X-Real-IP " });
  expect(trustedProxyHeader()).toBe("x-real-ip");
  stub({ TRUSTED_PROXY_HEADER: "x-forwarded-for, x-real-ip" });
  expect(() => trustedProxyHeader()).toThrow(new EnvError("Invalid environment: TRUSTED_PROXY_HEADER must be one HTTP header name, like x-forwarded-for or x-real-ip.", ["TRUSTED_PROXY_HEADER"]));
});
