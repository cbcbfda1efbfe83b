// The request shapes of the livestream routes, and the field rules the service shares with them
// (docs/reference/api.md). Pure: the browser runs the same rules (via destinations/plan.ts).
import "./zod-jitless";
import { z } from "zod";
import { captionLanguages, layouts, orientations, qualities, visibilities } from "./shapes";
import { listCursorSchema } from "./cursor";
import { textField } from "./text-fields";
import { roomNameProblem } from "./room-name";
import { broadcastDescriptionSchema, broadcastTitleSchema } from "./broadcast-details";

/** MUX's limits for max_continuous_duration, in seconds. */
export const MAX_DURATION = { min: 60, max: 43_200 } as const;
export const MAX_DESTINATIONS = 10;
export const tooManyDestinationsMessage = `additionalDestinations may list at most ${MAX_DESTINATIONS} destinations.`;
/** Bounds of what a destination stores or sends upstream: every status answer repeats them. */
export const MAX_URL_LENGTH = 2_048;
export const MAX_NAME_LENGTH = 100;
export const MAX_KEY_LENGTH = 512;
/** A host name (253) and a port. */
export const MAX_HOST_LENGTH = 253 + ":65535".length;
/** Ids golive makes (uuids, signed tokens) are far shorter; anything longer names nothing. */
export const MAX_ID_LENGTH = 200;

/** An id or token from a request: not stored, but looked up, so bounded and printable like the rest. */
export const idField = (field: string) => textField(field, MAX_ID_LENGTH).min(1, `${field} is required.`);

