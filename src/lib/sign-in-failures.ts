import "server-only";
// The per-account limit on failed sign-ins, counted in Postgres before the password is checked so
// parallel guesses and instances share it (docs/architecture.md, "Security model").
import { createHash } from "node:crypto";
import { eq, lt, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { signInFailures } from "@/lib/db/schema";

export const SIGN_IN_FAILURE_LIMIT = 5;
export const SIGN_IN_FAILURE_WINDOW_SECONDS = 15 * 60;

/** One account, however its email is typed: better-auth stores emails lower-cased. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

const keyOf = (email: string) => createHash("sha256").update(normaliseEmail(email)).digest("hex");

// Postgres's clock, not this instance's: every instance then agrees on when a window ends.
const window = sql.raw(`interval '${SIGN_IN_FAILURE_WINDOW_SECONDS} seconds'`);
const expired = sql`${signInFailures.windowStartedAt} <= now() - ${window}`;

export type SignInAttempt = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Takes one attempt of the account's allowance, or says for how many seconds it is locked. */
export async function takeSignInAttempt(email: string): Promise<SignInAttempt> {
  const db = await getDb();
  const emailHash = keyOf(email);
  const taken = await db
    .insert(signInFailures)
    .values({ emailHash, failures: 1, windowStartedAt: sql`now()` })
    .onConflictDoUpdate({
      target: signInFailures.emailHash,
      set: {
        failures: sql`CASE WHEN ${expired} THEN 1 ELSE ${signInFailures.failures} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN now() ELSE ${signInFailures.windowStartedAt} END`,
      },
      // One statement: two instances can't both take the last attempt.
      setWhere: sql`${expired} OR ${signInFailures.failures} < ${SIGN_IN_FAILURE_LIMIT}`,
    })
    .returning({ failures: signInFailures.failures });
  if (taken.length > 0) {
    // A new window: a good moment to forget windows that are over (the table stays the size of
    // the last 15 minutes' attempts).
    if (taken[0]?.failures === 1) await db.delete(signInFailures).where(lt(signInFailures.windowStartedAt, sql`now() - ${window}`));
    return { allowed: true };
  }
  const [row] = await db
    .select({ seconds: sql<number>`ceil(extract(epoch from (${signInFailures.windowStartedAt} + ${window} - now())))::int` })
    .from(signInFailures)
    .where(eq(signInFailures.emailHash, emailHash));
  return { allowed: false, retryAfterSeconds: Math.max(1, row?.seconds ?? SIGN_IN_FAILURE_WINDOW_SECONDS) };
}

/** The account signed in: its failures are forgotten. */
export async function clearSignInFailures(email: string): Promise<void> {
  const db = await getDb();
  await db.delete(signInFailures).where(eq(signInFailures.emailHash, keyOf(email)));
}

/** The attempt never reached the password check: it gives back what it took. */
export async function giveBackSignInAttempt(email: string): Promise<void> {
  const db = await getDb();
  await db
    .update(signInFailures)
    .set({ failures: sql`greatest(${signInFailures.failures} - 1, 0)` })
    .where(eq(signInFailures.emailHash, keyOf(email)));
}

/** What a locked account's sign-in answers: how long, and that a correct password won't help. */
export function lockedMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return (
    `Too many failed sign-ins to this account. It is locked for ${minutes} more minute${minutes === 1 ? "" : "s"}, ` +
    "and until then even the correct password is refused."
  );
}
