// The livestream API's shapes, owned once: statuses, error codes and the start / stop / status / list
// answers. The server types its results from them and the browser parses answers with them, so the
// two can't drift (docs/architecture.md, "Module map"; tests/unit/contract.test.ts).
import "./zod-jitless"; // first, as in every schema module the browser runs
import { z } from "zod";
import { isoDate, linkStateSchema } from "./codecs";

// ── Statuses ────────────────────────────────────────────────────────────────────────────

export const livestreamStatuses = ["idle", "starting", "active", "stopping", "completed", "failed"] as const;
export type LivestreamStatus = (typeof livestreamStatuses)[number];

/** A livestream in one of these states occupies its room (at most one per room). */
export const liveStatuses = ["starting", "active", "stopping"] as const satisfies readonly LivestreamStatus[];
export type LiveStatus = (typeof liveStatuses)[number];

export function isLive(status: LivestreamStatus): status is LiveStatus {
  return (liveStatuses as readonly LivestreamStatus[]).includes(status);
}

/**
 * LiveKit's state of one output of the egress. `reconnecting`: MUX's, while MUX says its encoder
 * dropped (`disconnected` / `idle`) and the broadcast still streams; any output, while LiveKit
 * reported a retry of it within OUTPUT_RETRY_WINDOW_SECONDS (never `live` then).
 */
export const destinationStatuses = ["connecting", "live", "reconnecting", "failed", "finished"] as const;
export type DestinationStatus = (typeof destinationStatuses)[number];

export const destinationTypes = ["mux", "youtube", "twitch", "custom"] as const;

// ── Production controls ─────────────────────────────────────────────────────────────────

/** LiveKit's built-in room-composite layouts, dark by default, each with a `-light` variant. */
export const layouts = ["grid", "speaker", "single-speaker", "grid-light", "speaker-light", "single-speaker-light"] as const;
export type Layout = (typeof layouts)[number];
export const qualities = ["720p30", "720p60", "1080p30", "1080p60"] as const;
export type Quality = (typeof qualities)[number];
/** Portrait swaps width and height, for vertical destinations. */
export const orientations = ["landscape", "portrait"] as const;
export type Orientation = (typeof orientations)[number];
/** Who may watch: anyone with the link, or only who the watch policy lets in (MUX signed playback). */
export const visibilities = ["public", "private"] as const;
export type Visibility = (typeof visibilities)[number];
/** MUX's generated live captions: these languages, never with low latency. */
export const captionLanguages = ["en", "es", "it", "pt", "de", "fr"] as const;
export type CaptionLanguage = (typeof captionLanguages)[number];
export const captionLanguageNames: Record<CaptionLanguage, string> = {
  en: "English",
  es: "Español",
  it: "Italiano",
  pt: "Português",
  de: "Deutsch",
  fr: "Français",
};
export const DEFAULT_LAYOUT: Layout = "grid";
export const DEFAULT_QUALITY: Quality = "1080p30";
export const DEFAULT_ORIENTATION: Orientation = "landscape";

// ── Error codes ─────────────────────────────────────────────────────────────────────────

/** What the livestream service raises; it knows nothing of HTTP. */
export const livestreamErrorCodes = [
  "bad_request", // the input is wrong; the message names the field
  "invalid_signature", // a webhook whose signature is missing, wrong or stale
  "forbidden", // signed in, but not allowed to do this (e.g. broadcast a room you are not in)
  "not_found", // no such livestream, or not yours
  "too_many", // over a per-user or per-broadcast limit (live broadcasts, queued MUX turns, changes a minute)
  "conflict", // the room is already live, or the livestream isn't in a state for this
  "room_unavailable", // the LiveKit room can't go live (missing, empty)
  "upstream_error", // MUX or LiveKit answered with an error
  "upstream_unavailable", // MUX or LiveKit could not be reached / timed out
  "not_configured", // credentials for MUX or LiveKit are not set
] as const;
export type LivestreamErrorCode = (typeof livestreamErrorCodes)[number];

