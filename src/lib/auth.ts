import "server-only";
// better-auth with the Drizzle adapter and email + password, at better-auth's default
// paths (/api/auth/sign-up/email, /api/auth/sign-in/email, …). Built on first use so
// `next build` needs neither a database nor a secret.
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { authConfig } from "@/lib/env";
import { getDb } from "@/lib/db";
import { account, session, user, verification } from "@/lib/db/schema";

async function createAuth() {
  const { secret, baseURL } = authConfig();
  const db = await getDb();
  return betterAuth({
    secret,
    baseURL,
    database: drizzleAdapter(db, { provider: "pg", schema: { user, session, account, verification } }),
    emailAndPassword: { enabled: true, minPasswordLength: 8 },
    session: { cookieCache: { enabled: true, maxAge: 60 } },
    telemetry: { enabled: false },
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

export type SessionUser = { id: string; email: string; name: string };

/** The signed-in user of a request, or null. */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const session = await (await getAuth()).api.getSession({ headers });
  return session ? { id: session.user.id, email: session.user.email, name: session.user.name } : null;
}
