// Tables that keep one user or one broadcast from taking what everyone shares: `mux_post_turns` and
// `livestream_change_rate` (docs/architecture.md, "MUX at fleet scale", "Changing a live broadcast").
import { index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { goliveSchema } from "./golive-schema";
import { livestreams } from "./livestreams";

// The MUX POST turns reserved ahead (mux-pace.ts), one row each, with who asked; a user may hold
// only a few future turns. Rows whose turn has passed are deleted by the next reservation of the
// environment, so the table holds at most the queue ahead.
export const muxPostTurns = goliveSchema.table(
  "mux_post_turns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The MUX environment (as mux_rate_limits.environment). */
    environment: text("environment").notNull(),
    /** Who the turn is for: the user whose go-live asked for it. */
    requester: text("requester").notNull(),
    /** When the turn's POST may go. */
    turnAt: timestamp("turn_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index("mux_post_turns_env_requester_turn_idx").on(t.environment, t.requester, t.turnAt), index("mux_post_turns_env_turn_idx").on(t.environment, t.turnAt)],
);

// Each broadcast's pace of changes (PATCH): GCRA's theoretical arrival time, moved on by one
// guarded upsert per change (change-rate.ts).
export const livestreamChangeRate = goliveSchema.table("livestream_change_rate", {
  livestreamId: uuid("livestream_id")
    .primaryKey()
    .references(() => livestreams.id, { onDelete: "cascade" }),
  /** GCRA's theoretical arrival time: a change is allowed while it is at most one window ahead of now. */
  nextAt: timestamp("next_at", { withTimezone: true, precision: 3 }).notNull(),
});
