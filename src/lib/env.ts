// The one reader of process.env, and the app's production configuration only: what the dev
// launcher decides (sandbox or not, which ports) lives in scripts/lib/dev-launch.ts, which
// reads its variables through readEnv below.
//
// Every variable is optional at load time so that `next build` and pages that don't need
// upstream services work without credentials. Each group is parsed when it is first
// needed, and a missing or malformed variable fails then with a message naming the
// variable and the shape it should have. Empty strings count as unset (t3-env's rule:
// `FOO=` in a .env file means "not configured", not "configured as empty").
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const url = (protocols: readonly string[], example: string) =>
  z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        return protocols.includes(u.protocol) && u.hostname !== "";
      } catch {
        return false;
      }
    }, `must be a ${protocols.map((p) => p.replace(":", "://")).join(" or ")} URL, like ${example}`);

const schema = z.object({
  /** "development" | "production" | "test"; set by Next.js and Vitest. */
  NODE_ENV: optional(z.enum(["development", "production", "test"])),
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
  /** LiveKit server API key and secret. */
  LIVEKIT_API_KEY: optional(z.string()),
  LIVEKIT_API_SECRET: optional(z.string()),
  /** wss://… of the LiveKit project; the REST host is derived from it (wss→https, ws→http). */
  NEXT_PUBLIC_LIVEKIT_URL: optional(url(["wss:", "ws:", "https:", "http:"], "wss://your-project.livekit.cloud")),
  /** Optional server-side override of the LiveKit host. */
  LIVEKIT_URL: optional(url(["wss:", "ws:", "https:", "http:"], "https://your-project.livekit.cloud")),
  /** MUX API access token. */
  MUX_TOKEN_ID: optional(z.string()),
  MUX_TOKEN_SECRET: optional(z.string()),
  /** MUX API host; the SDK's default is https://api.mux.com. */
  MUX_BASE_URL: optional(url(["https:", "http:"], "https://api.mux.com")),
  /** Verifies `mux-signature` on /api/webhooks/mux. */
  MUX_WEBHOOK_SECRET: optional(z.string()),
  /** Optional: MUX's URL signing key (id, base64 private key); signs viewer-count tokens and, for private broadcasts, playback tokens. */
  MUX_SIGNING_KEY: optional(z.string()),
  MUX_PRIVATE_KEY: optional(z.string()),
  /** Host of MUX's public stats API. */
  MUX_STATS_URL: optional(url(["https:", "http:"], "https://stats.mux.com")),
  /**
   * MUX live streams kept made ahead of time (docs/architecture.md, "MUX at fleet scale"), so a
   * go-live with the default settings makes no MUX POST at the click. A whole number ≥ 0;
   * 0 (the default) turns the pool off. Size it to the go-lives that start together.
   */
  MUX_STREAM_POOL_SIZE: optional(z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").max(1000, "must be at most 1000")),
  /**
   * MUX POSTs per second this app allows itself across all its instances (MUX documents about
   * 1 per environment). Default 1. Lower it if something else creates in the same environment.
   */
  MUX_POSTS_PER_SECOND: optional(z.coerce.number().positive("must be more than 0").max(100, "must be at most 100")),
  /** How long a go-live waits for a MUX POST slot (queue and 429s) before answering 503 with Retry-After, in ms. Default 10000. */
  /**
   * MUX's `reconnect_window` on every live stream golive creates (pool included), in seconds:
   * how long MUX waits for a dropped encoder before it completes the recording. MUX's own
   * default is 60 for standard latency but 0 for reduced/low, where any blip would split the
   * recording. Default 60; 0–1800 (MUX's range).
   */
  LIVESTREAM_RECONNECT_WINDOW_SECONDS: optional(z.coerce.number().int("must be a whole number of seconds").min(0, "must be 0 or more").max(1800, "must be at most 1800 (MUX's maximum)")),
  MUX_RATE_LIMIT_WAIT_MS: optional(z.coerce.number().int("must be a whole number").min(0).max(60_000, "must be at most 60000")),
  /**
   * Live broadcasts (starting, active or stopping) one user may have started and hold at once,
   * across all rooms: each is a billed MUX stream and a LiveKit egress. Default 3; beyond, 429.
   */
  LIVESTREAM_MAX_LIVE_PER_USER: optional(z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(1000, "must be at most 1000")),
  /** Port of `npm start` and `npm run dev` (Next.js reads it too; `npm run dev -p N` wins over it). */
  PORT: optional(z.coerce.number().int().min(1).max(65535)),
  /** Port of the dev sandbox, read only by the dev launcher (scripts/lib/dev-launch.ts); default the app's port + 1. */
  SANDBOX_PORT: optional(z.coerce.number().int().min(0).max(65535)),
  /**
   * Encrypts the full URLs (stream keys included) of a live broadcast's destinations at rest,
   * at least 32 characters. Unset outside production → derived from the auth secret, with a warning.
   */
  LIVESTREAM_ENCRYPTION_KEY: optional(z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)")),
  /**
   * Seconds between in-process reconcile runs on long-running servers (src/instrumentation.ts);
   * one instance at a time runs each. 0 or unset: off (use the cron route instead).
   */
  RECONCILE_INTERVAL_SECONDS: optional(z.coerce.number().int("must be a whole number of seconds").min(0).max(86_400)),
  /** Shared secret a cron sends (Authorization: Bearer …) to POST /api/video/livestream/reconcile. */
  RECONCILE_SECRET: optional(z.string().min(16, "must be at least 16 characters")),
  /**
   * Who may watch a private broadcast besides holders of a working share link
   * (src/lib/video/watch-policy.ts): "members" (the default) — its room's owner and current
   * members, any role — or "signed-in", any signed-in user of this app.
   */
  LIVESTREAM_PRIVATE_WATCHERS: optional(z.enum(["members", "signed-in"], 'must be "members" or "signed-in"')),
  /**
   * How long a private broadcast's playback tokens last, in whole seconds: at most 600 (the
   * default), so a revoked viewer's playback stops within that. The watch page renews them at
   * half their lifetime while the watch rule still allows. Tests shorten it.
   */
  LIVESTREAM_PLAYBACK_TOKEN_SECONDS: optional(z.coerce.number().int("must be a whole number of seconds").min(2, "must be at least 2").max(600, "must be at most 600")),
  /** "1" forces the offline sandbox, "0" forbids it. */
  LIVESTREAM_SANDBOX: optional(z.enum(["0", "1"])),
  /** Set by the dev launcher (and e2e tests): the sandbox's HTTP control API, e.g. http://127.0.0.1:3001/_sandbox. */
  LIVESTREAM_SANDBOX_CONTROL_URL: optional(url(["http:"], "http://127.0.0.1:3001/_sandbox")),
  /**
   * RTMP destination hosts allowed although they are loopback, private or link-local
   * (refused otherwise, see src/lib/video/destination-hosts.ts): comma-separated host
   * names, IP addresses or CIDR ranges, e.g. "rtmp.corp.example,10.20.0.0/16".
   */
  LIVESTREAM_ALLOWED_RTMP_HOSTS: optional(
    z
      .string()
      .transform((v) => v.split(",").map((entry) => entry.trim()).filter((entry) => entry !== ""))
      .refine(
        // A host name's last label must have a letter: "1.2.3" or "300.1.1.1" is a mistyped address, not a name.
        (entries) => entries.every((e) => z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.hostname().regex(/[a-z][a-z0-9-]*\.?$/i)]).safeParse(e).success),
        "must be comma-separated host names, IP addresses or CIDR ranges, like rtmp.corp.example,10.20.0.0/16",
      ),
  ),
});

