// Share links of private broadcasts (docs/architecture.md, "Private broadcasts"). The link
// carries the row's id and an HMAC of it (signed-ids.ts), so ids can't be guessed or forged;
// the row says until when it works and whether its owner revoked it. One link lets anyone who
// holds it watch that broadcast, live and recorded, until it expires or is revoked.
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { livestreams } from "./livestreams";

export const shareLinks = pgTable(
  "share_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    livestreamId: uuid("livestream_id")
      .notNull()
      .references(() => livestreams.id, { onDelete: "cascade" }),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  // A broadcast's links, newest first.
  (t) => [index("share_links_livestream_idx").on(t.livestreamId, t.createdAt.desc())],
);

export type ShareLinkRow = typeof shareLinks.$inferSelect;
