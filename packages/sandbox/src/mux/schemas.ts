/**
 * zod schemas for what the app sends to the MUX emulator.
 *
 * Faithful to: the documented ranges and enums of MUX Video's live-stream API
 * (max_continuous_duration 60–43200, reconnect_window 0–1800, latency_mode low|reduced|standard,
 * playback policies public|signed|drm) and the field names of @mux/mux-node 15's
 * LiveStreamCreateParams / LiveStreamCreateSimulcastTargetParams / LiveStreamListParams.
 * generated_subtitles (live captions): language codes as LiveStreamGeneratedSubtitleSettings
 * lists them, at most one entry (the SDK's doc comment on LiveStreamUpdateGeneratedSubtitlesParams:
 * "At most one subtitle track is allowed"), none on a low-latency stream (MUX does not caption
 * those). Chosen: `name` and `language_code` required (the SDK's create params leave both
 * optional, its response type has both: requiring them keeps an app from relying on a default we
 * don't know), reduced latency allowed, the messages' wording.
 * Cannot catch: MUX's exact error wording (messages here are our own, in MUX's error *shape*),
 * account-level limits (number of live streams, plan features like DRM), whether
 * transcription_vocabulary_ids name existing vocabularies, or validation MUX does on fields we
 * accept loosely (embedded subtitles, advanced playback policies).
 * meta: `title` on a live stream (LiveStreamMetadata), `title`, `creator_id` and `external_id` in
 * `new_asset_settings` (AssetMetadata), at MUX's documented maxima (512, 128, 128 code points);
 * unknown keys in `meta` are refused (MUX documents no others).
 * Assets: only clips of existing assets (`inputs: [{ url: "mux://assets/<id>", start_time?,
 * end_time? }]`, @mux/mux-node 15's AssetCreateParams / InputSettings) and static renditions of
 * resolution `highest` (AssetCreateStaticRenditionParams) — the one MP4 the sandbox has.
 */
import { z } from "zod";

export const playbackPolicy = z.enum(["public", "signed", "drm"]);

/** MUX accepts a single policy or a list; we normalise to a list. */
const policyList = z.union([playbackPolicy, z.array(playbackPolicy)]).transform((v) => (Array.isArray(v) ? v : [v]));

/** A string of at most `max` Unicode code points (MUX counts code points, not UTF-16 units). */
const codePoints = (field: string, max: number) =>
  z.string(`${field} must be a string`).refine((v) => [...v].length <= max, `${field} must be at most ${max} code points`);

export const liveStreamMetaSchema = z.strictObject({ title: codePoints("meta.title", 512).optional() }, "meta must be an object with title");
export const assetMetaSchema = z.strictObject(
  {
    title: codePoints("meta.title", 512).optional(),
    creator_id: codePoints("meta.creator_id", 128).optional(),
    external_id: codePoints("meta.external_id", 128).optional(),
  },
  "meta must be an object with title, creator_id, external_id",
);
export type AssetMeta = z.infer<typeof assetMetaSchema>;

export const newAssetSettingsSchema = z
  .looseObject({
    playback_policy: policyList.optional(),
    playback_policies: policyList.optional(),
    passthrough: z.string().max(255, "passthrough must be at most 255 characters").optional(),
    mp4_support: z.enum(["none", "standard", "capped-1080p", "audio-only", "audio-only,capped-1080p"]).optional(),
    master_access: z.enum(["temporary", "none"]).optional(),
    video_quality: z.enum(["basic", "plus", "premium"]).optional(),
    meta: assetMetaSchema.optional(),
  });

export const simulcastTargetSchema = z.object({
  url: z
    .string()
    .min(1, "url is required")
    .refine((u) => /^rtmps?:\/\/[^/\s]+/.test(u), "url must be an rtmp:// or rtmps:// URL"),
  stream_key: z.string().optional(),
  passthrough: z.string().max(255, "passthrough must be at most 255 characters").optional(),
});

/** The languages MUX generates live captions in (@mux/mux-node LiveStreamGeneratedSubtitleSettings). */
export const captionLanguages = ["en", "en-US", "es", "fr", "de", "pt", "it"] as const;

export const generatedSubtitleSchema = z.object({
  name: z.string("name is required").trim().min(1, "name is required").max(255, "name must be at most 255 characters"),
  language_code: z.enum(captionLanguages, `language_code must be one of ${captionLanguages.join(", ")}`),
  passthrough: z.string().max(255, "passthrough must be at most 255 characters").optional(),
  transcription_vocabulary_ids: z.array(z.string()).optional(),
});
export type GeneratedSubtitle = z.infer<typeof generatedSubtitleSchema>;

export const LOW_LATENCY_CAPTIONS_MESSAGE =
  "generated_subtitles: auto-generated live captions are not available for low latency live streams; use latency_mode standard or reduced";

