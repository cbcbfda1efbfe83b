// Share links of private broadcasts: a signed id and a row saying until when it works and whether
// it was revoked (docs/architecture.md, "Private broadcasts").
import { sql } from "drizzle-orm";
import { index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { goliveSchema } from "./golive-schema";
import { livestreams } from "./livestreams";

export const shareLinks = goliveSchema.table(
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
  (t) => [
    // A broadcast's links, newest first, id breaking ties (watch/share-links.ts listShareLinksQueries)…
    index("share_links_livestream_idx").on(t.livestreamId, t.createdAt.desc(), t.id.desc()),
    // …and its working ones, unrevoked and not yet expired: a range, however many have ended.
    index("share_links_working_idx").on(t.livestreamId, t.expiresAt).where(sql`${t.revokedAt} is null`),
  ],
);

export type ShareLinkRow = typeof shareLinks.$inferSelect;