/** Every code the API and the server actions answer with: the service's, plus the edge's own. */
export const apiErrorCodes = [
  ...livestreamErrorCodes,
  "unauthorized", // no session
  "payload_too_large", // a body over the route's size limit
  "internal_error", // anything unexpected; logged, answered generically
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];
export const apiErrorCodeSchema = z.enum(apiErrorCodes);

/** Every error answer: a sentence for people, a stable code for programs. */
export const apiErrorBodySchema = z.object({ error: z.string(), code: apiErrorCodeSchema });
export type ApiErrorBody = z.output<typeof apiErrorBodySchema>;

// ── Answers ─────────────────────────────────────────────────────────────────────────────

// Dates are codecs (codecs.ts): `z.output` is what the service returns, `z.input` what travels.

/** One output of the egress, in egress URL order (MUX first), as shown to people. */
export const livestreamDestinationSchema = z.object({
  /** Stable and opaque: what PATCH `removeDestinations` names. MUX's is "mux". */
  id: z.string(),
  type: z.enum(destinationTypes),
  name: z.string(),
  /** The ingest URL with its stream key masked (`rtmp://host/app/abcd…wxyz`). */
  maskedUrl: z.string(),
  /** From egress webhooks. Absent on rows made before it was recorded. */
  status: z.enum(destinationStatuses).optional(),
  /** Why LiveKit gave up on this output, in LiveKit's words (its URLs are redacted). */
  error: z.string().optional(),
  /** Reconnect attempts LiveKit reported for this output (StreamInfo.retries), and the last one's time. */
  retries: z.number().optional(),
  lastRetryAt: isoDate.optional(),
  /** When the host removed it while live: it stays listed, `finished`. */
  removedAt: isoDate.optional(),
});
export type LivestreamDestination = z.output<typeof livestreamDestinationSchema>;

/**
 * One recorded part of a broadcast: a MUX asset of its live stream. A drop longer than MUX's
 * reconnect window ends one part and the reconnect starts the next (docs/architecture.md,
 * "Recordings across reconnects").
 */
export const livestreamRecordingSchema = z.object({
  muxAssetId: z.string(),
  /** The part's own playback id (signed for a private broadcast); null until MUX names one. */
  vodPlaybackId: z.string().nullable(),
  /** MUX's duration of the part; null until MUX reports one, final once `final`. */
  durationSeconds: z.number().nullable(),
  /** MUX has finished this part (`video.asset.live_stream_completed`). */
  final: z.boolean(),
});
export type LivestreamRecording = z.output<typeof livestreamRecordingSchema>;

/** 201 of POST /api/video/livestream, and the `goLive` action's data. */
export const startLivestreamResultSchema = z.object({
  livestreamId: z.string(),
  egressId: z.string(),
  muxLiveStreamId: z.string(),
  muxPlaybackId: z.string(),
  playbackUrl: z.string(),
  /** "starting" until MUX reports media. */
  status: z.enum(livestreamStatuses),
});

/** 200 of DELETE /api/video/livestream, and the `endLivestream` action's data. */
export const stopLivestreamResultSchema = z.object({
  livestreamId: z.string(),
  status: z.enum(livestreamStatuses),
  muxAssetId: z.string().nullable(),
  vodPlaybackId: z.string().nullable(),
});

/** What a guardrail that is counting down to a live broadcast's end is (docs/architecture.md, "Guardrails"). */
export const guardrailKinds = ["host-left", "max-duration"] as const;
export type GuardrailKind = (typeof guardrailKinds)[number];
/** How many seconds before its maximum length a broadcast's status warns of it. */
export const MAX_DURATION_WARNING_SECONDS = 300;

