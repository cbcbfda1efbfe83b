// The spec's `livestreams` table, every column as the spec names and types it, plus:
// - failure_reason: why a broadcast failed, in words a person can read;
// - vod_playback_id: the archived asset's playback id, once known;
// - destinations: the extra destinations as shown to people (type, name, masked URL).
//   Other people's stream keys are never stored; the egress alone holds them.
// Invariant 1 of DESIGN.md lives here: one live row per room, enforced by Postgres.
import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const livestreamStatuses = ["idle", "starting", "active", "stopping", "completed", "failed"] as const;
export type LivestreamStatus = (typeof livestreamStatuses)[number];

/** A broadcast in one of these states occupies its room. */
export const liveStatuses = ["starting", "active", "stopping"] as const satisfies readonly LivestreamStatus[];

export type StoredDestination = {
  type: "mux" | "youtube" | "twitch" | "custom";
  name: string;
  /** The ingest URL with its stream key masked (`rtmp://host/app/abcd…wxyz`). */
  maskedUrl: string;
};

export const livestreams = pgTable(
  "livestreams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roomName: text("room_name").notNull(),
    egressId: text("egress_id"),
    muxLiveStreamId: text("mux_live_stream_id"),
    muxPlaybackId: text("mux_playback_id"),
    muxStreamKey: text("mux_stream_key"),
    rtmpUrl: text("rtmp_url"),
    status: text("status", { enum: livestreamStatuses }).notNull().default("idle"),
    muxAssetId: text("mux_asset_id"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    userId: text("user_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    failureReason: text("failure_reason"),
    vodPlaybackId: text("vod_playback_id"),
    destinations: jsonb("destinations").$type<StoredDestination[]>().notNull().default([]),
  },
  (t) => [
    check("livestreams_status_check", sql.raw(`status in (${livestreamStatuses.map((s) => `'${s}'`).join(", ")})`)),
    // At most one broadcast per room is live, whoever started it (DESIGN invariant 1).
    uniqueIndex("livestreams_one_live_per_room")
      .on(t.roomName)
      .where(sql`${t.status} in ('starting', 'active', 'stopping')`),
    // The list route: a user's broadcasts, newest first, optionally in one room.
    index("livestreams_user_created_idx").on(t.userId, t.createdAt.desc()),
    index("livestreams_user_room_created_idx").on(t.userId, t.roomName, t.createdAt.desc()),
    // Webhooks (later) find rows by the upstream ids.
    index("livestreams_mux_live_stream_id_idx").on(t.muxLiveStreamId),
    index("livestreams_egress_id_idx").on(t.egressId),
  ],
);

export type Livestream = typeof livestreams.$inferSelect;
export type NewLivestream = typeof livestreams.$inferInsert;
