// Clips of a broadcast's recorded parts (docs/architecture.md, "Clips"): a row each, owned by
// who made it, shown to whoever may control the broadcast. The range is seconds from the start of
// the source part; a clip made while live also keeps its program times, which its instant
// playback URL names.
import { sql } from "drizzle-orm";
import { check, doublePrecision, index, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { clipKinds, clipStates, mp4States } from "../../contract";
import { goliveSchema } from "./golive-schema";
import { livestreams } from "./livestreams";

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export const clips = goliveSchema.table(
  "clips",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The host's user id of who made it (docs/architecture.md, "The host"). */
    userId: text("user_id").notNull(),
    livestreamId: uuid("livestream_id")
      .notNull()
      .references(() => livestreams.id, { onDelete: "cascade" }),
    /** The recorded part (MUX asset) it is cut from; while live, the live asset then recording. */
    sourceAssetId: text("source_asset_id").notNull(),
    startSeconds: doublePrecision("start_seconds").notNull(),
    endSeconds: doublePrecision("end_seconds").notNull(),
    /** Made while live: the range as program time, what MUX's instant clip of a live stream takes. */
    programStartAt: timestamp("program_start_at", { withTimezone: true }),
    programEndAt: timestamp("program_end_at", { withTimezone: true }),
    title: text("title"),
    kind: text("kind", { enum: clipKinds }).notNull().default("instant"),
    /** MUX's clip asset, once asked for. */
    muxClipAssetId: text("mux_clip_asset_id"),
    state: text("state", { enum: clipStates }).notNull().default("ready"),
    /** The clip asset's playback id, once MUX names one. */
    playbackId: text("playback_id"),
    failureReason: text("failure_reason"),
    mp4State: text("mp4_state", { enum: mp4States }).notNull().default("none"),
    mp4FileName: text("mp4_file_name"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("clips_kind_check", inList("kind", clipKinds)),
    check("clips_state_check", inList("state", clipStates)),
    check("clips_mp4_state_check", inList("mp4_state", mp4States)),
    check("clips_range_check", sql.raw("end_seconds > start_seconds and start_seconds >= 0")),
    // A broadcast's clips, oldest first (livestream/clips.ts), with `id` as the tiebreak.
    index("clips_livestream_created_idx").on(t.livestreamId, t.createdAt, t.id),
    // MUX's asset events find their clip.
    uniqueIndex("clips_mux_clip_asset_idx").on(t.muxClipAssetId),
  ],
);

export type ClipRow = typeof clips.$inferSelect;