/**
 * A guardrail about to end a live broadcast: `host-left` — no host of its room is in it, and it
 * ends at `endsAt` unless a host comes back; `max-duration` — it reaches its maximum length at
 * `endsAt` (shown from 5 minutes before). The earlier one when both run; null when neither does.
 */
export const livestreamGuardrailSchema = z.object({ kind: z.enum(guardrailKinds), endsAt: isoDate });
export type LivestreamGuardrail = z.output<typeof livestreamGuardrailSchema>;

/** MUX's ingest health statuses (its stats API, beta): drift within 500 ms, within 1 s, more, or not known. */
export const ingestHealthStatuses = ["excellent", "good", "poor", "unknown"] as const;
export type IngestHealthStatus = (typeof ingestHealthStatuses)[number];

/** MUX's ingest health of the broadcast's live stream, as golive last read it (docs/reference/api.md, "Stream health"). */
export const ingestHealthSchema = z.object({
  status: z.enum(ingestHealthStatuses),
  /** MUX's `stream_drift_session_avg` and `stream_drift_deviation_from_rolling_avg`, in ms; null when MUX gave none. */
  driftSessionAvgMs: z.number().nullable(),
  driftDeviationMs: z.number().nullable(),
  /** MUX's `updated_at`; null when it gave none. */
  updatedAt: isoDate.nullable(),
  /** When golive read it (at most once per stream per 15 s). */
  checkedAt: isoDate,
});
export type IngestHealth = z.output<typeof ingestHealthSchema>;

/** The latest `video.live_stream.warning` MUX sent about the broadcast's stream; its message masked. */
export const muxWarningSchema = z.object({ type: z.string().nullable(), message: z.string(), at: isoDate });
export type MuxWarning = z.output<typeof muxWarningSchema>;

/** Stream health: MUX's ingest health and warning (each destination's own state is in `destinations`). */
export const livestreamHealthSchema = z.object({
  /** False when no MUX signing key is configured: `ingest` is then always null. */
  ingestAvailable: z.boolean(),
  /** Null until golive has read it (while `active` only). */
  ingest: ingestHealthSchema.nullable(),
  warning: muxWarningSchema.nullable(),
});
export type LivestreamHealth = z.output<typeof livestreamHealthSchema>;

/**
 * LiveKit gives up on an output that retries for this long without progress, and reports
 * retries at most once a minute: an output that reported a retry less than this ago is
 * `reconnecting`, never `live` (docs/architecture.md, "Stream health").
 */
export const OUTPUT_RETRY_WINDOW_SECONDS = 30;

/** 200 of GET /api/video/livestream/status: read from the database only. */
export const livestreamStatusResultSchema = z.object({
  livestreamId: z.string(),
  roomName: z.string(),
  status: z.enum(livestreamStatuses),
  muxPlaybackId: z.string().nullable(),
  playbackUrl: z.string().nullable(),
  viewerCount: z.number(),
  /** False when no MUX signing key is configured: viewerCount is then always 0. */
  viewerCountAvailable: z.boolean(),
  startedAt: isoDate.nullable(),
  /** Seconds live: until now while live, until it ended once ended (`durationSeconds`). */
  duration: z.number().nullable(),
  failureReason: z.string().nullable(),
  /** Why golive itself ended it (a guardrail), for a person; null when a person stopped it or it failed. */
  endReason: z.string().nullable(),
  /** A guardrail counting down to its end while live; null when none is. */
  guardrail: livestreamGuardrailSchema.nullable(),
  /** The latest recorded part's ids (`recordings` lists every part). */
  muxAssetId: z.string().nullable(),
  vodPlaybackId: z.string().nullable(),
  /** Every recorded part, oldest first. */
  recordings: z.array(livestreamRecordingSchema),
  destinations: z.array(livestreamDestinationSchema),
  layout: z.enum(layouts),
  quality: z.enum(qualities),
  orientation: z.enum(orientations),
  visibility: z.enum(visibilities),
  /** The language of MUX's generated captions; null without captions. */
  captions: z.enum(captionLanguages).nullable(),
  /** The broadcast's title and description as the starter gave them; null when not given. */
  title: z.string().nullable(),
  description: z.string().nullable(),
  health: livestreamHealthSchema,
});

