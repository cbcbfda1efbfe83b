// Failed sign-ins per account, shared by every instance (docs/architecture.md, "Security
// model"): the limit no client address can side-step. Not better-auth's `rate_limit`, whose
// pruning deletes every row older than its own longest window.
import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const signInFailures = pgTable(
  "sign_in_failures",
  {
    /** sha256 of the normalised email, so the table keeps no list of the addresses people tried. */
    emailHash: text("email_hash").primaryKey(),
    /** Attempts in this window that did not sign in (each is counted before the password is checked). */
    failures: integer("failures").notNull(),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sign_in_failures_window_idx").on(t.windowStartedAt)],
);
