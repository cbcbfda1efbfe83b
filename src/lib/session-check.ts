import "server-only";
// The session check of every write (docs/architecture.md, "Security model"): the database says
// whether the session still exists, past better-auth's 60 s cookie cache, so a signed-out or
// revoked session's copied cookie can't write. Done here as better-auth itself checks it — the
// cookie's HMAC-SHA256 signature with the auth secret, then the session by its token, unexpired —
// in one prepared statement, where `getSession({ disableCookieCache })` runs its endpoint
// pipeline and two unprepared reads on every write (docs/benchmarks.md, "Go-live's own work").
import { createHmac, timingSafeEqual } from "node:crypto";
import { parseCookies } from "better-auth/cookies";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Database } from "@golive/next";
import { getDb } from "@/lib/db";
import { session, user } from "@/lib/db/schema";

export type SessionUser = { id: string; email: string; name: string };

const statements = new WeakMap<Database, ReturnType<typeof sessionUserStatement>>();

function sessionUserStatement(db: Database) {
  return db
    .select({ id: user.id, email: user.email, name: user.name })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .where(and(eq(session.token, sql.placeholder("token")), gt(session.expiresAt, sql`now()`)))
    .limit(1)
    .prepare("app_session_user");
}

/** The token of a signed cookie value (`<token>.<base64 HMAC-SHA256 of token>`) if `secret` signed it; else null. */
export function verifiedToken(value: string, secret: string): string | null {
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = Buffer.from(value.slice(dot + 1), "base64");
  const expected = createHmac("sha256", secret).update(token).digest();
  return signature.length === expected.length && timingSafeEqual(signature, expected) ? token : null;
}

/**
 * The user of the session that the signed cookie `cookieName` of a Cookie header names, if the
 * session exists and hasn't expired. The header is read with better-auth's own cookie parser.
 */
export async function freshSessionUser(cookieHeader: string | null, cookieName: string, secret: string): Promise<SessionUser | null> {
  const cookie = parseCookies(cookieHeader ?? "").get(cookieName);
  const token = cookie === undefined ? null : verifiedToken(cookie, secret);
  if (token === null) return null;
  const db = await getDb();
  let statement = statements.get(db);
  if (!statement) statements.set(db, (statement = sessionUserStatement(db)));
  const [row] = await statement.execute({ token });
  return row ?? null;
}
