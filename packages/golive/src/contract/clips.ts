// Clips and MP4 downloads: the request shapes of /api/video/clips and its answers
// (docs/reference/api.md, "Clips and MP4 downloads"; docs/architecture.md, "Clips").
import "./zod-jitless";
import { z } from "zod";
import { isoDate } from "./codecs";
import { idField, MAX_NAME_LENGTH } from "./requests";
import { textField } from "./text-fields";

/** `instant`: a playback URL of the source with the range in it; `asset`: MUX made a clip asset of its own. */
export const clipKinds = ["instant", "asset"] as const;
export type ClipKind = (typeof clipKinds)[number];
/** The clip as something to play: an instant clip is `ready` at once; a clip asset `preparing` until MUX says ready. */
export const clipStates = ["preparing", "ready", "errored", "deleted"] as const;
export type ClipState = (typeof clipStates)[number];
/** An MP4 of a recording or a clip (MUX's static rendition `highest`). */
export const mp4States = ["none", "preparing", "ready", "errored"] as const;
export type Mp4State = (typeof mp4States)[number];

/** "Clip the last 30 s / 60 s / 5 min" while live. */
export const liveClipSeconds = [30, 60, 300] as const;
/** MUX's shortest clip asset. */
export const MIN_CLIP_SECONDS = 0.5;

const titleSchema = textField("title", MAX_NAME_LENGTH).trim().optional();
const livestreamId = idField("livestreamId");
const lastSecondsMessage = `lastSeconds must be one of ${liveClipSeconds.join(", ")}.`;
const secondsField = (field: string) =>
  z.number({ error: `${field} must be a number of seconds.` }).finite(`${field} must be a number of seconds.`).min(0, `${field} must not be negative.`);

/** POST /api/video/clips while live: the last `lastSeconds` of the broadcast. */
export const liveClipBodySchema = z
  .object({
    livestreamId,
    lastSeconds: z.literal(liveClipSeconds, { error: lastSecondsMessage }),
    title: titleSchema,
  })
  .strict();

/**
 * POST /api/video/clips from a recording: seconds from the start of one recorded part
 * (`muxAssetId`; default the broadcast's latest part).
 */
export const recordingClipBodySchema = z
  .object({
    livestreamId,
    muxAssetId: idField("muxAssetId").optional(),
    startSeconds: secondsField("startSeconds"),
    endSeconds: secondsField("endSeconds"),
    title: titleSchema,
  })
  .strict()
  .refine((b) => b.endSeconds - b.startSeconds >= MIN_CLIP_SECONDS, `A clip is at least ${MIN_CLIP_SECONDS} s: endSeconds must be at least startSeconds + ${MIN_CLIP_SECONDS}.`);

/**
 * `when` if the body has `key`, else `otherwise`: one branch's own messages, not a union's
 * "Invalid input" (docs/reference/errors.md: every 400 names its field).
 */
function choose<A extends z.ZodType, B extends z.ZodType>(key: string, when: A, otherwise: B) {
  return z.unknown().transform((value, ctx): z.output<A> | z.output<B> => {
    const branch = typeof value === "object" && value !== null && key in value ? when : otherwise;
    const parsed = branch.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    return z.NEVER;
  });
}

export const createClipBodySchema = choose("lastSeconds", liveClipBodySchema, recordingClipBodySchema);
export type CreateClipBody = z.output<typeof createClipBodySchema>;

/** GET /api/video/clips?livestreamId= */
export const clipsQuerySchema = z.object({ livestreamId });
/** DELETE /api/video/clips, POST /api/video/clips/asset: { id } of a clip. */
export const clipIdBodySchema = z.object({ id: idField("id") }).strict();

/** POST /api/video/clips/mp4: a clip's MP4, or a recorded part's (default the latest). */
export const mp4BodySchema = choose(
  "clipId",
  z.object({ clipId: idField("clipId") }).strict(),
  z.object({ livestreamId, muxAssetId: idField("muxAssetId").optional() }).strict(),
);
export type Mp4Body = z.output<typeof mp4BodySchema>;

/** An MP4 as its viewer gets it: the download URL only once MUX has it (signed for a private broadcast). */
export const mp4Schema = z.object({
  state: z.enum(mp4States),
  /** MUX's file name (`highest.mp4`), once requested. */
  fileName: z.string().nullable(),
  downloadUrl: z.string().nullable(),
});
export type Mp4View = z.output<typeof mp4Schema>;

/** What plays a clip: an HLS URL (with the range, or the range inside `token` for a private broadcast). */
export const clipPlaybackSchema = z.object({
  playbackId: z.string(),
  policy: z.enum(["public", "signed"]),
  /** The HLS URL to play, token included when signed. */
  url: z.string(),
  /** The instant clip's range as query parameters (public), or as the token's claims (signed). */
  params: z.record(z.string(), z.string()),
  /** When a signed URL stops working (a new list answer signs a new one); null for public. */
  expiresAt: isoDate.nullable(),
});
export type ClipPlayback = z.output<typeof clipPlaybackSchema>;

export const clipSchema = z.object({
  id: z.string(),
  livestreamId: z.string(),
  /** The recorded part (MUX asset) the clip is cut from. */
  sourceAssetId: z.string(),
  kind: z.enum(clipKinds),
  title: z.string().nullable(),
  /** The range in seconds from the start of the source part. */
  startSeconds: z.number(),
  endSeconds: z.number(),
  /** A clip made while live: its range as program time (epoch seconds), as MUX's instant clips take it. */
  programStartTime: z.number().nullable(),
  programEndTime: z.number().nullable(),
  state: z.enum(clipStates),
  /** MUX's clip asset, once made. */
  muxAssetId: z.string().nullable(),
  failureReason: z.string().nullable(),
  /** null once deleted, or when nothing can play it (a private clip with no signing key). */
  playback: clipPlaybackSchema.nullable(),
  mp4: mp4Schema,
  createdAt: isoDate,
});
export type Clip = z.output<typeof clipSchema>;

/** A recorded part with its MP4 and its clips. */
export const recordingClipsSchema = z.object({
  muxAssetId: z.string(),
  vodPlaybackId: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  final: z.boolean(),
  mp4: mp4Schema,
  clips: z.array(clipSchema),
});
export type RecordingClips = z.output<typeof recordingClipsSchema>;

/** GET /api/video/clips: each recorded part of the broadcast, oldest first, its clips oldest first. */
export const listClipsResultSchema = z.object({ livestreamId: z.string(), recordings: z.array(recordingClipsSchema) });
export type ListClipsResult = z.output<typeof listClipsResultSchema>;
/** 201 of POST /api/video/clips; 200 of DELETE and of POST /api/video/clips/asset and /mp4 for a clip. */
export const clipResultSchema = z.object({ clip: clipSchema });
/** 200 of POST /api/video/clips/mp4 for a recording. */
export const recordingMp4ResultSchema = z.object({ livestreamId: z.string(), muxAssetId: z.string(), mp4: mp4Schema });