type Env = z.infer<typeof schema>;
type Key = keyof Env;
/** The name of a variable golive reads. */
export type EnvVariable = Key;

/** A variable the app needs is missing or malformed. The message names it; it never echoes a value. */
export class EnvError extends Error {
  constructor(
    message: string,
    readonly variables: readonly string[],
  ) {
    super(message);
    this.name = "EnvError";
  }
}

/**
 * The named variables, each parsed by its schema entry; empty strings count as unset. For
 * scripts (the dev launcher) that need a variable no accessor below covers: they read
 * through here so that this module stays the only reader of process.env.
 */
export function readEnv<K extends Key>(keys: readonly K[]): Pick<Env, K> {
  return read(keys);
}

function read<K extends Key>(keys: readonly K[]): Pick<Env, K> {
  const values: Partial<Env> = {};
  const problems: string[] = [];
  const bad: string[] = [];
  for (const key of keys) {
    // Parsed one variable at a time so a malformed variable only fails the feature that needs it.
    const result = schema.shape[key].safeParse(process.env[key]);
    if (result.success) Object.assign(values, { [key]: result.data });
    else {
      bad.push(key);
      problems.push(`${key} ${result.error.issues.map((i) => i.message).join(", ")}`);
    }
  }
  if (problems.length > 0) throw new EnvError(`Invalid environment: ${problems.join("; ")}.`, bad);
  return values as Pick<Env, K>;
}

