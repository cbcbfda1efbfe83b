// The `livestreams` table, one row per broadcast, and its idempotency keys and early egress events
// (docs/architecture.md, "Broadcast lifecycle", "Tables"). Base columns are pinned by
// tests/integration/schema.test.ts; invariant 1 (one live row per room) is its partial unique index.
import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, integer, jsonb, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { goliveSchema } from "./golive-schema";
// Relative: drizzle-kit loads this file without the `@/` alias. The statuses and the
// destination shape belong to the API contract; the table stores exactly those.
import type { z } from "zod";
import { captionLanguages, DEFAULT_LAYOUT, DEFAULT_ORIENTATION, DEFAULT_QUALITY, destinationStatuses, type ingestHealthSchema, layouts, type livestreamDestinationSchema, type muxWarningSchema, livestreamStatuses, liveStatuses, orientations, qualities, visibilities } from "../../contract";

export { destinationStatuses, livestreamStatuses, liveStatuses };
export type { DestinationStatus, LivestreamStatus } from "../../contract";

/**
 * One output of the egress, in egress URL order (MUX first): the API's destination in its JSON
 * form (dates as ISO strings), plus what matching LiveKit's reports to it needs. Never a key.
 */
export type StoredDestination = Omit<z.input<typeof livestreamDestinationSchema>, "id"> & {
  /** Absent on rows made before destinations had ids: the API answers `legacy-{index}` for those. */
  id?: string;
  /** The URL as LiveKit reports it in stream_results, key redacted as `{abc...xyz}` (mask.ts). */
  livekitUrl?: string;
  /**
   * MUX's output only: `created_at` (ISO) of the newest MUX live-stream event applied to its
   * status, so an older one arriving later can't undo it (packages/golive/src/livestream/egress-events.ts).
   */
  muxEventAt?: string;
};

/** MUX's ingest health as last read (the API's shape in its JSON form: dates as ISO strings). */
export type StoredIngestHealth = z.input<typeof ingestHealthSchema>;
/** MUX's latest `video.live_stream.warning`, its message masked (JSON form). */
export type StoredMuxWarning = z.input<typeof muxWarningSchema>;

// `('starting', 'active', 'stopping')` as literal SQL: index predicates can't take parameters.
const liveStatusList = sql.raw(`(${liveStatuses.map((s) => `'${s}'`).join(", ")})`);

