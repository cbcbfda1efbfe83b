// Share links of private broadcasts: a signed id and a row saying until when it works and whether
// it was revoked (docs/architecture.md, "Private broadcasts").
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
  // A broadcast's links, newest first.
  (t) => [index("share_links_livestream_idx").on(t.livestreamId, t.createdAt.desc())],
);

export type ShareLinkRow = typeof shareLinks.$inferSelect;
