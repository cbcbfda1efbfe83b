// Every recorded part of a broadcast: one row per MUX asset of its live stream, a table of its own
// so late and repeated asset webhooks upsert without locking the broadcast's row
// (docs/architecture.md, "Recordings across reconnects").
import { sql } from "drizzle-orm";
import { check, doublePrecision, index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { mp4States } from "../../contract";
import { goliveSchema } from "./golive-schema";
import { livestreams } from "./livestreams";

export const livestreamRecordings = goliveSchema.table(
  "livestream_recordings",
  {
    muxAssetId: text("mux_asset_id").primaryKey(),
    livestreamId: uuid("livestream_id")
      .notNull()
      .references(() => livestreams.id, { onDelete: "cascade" }),
    vodPlaybackId: text("vod_playback_id"),
    /** MUX's duration of the asset, once it reports one (final once `finalAt` is set). */
    durationSeconds: doublePrecision("duration_seconds"),
    /** MUX's `created_at` of the asset: the parts' order. */
    assetCreatedAt: timestamp("asset_created_at", { withTimezone: true }).notNull(),
    /** When golive learned the part is final (`video.asset.live_stream_completed`, or ready and no longer live). */
    finalAt: timestamp("final_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** The part's MP4 (MUX's static rendition), once asked for (livestream/clip-mp4.ts). */
    mp4State: text("mp4_state", { enum: mp4States }).notNull().default("none"),
    mp4FileName: text("mp4_file_name"),
  },
  (t) => [
    check("livestream_recordings_mp4_state_check", sql.raw(`mp4_state in (${mp4States.map((v) => `'${v}'`).join(", ")})`)),
    // A broadcast's parts, in order.
    index("livestream_recordings_livestream_idx").on(t.livestreamId, t.assetCreatedAt),
    // The watch page: which broadcast plays this recording's playback id.
    index("livestream_recordings_playback_idx").on(t.vodPlaybackId),
  ],
);

export type LivestreamRecording = typeof livestreamRecordings.$inferSelect;