function requireAll<K extends Key>(group: string, keys: readonly K[]): { [P in K]-?: NonNullable<Env[P]> } {
  const values = read(keys);
  const missing = keys.filter((k) => values[k] === undefined);
  if (missing.length > 0) {
    throw new EnvError(`${group} is not configured: set ${missing.join(", ")} (see .env.example).`, missing);
  }
  return values as { [P in K]-?: NonNullable<Env[P]> };
}

/**
 * What going live needs from MUX and LiveKit — the one list of it, read by livekitConfig,
 * muxConfig and missingUpstreamVariables. Each entry is met by any of its variables; the
 * first is the one a message asks for.
 */
const UPSTREAM = {
  LiveKit: [["LIVEKIT_API_KEY"], ["LIVEKIT_API_SECRET"], ["NEXT_PUBLIC_LIVEKIT_URL", "LIVEKIT_URL"]],
  MUX: [["MUX_TOKEN_ID"], ["MUX_TOKEN_SECRET"]],
} as const satisfies Record<string, readonly (readonly [Key, ...Key[]])[]>;

type Service = keyof typeof UPSTREAM;
type Need<S extends Service> = (typeof UPSTREAM)[S][number];
/** Variables that are an entry on their own: present once requireUpstream returns. */
type Sole<S extends Service> = Extract<Need<S>, readonly [Key]>[0];
type Upstream<S extends Service> = { [K in Sole<S>]-?: NonNullable<Env[K]> } & Pick<Env, Exclude<Need<S>[number], Sole<S>>>;

function missingOf(service: Service): Key[] {
  const needs: readonly (readonly [Key, ...Key[]])[] = UPSTREAM[service];
  const values = read(needs.flat());
  return needs.filter((anyOf) => anyOf.every((key) => values[key] === undefined)).map(([first]) => first);
}

function requireUpstream<S extends Service>(service: S): Upstream<S> {
  const needs: readonly (readonly [Key, ...Key[]])[] = UPSTREAM[service];
  const missing = missingOf(service);
  if (missing.length > 0) {
    const named = missing.map((key) => {
      const others = needs.find(([first]) => first === key)?.slice(1) ?? [];
      return others.length > 0 ? `${key} (or ${others.join(", ")})` : key;
    });
    throw new EnvError(`${service} is not configured: set ${named.join(", ")} (see .env.example).`, missing);
  }
  return read(needs.flat()) as Upstream<S>;
}

/** Which MUX and LiveKit variables going live still needs (each named once, alternatives by their first name). */
export function missingUpstreamVariables(): string[] {
  return (Object.keys(UPSTREAM) as Service[]).flatMap(missingOf);
}

export const isProduction = () => read(["NODE_ENV"]).NODE_ENV === "production";
/** `next dev` (NODE_ENV=development), as opposed to `next start` or a test. */
export const isDevelopment = () => read(["NODE_ENV"]).NODE_ENV === "development";

export function databaseConfig() {
  const { DATABASE_URL, PGLITE_DIR } = read(["DATABASE_URL", "PGLITE_DIR"]);
  return DATABASE_URL
    ? ({ kind: "postgres", url: DATABASE_URL } as const)
    : ({ kind: "pglite", dir: PGLITE_DIR ?? ".data/pglite" } as const);
}

