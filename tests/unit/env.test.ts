import { afterEach, expect, test, vi } from "vitest";
import { authConfig, databaseConfig, EnvError, livekitConfig, missingUpstreamVariables, muxConfig, shouldStartSandbox } from "@/lib/env";

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

test("the auth secret is required in production and defaulted (with a warning) elsewhere", () => {
  unset("BETTER_AUTH_SECRET");
  stub({ NODE_ENV: "production" });
  expect(() => authConfig()).toThrow("BETTER_AUTH_SECRET is required in production (at least 32 characters).");
  stub({ NODE_ENV: "development" });
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  expect(authConfig().secret.length).toBeGreaterThanOrEqual(32);
  expect(warn).toHaveBeenCalledOnce();
  stub({ BETTER_AUTH_SECRET: "too-short" });
  expect(() => authConfig()).toThrow("BETTER_AUTH_SECRET must be at least 32 characters");
});

test("the dev launcher starts the sandbox only when forced or when credentials are missing", () => {
  const all = {
    LIVEKIT_API_KEY: "k",
    LIVEKIT_API_SECRET: "s",
    NEXT_PUBLIC_LIVEKIT_URL: "wss://p.livekit.cloud",
    MUX_TOKEN_ID: "i",
    MUX_TOKEN_SECRET: "t",
  };
  stub({ ...all, LIVESTREAM_SANDBOX: "" });
  expect(shouldStartSandbox()).toBe(false); // real credentials: no sandbox
  stub({ LIVESTREAM_SANDBOX: "1" });
  expect(shouldStartSandbox()).toBe(true); // forced
  stub({ LIVESTREAM_SANDBOX: "", MUX_TOKEN_SECRET: "" });
  expect(shouldStartSandbox()).toBe(true); // one credential missing
  stub({ LIVESTREAM_SANDBOX: "0" });
  expect(shouldStartSandbox()).toBe(false); // forbidden
});