// Besides the base columns: failure_reason (why a broadcast failed, in words a person can read),
// vod_playback_id (the archived asset's playback id, once known) and destinations (the extras as
// shown to people: type, name, masked URL). Other people's stream keys are stored only sealed,
// and only while live.
export const livestreams = goliveSchema.table(
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
    /** Last viewer count from MUX's stats API, and when it was asked (at most every 15 s per stream). */
    viewerCount: integer("viewer_count").notNull().default(0),
    viewersCheckedAt: timestamp("viewers_checked_at", { withTimezone: true }),
    /** When MUX said the recording is final (`video.asset.live_stream_completed`). */
    recordingFinalAt: timestamp("recording_final_at", { withTimezone: true }),
    /** A reconcile run holds the row until then (several instances share the work). */
    reconcileLeaseUntil: timestamp("reconcile_lease_until", { withTimezone: true }),
    /**
     * When a reconcile run last examined the row: runs take the least recently checked live rows
     * first (nulls first), so every live row is examined within a bounded number of runs
     * whatever their count (docs/architecture.md, "Reconcile at fleet scale").
     */
    reconcileCheckedAt: timestamp("reconcile_checked_at", { withTimezone: true }),
    /**
     * LiveKit's `EgressInfo.updated_at` (ns) of the newest egress event applied: an older
     * event arriving later (webhook order is not guaranteed) must not undo a newer one.
     */
    egressUpdatedAt: bigint("egress_updated_at", { mode: "bigint" }),
    /** The room-composite layout, switchable while live (PATCH). */
    layout: text("layout", { enum: layouts }).notNull().default(DEFAULT_LAYOUT),
    /** The encoding preset and orientation the egress was started with (encoding.ts). */
    quality: text("quality", { enum: qualities }).notNull().default(DEFAULT_QUALITY),
    orientation: text("orientation", { enum: orientations }).notNull().default(DEFAULT_ORIENTATION),
    /**
     * The extra destinations' full URLs, keys included, sealed with LIVESTREAM_ENCRYPTION_KEY
     * (secret-box.ts): LiveKit removes an output only by its exact URL. Only while the
     * broadcast is live; status.ts erases it on every end.
     */
    destinationUrlsSealed: text("destination_urls_sealed"),
    /**
     * A keyed hash of each extra destination's stream key (destinations/keys.ts), never the key:
     * kept after the end, when the sealed URLs are erased, so upstream text arriving late
     * (a webhook after the stop) can still be masked with every key of the broadcast.
     */
    destinationKeyHashes: jsonb("destination_key_hashes").$type<string[]>().notNull().default([]),
    /** `private`: MUX signed playback on the stream and its recording (watch/policy.ts decides who watches). */
    visibility: text("visibility", { enum: visibilities }).notNull().default("public"),
    /** The language of MUX's generated live captions; null without. */
    captions: text("captions", { enum: captionLanguages }),
    /**
     * Why golive itself ended the broadcast (a guardrail: no host in the room, nobody left in it,
     * its maximum length), in words a person reads; null when a person stopped it or it failed
     * (`failure_reason` says why) (docs/architecture.md, "Guardrails").
     */
    endReason: text("end_reason"),
    /**
     * The broadcast's maximum length in seconds (MUX's `max_continuous_duration` of its stream,
     * recorded when MUX reports it active); null until known, when golive holds it to MUX's
     * maximum (43200). Enforced by golive's guardrail too (docs/architecture.md, "Guardrails").
     */
    maxDurationSeconds: integer("max_duration_seconds"),
    /**
     * MUX's ingest health of the live stream, read from its stats API with the viewer count
     * (one claim, `viewers_checked_at`: at most once per stream per 15 s); null until read
     * (docs/architecture.md, "Stream health").
     */
    ingestHealth: jsonb("ingest_health").$type<StoredIngestHealth>(),
    /** The newest `video.live_stream.warning` of the live stream, its message masked; null when none came. */
    muxWarning: jsonb("mux_warning").$type<StoredMuxWarning>(),
    /**
     * A start with golive's composite template: by when its page must have signalled
     * START_RECORDING, or the start fails (livestream/template-readiness.ts); null without a
     * template, and once the egress is seen running.
     */
    templateReadyBy: timestamp("template_ready_by", { withTimezone: true }),
    /**
     * The broadcast's title (1–100 characters) and description (at most 2000), as its starter
     * gave them at go-live (contract/broadcast-details.ts); null when not given.
     */
    title: text("title"),
    description: text("description"),
  },
  (t) => [
    check("livestreams_status_check", sql.raw(`status in (${livestreamStatuses.map((s) => `'${s}'`).join(", ")})`)),
    check("livestreams_layout_check", sql.raw(`layout in (${layouts.map((s) => `'${s}'`).join(", ")})`)),
    check("livestreams_quality_check", sql.raw(`quality in (${qualities.map((s) => `'${s}'`).join(", ")})`)),
    check("livestreams_orientation_check", sql.raw(`orientation in (${orientations.map((s) => `'${s}'`).join(", ")})`)),
    check("livestreams_visibility_check", sql.raw(`visibility in (${visibilities.map((s) => `'${s}'`).join(", ")})`)),
    check("livestreams_captions_check", sql.raw(`captions is null or captions in (${captionLanguages.map((s) => `'${s}'`).join(", ")})`)),
    // At most one broadcast per room is live, whoever started it (docs/architecture.md, invariant 1).
    uniqueIndex("livestreams_one_live_per_room")
      .on(t.roomName)
      .where(sql`${t.status} in ${liveStatusList}`),
    // The list route: a user's broadcasts, newest first, optionally in one room; `id` is the
    // tiebreak of the list's cursor, so pages come in index order with no sort
    // (livestream/list-query.ts, tests/integration/list-plans.test.ts).
    index("livestreams_user_created_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    index("livestreams_user_room_created_idx").on(t.userId, t.roomName, t.createdAt.desc(), t.id.desc()),
    // …and a room owner's: every broadcast of the rooms they own (broadcast-policy.ts).
    index("livestreams_room_created_idx").on(t.roomName, t.createdAt.desc(), t.id.desc()),
    // Reconciliation scans live rows that haven't moved for a while.
    index("livestreams_live_updated_idx")
      .on(t.updatedAt)
      .where(sql`${t.status} in ${liveStatusList}`),
    // …least recently checked first.
    index("livestreams_live_reconcile_checked_idx")
      .on(t.reconcileCheckedAt.asc().nullsFirst(), t.updatedAt)
      .where(sql`${t.status} in ${liveStatusList}`),
    // Webhooks find rows by the upstream ids.
    index("livestreams_mux_live_stream_id_idx").on(t.muxLiveStreamId),
    index("livestreams_egress_id_idx").on(t.egressId),
  ],
);

export type Livestream = typeof livestreams.$inferSelect;
export type NewLivestream = typeof livestreams.$inferInsert;

/**
 * `Idempotency-Key` of POST /api/video/livestream: the same key from the same user within
 * 24 h returns the first answer and starts nothing new. A key whose request failed is deleted,
 * so the same key may be retried.
 */
export const idempotencyKeys = goliveSchema.table(
  "idempotency_keys",
  {
    userId: text("user_id").notNull(),
    key: text("key").notNull(),
    /** SHA-256 of the request body: reusing a key for another request is refused. */
    requestHash: text("request_hash").notNull(),
    /** The 201 answer, once there is one; null while the first request is in flight. */
    response: jsonb("response"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);

/**
 * LiveKit egress events that arrived before the start that made the egress had recorded its
 * id (the webhook can overtake StartRoomCompositeEgress's answer). The start applies them,
 * in arrival order, right after recording the id; reconcile drops ones older than an hour.
 */
export const pendingEgressEvents = goliveSchema.table(
  "pending_egress_events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    egressId: text("egress_id").notNull(),
    /** The verified event, as packages/golive/src/livestream/egress-events.ts reads it (URLs redacted by LiveKit). */
    update: jsonb("update").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("pending_egress_events_egress_idx").on(t.egressId)],
);