/** Where development keeps the auth secret it generated (`.data/` is gitignored). */
export const DEV_AUTH_SECRET_FILE = ".data/dev-auth-secret";

const isErrno = (error: unknown, code: string) => error instanceof Error && (error as NodeJS.ErrnoException).code === code;

function readDevSecret(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (isErrno(error, "ENOENT")) return null;
    throw error;
  }
  const secret = text.trim();
  if (secret.length < 32) {
    throw new EnvError(`${file} does not hold a valid secret: delete it (a new one is made) or set BETTER_AUTH_SECRET.`, ["BETTER_AUTH_SECRET"]);
  }
  return secret;
}

/**
 * The development auth secret in `file`, made on first use: 32 random bytes, readable by
 * this user only. Never a constant — the session cookie cache trusts any correctly signed
 * cookie, so a secret anyone can read would let anyone forge a session. Processes that
 * start together agree on one: the secret is written whole to a private temporary file
 * and hard-linked into place, which fails for all but the first; the others read the
 * winner's, and no process ever sees a half-written file.
 */
export function devAuthSecret(file: string = DEV_AUTH_SECRET_FILE): string {
  const existing = readDevSecret(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  writeFileSync(temporary, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if (!isErrno(error, "EEXIST")) {
      throw new EnvError(`Could not create ${file} (${error instanceof Error ? error.message : String(error)}): set BETTER_AUTH_SECRET.`, [
        "BETTER_AUTH_SECRET",
      ]);
    }
  } finally {
    unlinkSync(temporary);
  }
  const secret = readDevSecret(file);
  if (!secret) throw new EnvError(`${file} disappeared while it was being created: set BETTER_AUTH_SECRET.`, ["BETTER_AUTH_SECRET"]);
  return secret;
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

let warnedDevEncryptionKey = false;

/**
 * The secret live destinations' URLs are sealed with (src/lib/video/secret-box.ts derives the
 * AES key from it). Production requires LIVESTREAM_ENCRYPTION_KEY; development derives one from
 * the auth secret (the one it generated, or BETTER_AUTH_SECRET), so sealed rows stay readable
 * across restarts of the same checkout.
 */
export function encryptionSecret(): { secret: string; source: "LIVESTREAM_ENCRYPTION_KEY" | "auth secret" } {
  const { LIVESTREAM_ENCRYPTION_KEY } = read(["LIVESTREAM_ENCRYPTION_KEY"]);
  if (LIVESTREAM_ENCRYPTION_KEY) return { secret: LIVESTREAM_ENCRYPTION_KEY, source: "LIVESTREAM_ENCRYPTION_KEY" };
  if (isProduction()) {
    throw new EnvError("LIVESTREAM_ENCRYPTION_KEY is required in production (at least 32 characters).", ["LIVESTREAM_ENCRYPTION_KEY"]);
  }
  if (!warnedDevEncryptionKey) {
    warnedDevEncryptionKey = true;
    console.warn("[golive] LIVESTREAM_ENCRYPTION_KEY is unset: using a development-only key derived from the auth secret. Set LIVESTREAM_ENCRYPTION_KEY before deploying.");
  }
  return { secret: authConfig().secret, source: "auth secret" };
}

/** LiveKit's REST host: LIVEKIT_URL, else NEXT_PUBLIC_LIVEKIT_URL, with wss→https and ws→http. */
export function livekitConfig() {
  const { LIVEKIT_API_KEY, LIVEKIT_API_SECRET, LIVEKIT_URL, NEXT_PUBLIC_LIVEKIT_URL } = requireUpstream("LiveKit");
  // requireUpstream saw one of the two; the check is for the type checker.
  const wsOrHttp = LIVEKIT_URL ?? NEXT_PUBLIC_LIVEKIT_URL;
  if (!wsOrHttp) throw new EnvError("LiveKit is not configured: set NEXT_PUBLIC_LIVEKIT_URL (see .env.example).", ["NEXT_PUBLIC_LIVEKIT_URL"]);
  const host = wsOrHttp.replace(/^wss:\/\//, "https://").replace(/^ws:\/\//, "http://");
  return { host, apiKey: LIVEKIT_API_KEY, apiSecret: LIVEKIT_API_SECRET };
}

/** The wss:// URL browsers connect to (NEXT_PUBLIC_LIVEKIT_URL), which LIVEKIT_URL may not be. */
export function livekitPublicUrl(): string {
  const { LIVEKIT_URL, NEXT_PUBLIC_LIVEKIT_URL } = read(["LIVEKIT_URL", "NEXT_PUBLIC_LIVEKIT_URL"]);
  const url = NEXT_PUBLIC_LIVEKIT_URL ?? LIVEKIT_URL;
  if (!url) throw new EnvError("LiveKit is not configured: set NEXT_PUBLIC_LIVEKIT_URL (see .env.example).", ["NEXT_PUBLIC_LIVEKIT_URL"]);
  return url.replace(/^https:\/\//, "wss://").replace(/^http:\/\//, "ws://");
}

export function muxConfig() {
  const { MUX_TOKEN_ID, MUX_TOKEN_SECRET } = requireUpstream("MUX");
  const { MUX_BASE_URL } = read(["MUX_BASE_URL"]);
  return { tokenId: MUX_TOKEN_ID, tokenSecret: MUX_TOKEN_SECRET, baseURL: MUX_BASE_URL };
}

/**
 * How golive paces MUX at fleet scale (docs/architecture.md, "MUX at fleet scale"): the warm
 * pool's size (0 = off), POSTs per second across all instances, and how long a go-live may
 * wait for a POST slot before it answers 503 with Retry-After.
 */
/** How many live broadcasts one user may hold at once (docs/architecture.md, "MUX at fleet scale"). */
export function maxLivePerUser(): number {
  return read(["LIVESTREAM_MAX_LIVE_PER_USER"]).LIVESTREAM_MAX_LIVE_PER_USER ?? 3;
}

export function muxFleetConfig(): { poolSize: number; postsPerSecond: number; maxWaitMs: number } {
  const env = read(["MUX_STREAM_POOL_SIZE", "MUX_POSTS_PER_SECOND", "MUX_RATE_LIMIT_WAIT_MS"]);
  return { poolSize: env.MUX_STREAM_POOL_SIZE ?? 0, postsPerSecond: env.MUX_POSTS_PER_SECOND ?? 1, maxWaitMs: env.MUX_RATE_LIMIT_WAIT_MS ?? 10_000 };
}

/** Seconds MUX waits for a dropped encoder before completing the recording (LIVESTREAM_RECONNECT_WINDOW_SECONDS). */
export function reconnectWindowSeconds(): number {
  return read(["LIVESTREAM_RECONNECT_WINDOW_SECONDS"]).LIVESTREAM_RECONNECT_WINDOW_SECONDS ?? 60;
}

/** Viewer counts need a MUX signing key; null (counts unavailable) when it isn't set. */
/** MUX's URL signing key (id + base64 private key): signs viewer-count and playback tokens. Null when either is unset. */
export function muxSigningKey(): { keyId: string; privateKey: string } | null {
  const { MUX_SIGNING_KEY, MUX_PRIVATE_KEY } = read(["MUX_SIGNING_KEY", "MUX_PRIVATE_KEY"]);
  if (!MUX_SIGNING_KEY || !MUX_PRIVATE_KEY) return null;
  return { keyId: MUX_SIGNING_KEY, privateKey: MUX_PRIVATE_KEY };
}

export function muxViewerCountConfig() {
  const key = muxSigningKey();
  if (!key) return null;
  const { MUX_STATS_URL } = read(["MUX_STATS_URL"]);
  return { ...key, statsUrl: MUX_STATS_URL ?? "https://stats.mux.com" };
}

/** Who besides share-link holders may watch a private broadcast (watch-policy.ts); default "members". */
export function privateWatchers(): "members" | "signed-in" {
  return read(["LIVESTREAM_PRIVATE_WATCHERS"]).LIVESTREAM_PRIVATE_WATCHERS ?? "members";
}

/** Lifetime of private playback tokens, in seconds (at most 600, the default). */
export function playbackTokenSeconds(): number {
  return read(["LIVESTREAM_PLAYBACK_TOKEN_SECONDS"]).LIVESTREAM_PLAYBACK_TOKEN_SECONDS ?? 600;
}

/** The secret MUX signs webhooks with. */
export function muxWebhookSecret(): string {
  return requireAll("MUX webhooks", ["MUX_WEBHOOK_SECRET"]).MUX_WEBHOOK_SECRET;
}

/** Seconds between in-process reconcile runs; 0 = off. */
export function reconcileIntervalSeconds(): number {
  return read(["RECONCILE_INTERVAL_SECONDS"]).RECONCILE_INTERVAL_SECONDS ?? 0;
}

export function reconcileSecret(): string {
  return requireAll("The reconcile endpoint", ["RECONCILE_SECRET"]).RECONCILE_SECRET;
}

/**
 * How RTMP destination hosts are checked: the operator's allow-list, and whether names are
 * resolved to refuse those that point only at private addresses. Never resolved under
 * Vitest (NODE_ENV=test) or against the offline sandbox (LIVESTREAM_SANDBOX=1, which
 * `npm run dev` and the e2e app set): no test and no sandbox run may make a real DNS query.
 */
export function rtmpHostPolicy(): { allowedHosts: string[]; resolveNames: boolean } {
  const env = read(["LIVESTREAM_ALLOWED_RTMP_HOSTS", "NODE_ENV", "LIVESTREAM_SANDBOX"]);
  return { allowedHosts: env.LIVESTREAM_ALLOWED_RTMP_HOSTS ?? [], resolveNames: env.NODE_ENV !== "test" && env.LIVESTREAM_SANDBOX !== "1" };
}

/** LIVESTREAM_SANDBOX as a setting: "1" → on, "0" → off, unset → auto (the dev launcher decides). */
export function sandboxSetting(): "on" | "off" | "auto" {
  const { LIVESTREAM_SANDBOX } = read(["LIVESTREAM_SANDBOX"]);
  return LIVESTREAM_SANDBOX === "1" ? "on" : LIVESTREAM_SANDBOX === "0" ? "off" : "auto";
}

// Hosts the sandbox may be reached at. Only names a CSP host source can express: it can't
// name an IPv6 literal such as [::1] (src/lib/security-headers.ts), so a player there would be refused.
const SANDBOX_PLAYBACK_HOSTS = new Set(["127.0.0.1", "localhost"]);

/**
 * Where the sandbox serves MUX playback (its stream.mux.com and image.mux.com stand-ins, at
 * MUX_BASE_URL's origin) when the app runs against the sandbox: LIVESTREAM_SANDBOX=1 and
 * MUX_BASE_URL an http origin on 127.0.0.1 or localhost. Else null — with real MUX credentials
 * always, and in the sandbox when MUX_BASE_URL is not the sandbox (pages then play nothing
 * rather than dial MUX).
 */
export function sandboxPlaybackOrigin(): string | null {
  const { LIVESTREAM_SANDBOX, MUX_BASE_URL } = read(["LIVESTREAM_SANDBOX", "MUX_BASE_URL"]);
  if (LIVESTREAM_SANDBOX !== "1" || !MUX_BASE_URL) return null;
  const url = new URL(MUX_BASE_URL);
  return url.protocol === "http:" && SANDBOX_PLAYBACK_HOSTS.has(url.hostname) ? url.origin : null;
}

/**
 * The sandbox's control API when the app runs against the sandbox (LIVESTREAM_SANDBOX=1 and
 * a control URL on loopback), else null. Used over HTTP only: the app never imports src/sandbox.
 */
export function sandboxControlUrl(): string | null {
  const { LIVESTREAM_SANDBOX, LIVESTREAM_SANDBOX_CONTROL_URL } = read(["LIVESTREAM_SANDBOX", "LIVESTREAM_SANDBOX_CONTROL_URL"]);
  if (LIVESTREAM_SANDBOX !== "1" || !LIVESTREAM_SANDBOX_CONTROL_URL) return null;
  const host = new URL(LIVESTREAM_SANDBOX_CONTROL_URL).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]" ? LIVESTREAM_SANDBOX_CONTROL_URL : null;
}
