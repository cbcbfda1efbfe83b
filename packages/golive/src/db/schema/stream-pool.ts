// The warm pool of MUX live streams (`mux_stream_pool`) and the shared pace of MUX POSTs across
// every instance (`mux_rate_limits`) (docs/architecture.md, "MUX at fleet scale").
import { sql } from "drizzle-orm";
import { check, index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { goliveSchema } from "./golive-schema";

export const poolSlotStates = ["creating", "ready", "claimed"] as const;
export type PoolSlotState = (typeof poolSlotStates)[number];

// One row per pool slot. The slot's id is the stream's MUX `passthrough` (`pool:<id>`), so
// reconcile tells a pool stream from an orphan without asking anyone. A slot is `creating` (the
// row is written before the POST, so a crash mid-create leaves a trace), `ready` (claimable), or
// `claimed` (a go-live took it and is linking it; the slot is deleted once linked). Pool streams
// all have the default go-live settings.
export const muxStreamPool = goliveSchema.table(
  "mux_stream_pool",
  {
    /** The slot; the stream's passthrough is `pool:<id>`. */
    id: uuid("id").primaryKey(),
    /** The MUX environment the stream was made in (a hash of the token id, never the token). */
    environment: text("environment").notNull(),
    state: text("state", { enum: poolSlotStates }).notNull().default("creating"),
    /** Set once MUX made the stream (`ready` and `claimed` slots always have them). */
    muxLiveStreamId: text("mux_live_stream_id"),
    muxPlaybackId: text("mux_playback_id"),
    /** A secret like livestreams.mux_stream_key: never in a response or a log line. */
    muxStreamKey: text("mux_stream_key"),
    /** The broadcast that claimed the slot. */
    livestreamId: uuid("livestream_id"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    claimedAt: timestamp("claimed_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    check("mux_stream_pool_state_check", sql.raw(`state in (${poolSlotStates.map((s) => `'${s}'`).join(", ")})`)),
    check(
      "mux_stream_pool_stream_check",
      sql`${t.state} = 'creating' or (${t.muxLiveStreamId} is not null and ${t.muxPlaybackId} is not null and ${t.muxStreamKey} is not null)`,
    ),
    check("mux_stream_pool_claim_check", sql`(${t.state} = 'claimed') = (${t.livestreamId} is not null and ${t.claimedAt} is not null)`),
    // Claims take the oldest ready slot of the environment; refills count slots per state.
    index("mux_stream_pool_env_state_created_idx").on(t.environment, t.state, t.createdAt),
    index("mux_stream_pool_mux_live_stream_id_idx").on(t.muxLiveStreamId),
  ],
);

export type PoolSlot = typeof muxStreamPool.$inferSelect;

// One row per MUX environment holding the next time a POST may be sent (GCRA's theoretical
// arrival time), reserved with one guarded UPDATE … RETURNING.
export const muxRateLimits = goliveSchema.table("mux_rate_limits", {
  /** The MUX environment (a hash of the token id: MUX limits per environment). */
  environment: text("environment").primaryKey(),
  /** GCRA's theoretical arrival time of POSTs: the next POST may go at next_at - (burst - 1) × interval. */
  postNextAt: timestamp("post_next_at", { withTimezone: true, precision: 3 }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
