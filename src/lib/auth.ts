import "server-only";
// better-auth with the Drizzle adapter and email + password at its default paths, built on first use
// so `next build` needs no database or secret (docs/architecture.md, "Security model").
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { authConfig, devLoopbackHosts, trustedProxyHeader } from "@/lib/env";
import { isProduction } from "@golive/next/config";
import { getDb } from "@/lib/db";
import { account, rateLimit, session, user, verification } from "@/lib/db/schema";
import { freshSessionUser, type SessionUser } from "@/lib/session-check";
import { clearSignInFailures, giveBackSignInAttempt, lockedMessage, takeSignInAttempt } from "@/lib/sign-in-failures";

/** A display name is shown in the header and sent in every LiveKit token: keep it a name. */
export const MAX_NAME_LENGTH = 100;
/** RFC 5321's limit on a deliverable address. */
export const MAX_EMAIL_LENGTH = 254;

// C0/C1 controls and DEL, line/paragraph separators, and the bidi overrides and isolates
// that make a name display as something else ("\u202Etxt.exe").
const CONTROL_CHARS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** Why `name` can't be a display name, or null. Counted in characters, not UTF-16 units. */
export function displayNameProblem(name: string): string | null {
  // Checked before spreading: a UTF-16 length over twice the limit is over it in characters too.
  if (name.length > MAX_NAME_LENGTH * 2 || [...name].length > MAX_NAME_LENGTH) return `Name must be at most ${MAX_NAME_LENGTH} characters.`;
  if (CONTROL_CHARS.test(name)) return "Name must not contain control characters.";
  if (name === "") return "Name must not be empty.";
  return null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Bounds what a person may call themselves, on every path that sets it (sign-up and
 * update-user), for HTTP and server calls alike. The name is trimmed first; wrong types are
 * left to better-auth's own validation. Returns the body to use, or null for "unchanged".
 */
function boundNameAndEmail(path: string, body: unknown): Record<string, unknown> | null {
  if (path !== "/sign-up/email" && path !== "/update-user") return null;
  if (!isRecord(body)) return null;
  if (typeof body.email === "string" && body.email.length > MAX_EMAIL_LENGTH) {
    throw new APIError("BAD_REQUEST", { message: `Email must be at most ${MAX_EMAIL_LENGTH} characters.`, code: "EMAIL_TOO_LONG" });
  }
  if (typeof body.name !== "string") return null;
  const name = body.name.trim();
  const problem = displayNameProblem(name);
  if (problem) throw new APIError("BAD_REQUEST", { message: problem, code: "INVALID_NAME" });
  return { ...body, name };
}

const signInEmail = (path: string, body: unknown): string | null =>
  path === "/sign-in/email" && isRecord(body) && typeof body.email === "string" ? body.email : null;

/**
 * Every endpoint but a read checks its session in the database: update-user and
 * update-session would otherwise take better-auth's 60 s cookie cache, and a copied cookie of
 * a session signed out a moment ago could still rename its user. The per-account sign-in
 * limit takes its attempt here, before the password is checked (src/lib/sign-in-failures.ts).
 */
const beforeEndpoint = createAuthMiddleware(async (ctx) => {
  const body = boundNameAndEmail(ctx.path, ctx.body);
  const email = signInEmail(ctx.path, ctx.body);
  if (email !== null) {
    const attempt = await takeSignInAttempt(email);
    if (!attempt.allowed) {
      throw new APIError(
        "TOO_MANY_REQUESTS",
        { message: lockedMessage(attempt.retryAfterSeconds), code: "ACCOUNT_LOCKED" },
        { "retry-after": String(attempt.retryAfterSeconds) },
      );
    }
  }
  // get-session is the read: its callers choose (getSessionUser below).
  const write = ctx.path !== "/get-session" && (ctx.request?.method ?? ctx.method) !== "GET";
  const query = write ? { ...ctx.query, disableCookieCache: true } : null;
  if (!body && !query) return;
  return { context: { ...(body ? { body } : {}), ...(query ? { query } : {}) } };
});

const statusOf = (returned: unknown): number | null =>
  returned instanceof Error && "statusCode" in returned && typeof returned.statusCode === "number" ? returned.statusCode : null;

/** A sign-in that worked forgets the account's failures; one refused before its password was checked gives its attempt back. */
const afterEndpoint = createAuthMiddleware(async (ctx) => {
  const email = signInEmail(ctx.path, ctx.body);
  if (email === null) return;
  const status = statusOf(ctx.context.returned);
  if (status === null) await clearSignInFailures(email);
  else if (status !== 401) await giveBackSignInAttempt(email);
});

/** The client-address headers better-auth may read: the configured proxy's, or none. */
const proxyHeaders = (): string[] => {
  const header = trustedProxyHeader();
  return header ? [header] : [];
};

async function createAuth() {
  const { secret, baseURL, trustedOrigins } = authConfig();
  const db = await getDb();
  return betterAuth({
    secret,
    // Without BETTER_AUTH_URL (development), the origin is the request's own, from the
    // loopback hosts only: the app works at localhost, 127.0.0.1 and [::1] alike.
    baseURL: baseURL ?? (isProduction() ? undefined : { allowedHosts: devLoopbackHosts(), protocol: "http" }),
    trustedOrigins,
    database: drizzleAdapter(db, { provider: "pg", schema: { user, session, account, verification, rateLimit } }),
    emailAndPassword: { enabled: true, minPasswordLength: 8 },
    session: { cookieCache: { enabled: true, maxAge: 60 } },
    // On in every environment (better-auth turns it on in production only), counted in the
    // database so every instance shares one count per client: with in-memory counts each
    // instance would allow its own 3 sign-ins per 10 s.
    rateLimit: { enabled: true, storage: "database" },
    hooks: { before: beforeEndpoint, after: afterEndpoint },
    telemetry: { enabled: false },
    advanced: {
      // better-auth skips its origin check when NODE_ENV is "test"; golive's tests check the
      // real thing (tests/integration/auth-origins.test.ts), so it is on everywhere.
      disableOriginCheck: false,
      // Who the client is, for the per-client limits. A route handler has no socket address,
      // and `next start` / `next dev` pass on a client's own x-forwarded-for untouched, so
      // only a header a proxy sets (TRUSTED_PROXY_HEADER) says who the client is. Without
      // one, no header is read: every client shares one bucket per path (better-auth's
      // fallback), and the per-account limit (src/lib/sign-in-failures.ts) still holds.
      ipAddress: { ipAddressHeaders: proxyHeaders() },
    },
    // Last, as better-auth asks: lets auth.api calls in server actions set cookies, and stops
    // getSession in server components from refreshing a session it can't write back.
    plugins: [nextCookies()],
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;
// On globalThis for the same reason as the database handle (src/lib/db/index.ts).
const shared = globalThis as typeof globalThis & { __goliveAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  shared.__goliveAuth ??= createAuth().catch((error: unknown) => {
    shared.__goliveAuth = undefined;
    throw error;
  });
  return shared.__goliveAuth;
}

export type { SessionUser };

/**
 * The signed-in user of a request, or null. `fresh` reads the session from the database, past
 * the 60 s cookie cache: a signed-out or revoked session's copied cookie must not write
 * (docs/architecture.md, "Security model"; src/lib/session-check.ts). Reads take better-auth's
 * cache, and its refresh of a session that is being used.
 */
export async function getSessionUser(headers: Headers, { fresh = false }: { fresh?: boolean } = {}): Promise<SessionUser | null> {
  const auth = await getAuth();
  if (fresh) {
    const context = await auth.$context;
    return freshSessionUser(headers.get("cookie"), context.authCookies.sessionToken.name, context.secret);
  }
  const session = await auth.api.getSession({ headers });
  return session ? { id: session.user.id, email: session.user.email, name: session.user.name } : null;
}

// What a form submission passes on to better-auth: who the client is (the trusted proxy's
// header, if one is configured: the rate limit counts per address), where the request comes
// from (the origin check) and its user agent (stored with the session). Never its cookies:
// signing in doesn't need them.
const FORWARDED_HEADERS = ["origin", "user-agent", "accept-language"] as const;

/**
 * Posts JSON to one of better-auth's endpoints through its HTTP handler, as the browser's
 * fetch to /api/auth/… would, for the sign-in form's server action. Not `auth.api.*`: the
 * server API skips the rate limiter, and a form must not be a way around it. The answer
 * carries better-auth's status, JSON body and Set-Cookie headers.
 */
export async function postToAuthEndpoint(path: "/sign-in/email" | "/sign-up/email", body: Record<string, string>, incoming: Headers): Promise<Response> {
  const auth = await getAuth();
  const { baseURL } = authConfig();
  // Without BETTER_AUTH_URL (dev) better-auth takes its origin from the request, as for the route.
  const origin = baseURL ?? `${incoming.get("x-forwarded-proto") ?? "http"}://${incoming.get("host") ?? "localhost"}`;
  const headers = new Headers({ "content-type": "application/json" });
  for (const name of [...FORWARDED_HEADERS, ...proxyHeaders()]) {
    const value = incoming.get(name);
    if (value !== null) headers.set(name, value);
  }
  return auth.handler(new Request(new URL(`/api/auth${path}`, origin), { method: "POST", headers, body: JSON.stringify(body) }));
}
