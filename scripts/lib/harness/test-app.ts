// One test file's whole world: its own database, its own sandbox (MUX + LiveKit emulators
// on ephemeral loopback ports) and the real route handlers served over HTTP, wired
// together through the same environment variables a deployment uses.
import { randomBytes } from "node:crypto";
import { type RateLimitSettings, startSandbox, type Sandbox } from "@golive/sandbox";
import { z } from "zod";
import { startRouteServer, type RouteServer } from "./route-server";

/** The sandbox's credentials, for tests that sign or call as MUX/LiveKit themselves. */
export type Credentials = {
  muxTokenId: string;
  muxTokenSecret: string;
  muxWebhookSecret: string;
  livekitApiKey: string;
  livekitApiSecret: string;
};

export type TestApp = {
  url: string;
  sandbox: Sandbox;
  credentials: Credentials;
  /** A new signed-up user with a session cookie. */
  newUser: (name?: string) => Promise<TestUser>;
  /** A request with no session. */
  anonymous: TestClient;
  close: () => Promise<void>;
};

export type JsonResponse = { status: number; body: unknown; headers: Headers };
export type TestClient = {
  request: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<JsonResponse>;
  /** GET `path`, its answer read with `schema` (`parseBody`). */
  get: <S extends z.ZodType>(path: string, schema: S) => Promise<z.output<S>>;
};
export type TestUser = TestClient & { id: string; email: string; cookie: string };

/**
 * An answer's body read with the contract's schema (dates become `Date`s). Throws, failing the
 * test, with the status and the body when it doesn't parse or carries a key the schema doesn't
 * know: parsing drops unknown keys, and a test that an answer leaks nothing must see them.
 */
export function parseBody<S extends z.ZodType>(response: JsonResponse, schema: S): z.output<S> {
  const parsed = schema.safeParse(response.body);
  const fail = (why: string) => new Error(`answer ${response.status} ${why}:\n${JSON.stringify(response.body, null, 2)}`);
  if (!parsed.success) throw fail(`does not parse:\n${z.prettifyError(parsed.error)}`);
  const unknown = unknownKeys(response.body, parsed.data, "body");
  if (unknown.length > 0) throw fail(`has keys its schema doesn't know: ${unknown.join(", ")}`);
  return parsed.data;
}

/** The paths of `raw`'s keys that parsing left out of `parsed`. */
function unknownKeys(raw: unknown, parsed: unknown, at: string): string[] {
  if (Array.isArray(raw)) return Array.isArray(parsed) ? raw.flatMap((item, i) => unknownKeys(item, parsed[i], `${at}[${i}]`)) : [];
  if (raw === null || typeof raw !== "object" || parsed === null || typeof parsed !== "object" || parsed instanceof Date) return [];
  const known = new Map(Object.entries(parsed));
  return Object.entries(raw).flatMap(([key, value]) => (known.has(key) ? unknownKeys(value, known.get(key), `${at}.${key}`) : [`${at}.${key}`]));
}

const secret = (prefix: string) => `${prefix}${randomBytes(12).toString("hex")}`;

function client(baseUrl: string, cookie?: string, clientIp?: string): TestClient {
  const self: TestClient = {
    async get(path, schema) {
      return parseBody(await self.request("GET", path), schema);
    },
    async request(method, path, body, headers = {}) {
      const response = await fetch(new URL(path, baseUrl), {
        method,
        headers: {
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...(cookie ? { cookie } : {}),
          ...(clientIp ? { "x-forwarded-for": clientIp } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
  };
  return self;
}

export type TestAppOptions = {
  egressStartDelayMs?: number;
  /** Deliver MUX and LiveKit webhooks to the app (default true). */
  webhooks?: boolean;
  /** Configure a MUX signing key so the app can read viewer counts (default false). */
  viewerCounts?: boolean;
  /** The sandbox's opt-in rate limits (MUX token buckets, LiveKit's egress cap); default off. */
  rateLimits?: RateLimitSettings;
  /** More environment for the app (e.g. RECONCILE_SECRET, MUX_STREAM_POOL_SIZE). */
  env?: Record<string, string>;
  /**
   * Whether an egress with golive's composite template waits for its page's START_RECORDING
   * ("signal"), or starts as if it came at once ("immediate", the default: no browser opens the
   * page here).
   */
  templateReadiness?: "signal" | "immediate";
};

/** A database of the app's own for one run, and how to drop it (tests/support/database.ts, scripts/lib/bench-database.ts). */
export type TestDatabase = { env: Record<string, string>; drop: () => Promise<void> };

/** The app's real route handlers over HTTP, on `database`, against a sandbox of their own. */
export async function startTestApp(database: TestDatabase, options: TestAppOptions = {}): Promise<TestApp> {
  const server: RouteServer = await startRouteServer();
  // The sandbox makes its own credentials and says which variables point the app at it.
  const sandbox = await startSandbox({
    appUrl: (options.webhooks ?? true) ? server.url : undefined,
    viewerCounts: options.viewerCounts ?? false,
    egressStartDelayMs: options.egressStartDelayMs ?? 0,
    rateLimits: options.rateLimits,
    templateReadiness: options.templateReadiness ?? "immediate",
  });
  const { mux, livekit } = sandbox.credentials;
  const credentials: Credentials = {
    muxTokenId: mux.tokenId,
    muxTokenSecret: mux.tokenSecret,
    muxWebhookSecret: mux.webhookSecret,
    livekitApiKey: livekit.apiKey,
    livekitApiSecret: livekit.apiSecret,
  };

  Object.assign(process.env, database.env, sandbox.appEnv(), {
    BETTER_AUTH_SECRET: secret("test-auth-secret-").padEnd(40, "x"),
    BETTER_AUTH_URL: server.url,
    // Test files go live in many rooms as one host without ending each; the cap's own tests
    // set it (tests/integration/fair-share.test.ts).
    LIVESTREAM_MAX_LIVE_PER_USER: "100",
    // Every simulated person says who they are in x-forwarded-for, as behind a proxy that sets
    // it (tests that need no trusted header pass TRUSTED_PROXY_HEADER: "").
    TRUSTED_PROXY_HEADER: "x-forwarded-for",
    ...options.env,
  });

  let users = 0;
  return {
    url: server.url,
    sandbox,
    credentials,
    anonymous: client(server.url),
    async newUser(name = "Test User") {
      users += 1;
      const email = `user${users}-${randomBytes(4).toString("hex")}@example.test`;
      // Every simulated person is a client of their own, as behind a proxy that sets
      // x-forwarded-for: sign-ups are rate-limited per client (3 per 10 s), not per test file.
      const clientIp = `198.18.${(users >> 8) & 255}.${users & 255}`;
      const signUp = await fetch(new URL("/api/auth/sign-up/email", server.url), {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url, "x-forwarded-for": clientIp },
        body: JSON.stringify({ email, password: "correct horse battery", name }),
      });
      if (signUp.status !== 200) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
      const { user } = (await signUp.json()) as { user: { id: string } };
      const cookie = signUp.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      return { ...client(server.url, cookie, clientIp), id: user.id, email, cookie };
    },
    async close() {
      const { closeDb } = await import("@/lib/db");
      const { stopPoolRefills } = await import("@golive/next/upstream");
      // Stop the senders first, then wait for the handlers still running (and the stream
      // pool's background refills), then the database.
      await stopPoolRefills();
      await sandbox.close();
      await server.close();
      await closeDb();
      await database.drop();
    },
  };
}