/** One row of GET /api/video/livestream: never a stream key or an ingest URL. */
export const publicLivestreamSchema = z.object({
  id: z.string(),
  roomName: z.string(),
  egressId: z.string().nullable(),
  muxLiveStreamId: z.string().nullable(),
  muxPlaybackId: z.string().nullable(),
  status: z.enum(livestreamStatuses),
  muxAssetId: z.string().nullable(),
  startedAt: isoDate.nullable(),
  endedAt: isoDate.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
  failureReason: z.string().nullable(),
  /** Why golive itself ended it (a guardrail), for a person; null when a person stopped it or it failed. */
  endReason: z.string().nullable(),
  vodPlaybackId: z.string().nullable(),
  /** Every recorded part, oldest first; `muxAssetId` and `vodPlaybackId` are the latest one's. */
  recordings: z.array(livestreamRecordingSchema),
  destinations: z.array(livestreamDestinationSchema),
  viewerCount: z.number(),
  /** When MUX said the recording is final. */
  recordingFinalAt: isoDate.nullable(),
  playbackUrl: z.string().nullable(),
  layout: z.enum(layouts),
  quality: z.enum(qualities),
  orientation: z.enum(orientations),
  visibility: z.enum(visibilities),
  /** The language of MUX's generated captions; null without captions. */
  captions: z.enum(captionLanguages).nullable(),
  /** The broadcast's title and description as the starter gave them; null when not given. */
  title: z.string().nullable(),
  description: z.string().nullable(),
});

/**
 * 200 of GET /api/video/livestream, newest first; `nextCursor` asks for the next page
 * (`?before=`), null on the last.
 */
export const listLivestreamsResultSchema = z.object({ livestreams: z.array(publicLivestreamSchema), nextCursor: z.string().nullable() });

/** A share link of a private broadcast, as its owner lists it: never its token. */
export const shareLinkSchema = z.object({
  id: z.string(),
  livestreamId: z.string(),
  createdAt: isoDate,
  expiresAt: isoDate,
  revokedAt: isoDate.nullable(),
  state: linkStateSchema,
});
/** 201 of POST /api/video/livestream/share-links: `url` (with its token) is answered only here. */
export const createdShareLinkSchema = z.object({ link: shareLinkSchema, url: z.string() });
/** GET /api/video/livestream/share-links. */
export const listShareLinksResultSchema = z.object({ links: z.array(shareLinkSchema) });
export type ShareLink = z.output<typeof shareLinkSchema>;
export type CreatedShareLink = z.output<typeof createdShareLinkSchema>;

export type StartLivestreamResult = z.output<typeof startLivestreamResultSchema>;
export type StopLivestreamResult = z.output<typeof stopLivestreamResultSchema>;
export type LivestreamStatusResult = z.output<typeof livestreamStatusResultSchema>;
export type PublicLivestream = z.output<typeof publicLivestreamSchema>;
export type ListLivestreamsResult = z.output<typeof listLivestreamsResultSchema>;

// ── Duration ────────────────────────────────────────────────────────────────────────────

/** Whole seconds from `from` to `to`, never negative (clocks and rounding can't make it so). */
export function durationSeconds(from: Date | number, to: Date | number): number {
  const ms = (typeof to === "number" ? to : to.getTime()) - (typeof from === "number" ? from : from.getTime());
  return Math.max(0, Math.floor(ms / 1000));
}

/** A live duration `now`, from the server's `duration` read at `fetchedAt` (local clock only, so skew never shows). */
export function durationAt(duration: number | null, fetchedAt: number, now: number): number {
  return (duration ?? 0) + (fetchedAt === 0 ? 0 : durationSeconds(fetchedAt, now));
}