export const roomNameSchema = z
  .string({ error: "roomName is required and must be a string." })
  .trim()
  .superRefine((name, ctx) => {
    const problem = roomNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const latencyModeSchema = z.enum(["standard", "low"], { error: 'latencyMode must be "standard" or "low".' });

const durationMessage = `maxDuration must be a whole number of seconds between ${MAX_DURATION.min} and ${MAX_DURATION.max}.`;
export const maxDurationSchema = z
  .number({ error: durationMessage })
  .int(durationMessage)
  .min(MAX_DURATION.min, durationMessage)
  .max(MAX_DURATION.max, durationMessage);

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");
export const layoutSchema = z.enum(layouts, { error: `layout must be one of ${quoted(layouts)}.` });
export const qualitySchema = z.enum(qualities, { error: `quality must be one of ${quoted(qualities)}.` });
export const orientationSchema = z.enum(orientations, { error: `orientation must be "landscape" or "portrait".` });
export const visibilitySchema = z.enum(visibilities, { error: 'visibility must be "public" or "private".' });
export const captionsSchema = z.enum(captionLanguages, { error: `captions must be one of ${quoted(captionLanguages)}.` });

export const destinationBodySchema = z.object({
  type: z.enum(["youtube", "twitch", "custom"], { error: 'type must be "youtube", "twitch" or "custom".' }),
  name: textField("name", MAX_NAME_LENGTH).trim().min(1, "name must not be empty.").optional(),
  // Its characters are the planner's rule (stream-destinations.ts), which names each one.
  streamKey: z.string({ error: "streamKey is required." }).min(1, "streamKey is required.").max(MAX_KEY_LENGTH, `streamKey must be at most ${MAX_KEY_LENGTH} characters.`),
  customRtmpUrl: textField("customRtmpUrl", MAX_URL_LENGTH).optional(),
  twitchIngestServer: textField("twitchIngestServer", MAX_HOST_LENGTH).optional(),
});

export type DestinationBody = z.output<typeof destinationBodySchema>;

/**
 * A destination the caller saved (POST /api/video/destinations), named by its id alone: the
 * service unseals it into the same destination as pasting it would give (destinations/saved.ts).
 */
export const savedDestinationRefSchema = z.object(
  { savedDestinationId: idField("savedDestinationId") },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? "a saved destination is named by savedDestinationId alone: leave out type, streamKey and the other fields." : undefined,
  },
).strict();
export type SavedDestinationRef = z.output<typeof savedDestinationRefSchema>;

const isSavedRef = (value: unknown) => typeof value === "object" && value !== null && "savedDestinationId" in value;

/**
 * One extra destination of a body: pasted (type, key, …) or saved ({ savedDestinationId }).
 * Not z.union: a union that fails answers "Invalid input" for both shapes; this picks the
 * shape by its key, so the messages stay those of the one the person meant.
 */
const destinationItemSchema = z.unknown().transform((value, ctx): DestinationBody | SavedDestinationRef => {
  const parsed = isSavedRef(value) ? savedDestinationRefSchema.safeParse(value) : destinationBodySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  return z.NEVER;
}) as unknown as z.ZodType<DestinationBody | SavedDestinationRef, z.input<typeof destinationBodySchema> | z.input<typeof savedDestinationRefSchema>>;

/** The go-live fields other than the destinations: server code's options are checked with these. */
export const startFieldsSchema = z.object({
  roomName: roomNameSchema,
  latencyMode: latencyModeSchema.optional(),
  maxDuration: maxDurationSchema.optional(),
  layout: layoutSchema.optional(),
  quality: qualitySchema.optional(),
  orientation: orientationSchema.optional(),
  visibility: visibilitySchema.optional(),
  captions: captionsSchema.optional(),
  /** What the watch page, the recordings list and MUX's metadata call the broadcast. */
  title: broadcastTitleSchema.optional(),
  description: broadcastDescriptionSchema.optional(),
});

// Parsed, the body's saved destinations are unsealed (destinations/saved.ts), then it goes to
// the planner (destinations/plan.ts).
export const startBodySchema = startFieldsSchema.extend({
  additionalDestinations: z
    .array(destinationItemSchema, { error: "additionalDestinations must be an array." })
    .max(MAX_DESTINATIONS, tooManyDestinationsMessage)
    .optional(),
});

export type StartBody = z.output<typeof startBodySchema>;

/** The go-live body with pasted destinations only: what the planner checks in one pass (the form's goLiveRequestSchema). */
export const pastedStartBodySchema = startFieldsSchema.extend({
  additionalDestinations: z
    .array(destinationBodySchema, { error: "additionalDestinations must be an array." })
    .max(MAX_DESTINATIONS, tooManyDestinationsMessage)
    .optional(),
});
export type PastedStartBody = z.output<typeof pastedStartBodySchema>;


/** Names one of the caller's broadcasts: by id, or their live one in a room. */
const targetFields = {
  roomName: roomNameSchema.optional(),
  // "" must not pass as "given": the route would fall through to the room lookup with no room.
  livestreamId: textField("livestreamId", MAX_ID_LENGTH).min(1, "livestreamId must not be empty.").optional(),
};

export const stopBodySchema = z
  .object(targetFields)
  .refine((b) => b.roomName !== undefined || b.livestreamId !== undefined, "Provide roomName (or livestreamId).");

/** PATCH /api/video/livestream: changes to a live broadcast. The planner checks the added destinations. */
export const changeBodySchema = z
  .object({
    ...targetFields,
    layout: layoutSchema.optional(),
    addDestinations: z
      .array(destinationItemSchema, { error: "addDestinations must be an array." })
      .max(MAX_DESTINATIONS, tooManyDestinationsMessage.replace("additionalDestinations", "addDestinations"))
      .optional(),
    removeDestinations: z
      .array(textField("removeDestinations", MAX_ID_LENGTH).min(1, "removeDestinations must list destination ids."), {
        error: "removeDestinations must be an array of destination ids.",
      })
      .max(MAX_DESTINATIONS + 1, `removeDestinations may list at most ${MAX_DESTINATIONS + 1} ids.`)
      .optional(),
  })
  .strict()
  .refine((b) => b.roomName !== undefined || b.livestreamId !== undefined, "Provide livestreamId (or roomName).")
  .refine(
    (b) => b.layout !== undefined || (b.addDestinations?.length ?? 0) > 0 || (b.removeDestinations?.length ?? 0) > 0,
    "Provide at least one change: layout, addDestinations or removeDestinations.",
  );
export type ChangeBody = z.output<typeof changeBodySchema>;

/** POST /api/video/livestream/destinations/retry: a failed extra destination of a live broadcast, added again. */
export const retryDestinationBodySchema = z
  .object({ ...targetFields, destinationId: idField("destinationId") })
  .strict()
  .refine((b) => b.roomName !== undefined || b.livestreamId !== undefined, "Provide livestreamId (or roomName).");
export type RetryDestinationBody = z.output<typeof retryDestinationBodySchema>;

/** How long a share link works: an hour to 30 days, a week by default. */
export const SHARE_LINK_HOURS = { min: 1, max: 24 * 30, default: 24 * 7 } as const;
const shareHoursMessage = `expiresInHours must be a whole number of hours from ${SHARE_LINK_HOURS.min} to ${SHARE_LINK_HOURS.max}.`;
const livestreamIdSchema = idField("livestreamId");

export const createShareLinkBodySchema = z.object({
  livestreamId: livestreamIdSchema,
  expiresInHours: z.number({ error: shareHoursMessage }).int(shareHoursMessage).min(SHARE_LINK_HOURS.min, shareHoursMessage).max(SHARE_LINK_HOURS.max, shareHoursMessage).optional(),
});
export const shareLinksQuerySchema = z.object({ livestreamId: livestreamIdSchema });
export const revokeShareLinkBodySchema = z.object({ linkId: idField("linkId") });

export const statusQuerySchema = z
  .object({ id: idField("id").optional(), roomName: roomNameSchema.optional() })
  .refine((q) => q.id !== undefined || q.roomName !== undefined, "Provide either id or roomName query parameter.");

export const listQuerySchema = z.object({
  roomName: roomNameSchema.optional(),
  limit: z
    .string()
    .regex(/^\d+$/, "limit must be a whole number from 1 to 100.")
    .transform(Number)
    .pipe(z.number().min(1, "limit must be a whole number from 1 to 100.").max(100, "limit must be a whole number from 1 to 100."))
    .optional(),
  /** The page after this cursor (an earlier answer's nextCursor); without it, the first page. */
  before: listCursorSchema.optional(),
});
