// The reference app's own variables (database, auth), declared like golive's
// (@golive/next/config) and read through the same reader, the only one of process.env.
// docs/reference/configuration.md lists every variable.
import path from "node:path";
import { z } from "zod";
import { createEnvReader, EnvError, goliveEnvSchema, isProduction, optional, url } from "@golive/next/config";
import { DEV_AUTH_SECRET_FILE, devAuthSecret } from "./dev-secret";

export { DEV_AUTH_SECRET_FILE, devAuthSecret };

const appEnvSchema = {
  /** Postgres connection string for postgres.js. Unset → embedded PGlite in `.data/`. */
  DATABASE_URL: optional(url(["postgres:", "postgresql:"], "postgres://user:pass@127.0.0.1:5432/golive")),
  /** Where embedded PGlite keeps its files when DATABASE_URL is unset. */
  PGLITE_DIR: optional(z.string()),
  /** better-auth signing secret, at least 32 characters. Unset outside production → a random one kept in .data/, with a warning. */
  BETTER_AUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)")),
  /** The app's public origin, e.g. http://localhost:3000. */
  BETTER_AUTH_URL: optional(url(["http:", "https:"], "http://localhost:3000")),
  /** More origins better-auth accepts requests from (comma-separated), e.g. a second domain. */
  TRUSTED_ORIGINS: optional(
    z
      .string()
      .transform((v) => v.split(",").map((o) => o.trim()).filter((o) => o !== ""))
      .pipe(z.array(url(["http:", "https:"], "https://app.example.com"))),
  ),
  /**
   * The header a trusted reverse proxy sets to the client's address (e.g. x-forwarded-for or
   * x-real-ip), replacing whatever the client sent; sign-in and sign-up limits count per that
   * address. Unset: no header is trusted (any client can send one), and those limits share one
   * bucket (docs/architecture.md, "Security model").
   */
  TRUSTED_PROXY_HEADER: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9!#$%&'*+.^_`|~-]+$/, "must be one HTTP header name, like x-forwarded-for or x-real-ip"),
  ),
  /** Port of `npm start` and `npm run dev` (Next.js reads it too; `npm run dev -p N` wins over it). */
  PORT: optional(z.coerce.number().int().min(1).max(65535)),
  /** Port of the dev sandbox, read only by the dev launcher (scripts/lib/dev-launch.ts); default the app's port + 1. */
  SANDBOX_PORT: optional(z.coerce.number().int().min(0).max(65535)),
} as const;

const { read } = createEnvReader({ ...goliveEnvSchema, ...appEnvSchema });

/** Any variable the app or golive reads, parsed (for scripts such as the dev launcher). */
export const readEnv = read;

export function databaseConfig() {
  const { DATABASE_URL, PGLITE_DIR } = read(["DATABASE_URL", "PGLITE_DIR"]);
  return DATABASE_URL
    ? ({ kind: "postgres", url: DATABASE_URL } as const)
    : ({ kind: "pglite", dir: PGLITE_DIR ?? ".data/pglite" } as const);
}

// Read once per process (per location): authConfig() is called on every request.
let devSecret: { file: string; secret: string } | undefined;
let warnedDevSecret = false;

/**
 * Where sign-in may come from. Production: BETTER_AUTH_URL plus TRUSTED_ORIGINS. Development
 * also trusts the dev server however it is addressed on this machine (localhost, 127.0.0.1,
 * [::1]) — at its own port only: another local port is another site (any local dev server or
 * tool), and must not act as the signed-in user.
 */
function trustedOrigins(): string[] {
  const { TRUSTED_ORIGINS } = read(["TRUSTED_ORIGINS"]);
  const listed = (TRUSTED_ORIGINS ?? []).map((o) => new URL(o).origin);
  return isProduction() ? listed : [...listed, ...devLoopbackHosts().map((host) => `http://${host}`)];
}

/**
 * The dev server's own hosts on this machine (host:port), for better-auth's origin checks: its
 * port is BETTER_AUTH_URL's when that names one, else PORT (`next dev` sets it to the port it
 * listens on before the app loads), else 3000 (`next dev`'s default).
 */
export function devLoopbackHosts(): string[] {
  const { PORT, BETTER_AUTH_URL } = read(["PORT", "BETTER_AUTH_URL"]);
  const fromUrl = BETTER_AUTH_URL ? new URL(BETTER_AUTH_URL).port : "";
  const port = fromUrl === "" ? (PORT ?? 3000) : Number(fromUrl);
  return ["localhost", "127.0.0.1", "[::1]"].map((host) => `${host}:${port}`);
}

/** TRUSTED_PROXY_HEADER, lower-cased, or null: no client-address header is trusted. */
export function trustedProxyHeader(): string | null {
  return read(["TRUSTED_PROXY_HEADER"]).TRUSTED_PROXY_HEADER ?? null;
}

export type AuthConfig = { secret: string; baseURL: string | undefined; trustedOrigins: string[] };

export function authConfig(): AuthConfig {
  const { BETTER_AUTH_SECRET, BETTER_AUTH_URL } = read(["BETTER_AUTH_SECRET", "BETTER_AUTH_URL"]);
  if (BETTER_AUTH_SECRET) return { secret: BETTER_AUTH_SECRET, baseURL: BETTER_AUTH_URL, trustedOrigins: trustedOrigins() };
  if (isProduction()) {
    throw new EnvError("BETTER_AUTH_SECRET is required in production (at least 32 characters).", ["BETTER_AUTH_SECRET"]);
  }
  const file = path.resolve(DEV_AUTH_SECRET_FILE);
  if (devSecret?.file !== file) devSecret = { file, secret: devAuthSecret(file) };
  if (!warnedDevSecret) {
    warnedDevSecret = true;
    console.warn(
      `[golive] BETTER_AUTH_SECRET is unset: using a development-only secret generated in ${DEV_AUTH_SECRET_FILE}. Set BETTER_AUTH_SECRET before deploying.`,
    );
  }
  return { secret: devSecret.secret, baseURL: BETTER_AUTH_URL, trustedOrigins: trustedOrigins() };
}
