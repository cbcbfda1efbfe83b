// Destinations a user saved to pick at go-live instead of pasting a key (docs/architecture.md,
// "Tables", "Security model"): the key sealed under a purpose of its own, bound to the row, and
// kept masked for display. Deleting the row erases the key; a broadcast that used it holds its
// own sealed copy.
import { sql } from "drizzle-orm";
import { check, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { savedDestinationTypes } from "../../contract";
import { goliveSchema } from "./golive-schema";

export const savedDestinations = goliveSchema.table(
  "saved_destinations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The host's user id (docs/architecture.md, "The host"). */
    userId: text("user_id").notNull(),
    name: text("name").notNull(),
    type: text("type", { enum: savedDestinationTypes }).notNull(),
    /** customRtmpUrl (custom), twitchIngestServer (twitch; null: Twitch's default), null (YouTube). */
    server: text("server"),
    /** The stream key, sealed for this row (destinations/secret-box.ts, its own purpose). */
    streamKeySealed: text("stream_key_sealed").notNull(),
    maskedKey: text("masked_key").notNull(),
    maskedUrl: text("masked_url").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("saved_destinations_type_check", sql.raw(`type in (${savedDestinationTypes.map((v) => `'${v}'`).join(", ")})`)),
    // One name per user whatever its case, and the list's order: a user's rows by lower(name)
    // (destinations/saved.ts listSavedDestinationsQuery; tests/integration/list-plans.test.ts).
    uniqueIndex("saved_destinations_user_name_idx").on(t.userId, sql`lower(${t.name})`),
  ],
);

export type SavedDestinationRow = typeof savedDestinations.$inferSelect;