export const createLiveStreamSchema = z
  .looseObject({
  playback_policy: policyList.optional(),
  playback_policies: policyList.optional(),
  advanced_playback_policies: z.array(z.looseObject({ policy: playbackPolicy.optional() })).optional(),
  new_asset_settings: newAssetSettingsSchema.optional(),
  passthrough: z.string().max(255, "passthrough must be at most 255 characters").optional(),
  latency_mode: z.enum(["low", "reduced", "standard"], "latency_mode must be one of low, reduced, standard").optional(),
  reduced_latency: z.boolean().optional(),
  low_latency: z.boolean().optional(),
  reconnect_window: z
    .number("reconnect_window must be a number")
    .min(0, "reconnect_window must be between 0 and 1800")
    .max(1800, "reconnect_window must be between 0 and 1800")
    .optional(),
  max_continuous_duration: z
    .number("max_continuous_duration must be a number")
    .int("max_continuous_duration must be an integer")
    .min(60, "max_continuous_duration must be between 60 and 43200")
    .max(43200, "max_continuous_duration must be between 60 and 43200")
    .optional(),
  use_slate_for_standard_latency: z.boolean().optional(),
  reconnect_slate_url: z.string().optional(),
  audio_only: z.boolean().optional(),
  test: z.boolean().optional(),
  meta: liveStreamMetaSchema.optional(),
  simulcast_targets: z.array(simulcastTargetSchema).optional(),
  embedded_subtitles: z.array(z.looseObject({})).optional(),
  generated_subtitles: z.array(generatedSubtitleSchema).max(1, "at most one generated subtitle track is allowed").optional(),
})
  .superRefine((body, ctx) => {
    if ((body.generated_subtitles ?? []).length > 0 && effectiveLatencyMode(body) === "low") {
      ctx.addIssue({ code: "custom", path: [], message: LOW_LATENCY_CAPTIONS_MESSAGE });
    }
  });

/** `latency_mode` wins; otherwise the deprecated flags; otherwise standard. */
export function effectiveLatencyMode(body: { latency_mode?: "low" | "reduced" | "standard"; low_latency?: boolean; reduced_latency?: boolean }) {
  return body.latency_mode ?? (body.low_latency ? "low" : body.reduced_latency ? "reduced" : "standard");
}

export type CreateLiveStreamBody = z.infer<typeof createLiveStreamSchema>;
export type NewAssetSettings = z.infer<typeof newAssetSettingsSchema>;

export const listQuerySchema = z.object({
  page: z.coerce.number().int().min(1, "page must be >= 1").optional(),
  limit: z.coerce.number().int().min(1, "limit must be between 1 and 100").max(100, "limit must be between 1 and 100").optional(),
  status: z.enum(["active", "idle", "disabled"], "status must be one of active, idle, disabled").optional(),
  stream_key: z.string().optional(),
});

/** Turns zod issues into MUX's `messages: string[]`. */
export function zodMessages(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.join(".");
    return issue.message.startsWith(path) || path === "" ? issue.message : `${path}: ${issue.message}`;
  });
}

/** The one static rendition the sandbox makes (it has one MP4 file: media/highest.mp4). */
export const SANDBOX_RENDITION_MESSAGE = 'resolution: the sandbox makes only the "highest" static rendition';
const staticRenditionRequest = z.looseObject({
  resolution: z.literal("highest", SANDBOX_RENDITION_MESSAGE),
  passthrough: z.string().max(255, "passthrough must be at most 255 characters").optional(),
});

export const CLIP_INPUT_MESSAGE = "inputs: the sandbox creates assets only as clips of an existing asset (url mux://assets/<asset id>)";
const clipInputSchema = z.looseObject({
  url: z.string("url is required").regex(/^mux:\/\/assets\/[^/\s]+$/, CLIP_INPUT_MESSAGE),
  start_time: z.number("start_time must be a number").optional(),
  end_time: z.number("end_time must be a number").optional(),
});

export const createAssetSchema = z
  .looseObject({
    inputs: z.array(clipInputSchema).length(1, "inputs: exactly one input (the clip's source) is modelled").optional(),
    /** The deprecated name of `inputs`. */
    input: z.array(clipInputSchema).length(1, "input: exactly one input (the clip's source) is modelled").optional(),
    playback_policy: policyList.optional(),
    playback_policies: policyList.optional(),
    passthrough: z.string().max(255, "passthrough must be at most 255 characters").optional(),
    static_renditions: z.array(staticRenditionRequest).max(1, "static_renditions: one entry (highest) at most").optional(),
  })
  .refine((body) => body.inputs !== undefined || body.input !== undefined, "inputs is required");
export type CreateAssetBody = z.infer<typeof createAssetSchema>;

export const createStaticRenditionSchema = staticRenditionRequest;
