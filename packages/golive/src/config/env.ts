// golive's settings, read from its variables (env-schema.ts) when a feature first needs them; a
// missing or malformed one fails then, naming it and its shape (docs/architecture.md, "Configuration").
import { goliveEnvSchema } from "./env-schema";
import { hostSecret } from "./host";
import { createEnvReader, EnvError, type EnvOf } from "./read-env";

export { EnvError };

type Schema = typeof goliveEnvSchema;
type Key = keyof Schema;
/** The name of a variable golive reads. */
export type EnvVariable = Key;

const { read, requireAll } = createEnvReader(goliveEnvSchema);
type Env = EnvOf<Schema>;

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

function missingOf(service: Service): Key[] {
  const needs: readonly (readonly [Key, ...Key[]])[] = UPSTREAM[service];
  const values = read(needs.flat());
  return needs.filter((anyOf) => anyOf.every((key) => values[key] === undefined)).map(([first]) => first);
}

/** Throws, naming what is missing, unless `service` is configured. */
function requireUpstream(service: Service): void {
  const needs: readonly (readonly [Key, ...Key[]])[] = UPSTREAM[service];
  const missing = missingOf(service);
  if (missing.length > 0) {
    const named = missing.map((key) => {
      const others = needs.find(([first]) => first === key)?.slice(1) ?? [];
      return others.length > 0 ? `${key} (or ${others.join(", ")})` : key;
    });
    throw new EnvError(`${service} is not configured: set ${named.join(", ")} (see .env.example).`, missing);
  }
}

/** A variable requireUpstream has seen: the check is for the type checker. */
function present<T>(value: T | undefined, key: Key): T {
  if (value === undefined) throw new EnvError(`${key} is not set (see .env.example).`, [key]);
  return value;
}

/** Which MUX and LiveKit variables going live still needs (each named once, alternatives by their first name). */
export function missingUpstreamVariables(): string[] {
  return (Object.keys(UPSTREAM) as Service[]).flatMap(missingOf);
}

export const isProduction = () => read(["NODE_ENV"]).NODE_ENV === "production";
/** `next dev` (NODE_ENV=development), as opposed to `next start` or a test. */
export const isDevelopment = () => read(["NODE_ENV"]).NODE_ENV === "development";

let warnedDevEncryptionKey = false;

/**
 * The secret live destinations' URLs are sealed with (packages/golive/src/destinations/secret-box.ts derives the
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
  return { secret: hostSecret(), source: "auth secret" };
}

/** LiveKit's REST host: LIVEKIT_URL, else NEXT_PUBLIC_LIVEKIT_URL, with wss→https and ws→http. */
export function livekitConfig() {
  requireUpstream("LiveKit");
  const { LIVEKIT_API_KEY, LIVEKIT_API_SECRET, LIVEKIT_URL, NEXT_PUBLIC_LIVEKIT_URL } = read(["LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "LIVEKIT_URL", "NEXT_PUBLIC_LIVEKIT_URL"]);
  const wsOrHttp = present(LIVEKIT_URL ?? NEXT_PUBLIC_LIVEKIT_URL, "NEXT_PUBLIC_LIVEKIT_URL");
  const host = wsOrHttp.replace(/^wss:\/\//, "https://").replace(/^ws:\/\//, "http://");
  return { host, apiKey: present(LIVEKIT_API_KEY, "LIVEKIT_API_KEY"), apiSecret: present(LIVEKIT_API_SECRET, "LIVEKIT_API_SECRET") };
}

/** The wss:// URL browsers connect to (NEXT_PUBLIC_LIVEKIT_URL), which LIVEKIT_URL may not be. */
export function livekitPublicUrl(): string {
  const { LIVEKIT_URL, NEXT_PUBLIC_LIVEKIT_URL } = read(["LIVEKIT_URL", "NEXT_PUBLIC_LIVEKIT_URL"]);
  const url = NEXT_PUBLIC_LIVEKIT_URL ?? LIVEKIT_URL;
  if (!url) throw new EnvError("LiveKit is not configured: set NEXT_PUBLIC_LIVEKIT_URL (see .env.example).", ["NEXT_PUBLIC_LIVEKIT_URL"]);
  return url.replace(/^https:\/\//, "wss://").replace(/^http:\/\//, "ws://");
}

export function muxConfig() {
  requireUpstream("MUX");
  const { MUX_TOKEN_ID, MUX_TOKEN_SECRET, MUX_BASE_URL } = read(["MUX_TOKEN_ID", "MUX_TOKEN_SECRET", "MUX_BASE_URL"]);
  return { tokenId: present(MUX_TOKEN_ID, "MUX_TOKEN_ID"), tokenSecret: present(MUX_TOKEN_SECRET, "MUX_TOKEN_SECRET"), baseURL: MUX_BASE_URL };
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

/**
 * Seconds a live broadcast may go on with no host in its room before golive stops it; 0 = off
 * (docs/architecture.md, "Guardrails").
 */
export function stopAfterHostLeftSeconds(): number {
  return read(["LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS"]).LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS ?? 120;
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

/** Who besides share-link holders may watch a private broadcast (watch/policy.ts); default "members". */
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
 * a control URL on loopback), else null. Used over HTTP only: the app never imports packages/sandbox.
 */
export function sandboxControlUrl(): string | null {
  const { LIVESTREAM_SANDBOX, LIVESTREAM_SANDBOX_CONTROL_URL } = read(["LIVESTREAM_SANDBOX", "LIVESTREAM_SANDBOX_CONTROL_URL"]);
  if (LIVESTREAM_SANDBOX !== "1" || !LIVESTREAM_SANDBOX_CONTROL_URL) return null;
  const host = new URL(LIVESTREAM_SANDBOX_CONTROL_URL).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]" ? LIVESTREAM_SANDBOX_CONTROL_URL : null;
}

/** Whether go-live uses golive's composite template (LIVESTREAM_CUSTOM_TEMPLATE, default "on"). */
export function customTemplateSetting(): "on" | "off" {
  return read(["LIVESTREAM_CUSTOM_TEMPLATE"]).LIVESTREAM_CUSTOM_TEMPLATE ?? "on";
}

/** How long a start with the template waits for its page's START_RECORDING, in seconds (default 30). */
export function templateReadySeconds(): number {
  return read(["LIVESTREAM_TEMPLATE_READY_SECONDS"]).LIVESTREAM_TEMPLATE_READY_SECONDS ?? 30;
}
