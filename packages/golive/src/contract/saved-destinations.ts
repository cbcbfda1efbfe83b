// Saved destinations: the request shapes of /api/video/destinations and its answers
// (docs/reference/api.md, "Routes"). A saved destination is a go-live destination
// (requests.ts, destinationBodySchema) with a name of its own; its key is never answered.
import "./zod-jitless";
import { z } from "zod";
import { isoDate } from "./codecs";
import { destinationBodySchema, idField, MAX_HOST_LENGTH, MAX_KEY_LENGTH, MAX_NAME_LENGTH, MAX_URL_LENGTH } from "./requests";
import { textField } from "./text-fields";

/** How many destinations one user may save. */
export const MAX_SAVED_DESTINATIONS = 20;
export const savedDestinationTypes = ["youtube", "twitch", "custom"] as const;
export type SavedDestinationType = (typeof savedDestinationTypes)[number];

const nameSchema = textField("name", MAX_NAME_LENGTH).trim().min(1, "name must not be empty.");

/** POST /api/video/destinations: a go-live destination, its name required (the list shows it). */
export const createSavedDestinationBodySchema = destinationBodySchema.extend({
  name: z.string({ error: "name is required." }).pipe(nameSchema),
});

const updateMessage = "Provide at least one change: name, streamKey, customRtmpUrl or twitchIngestServer.";

/**
 * PATCH /api/video/destinations: { id } and what changes. The type stays (save another for
 * another service); a new streamKey replaces the sealed one.
 */
export const updateSavedDestinationBodySchema = z
  .object({
    id: idField("id"),
    name: nameSchema.optional(),
    streamKey: z.string({ error: "streamKey must be a string." }).min(1, "streamKey must not be empty.").max(MAX_KEY_LENGTH, `streamKey must be at most ${MAX_KEY_LENGTH} characters.`).optional(),
    customRtmpUrl: textField("customRtmpUrl", MAX_URL_LENGTH).optional(),
    // null: back to Twitch's default ingest server.
    twitchIngestServer: textField("twitchIngestServer", MAX_HOST_LENGTH).nullable().optional(),
  })
  .strict()
  .refine((b) => b.name !== undefined || b.streamKey !== undefined || b.customRtmpUrl !== undefined || b.twitchIngestServer !== undefined, updateMessage);

/** DELETE /api/video/destinations: { id }. */
export const deleteSavedDestinationBodySchema = z.object({ id: idField("id") });

/** A saved destination as its owner sees it: the key masked, never the key. */
export const savedDestinationSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(savedDestinationTypes),
  /** customRtmpUrl (custom) or twitchIngestServer (twitch, null: live.twitch.tv); null for YouTube. */
  server: z.string().nullable(),
  /** The stream key masked (`abcd…wxyz`). */
  maskedKey: z.string(),
  /** The full ingest URL with its key masked, as a broadcast's destination shows it. */
  maskedUrl: z.string(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type SavedDestination = z.output<typeof savedDestinationSchema>;

/** GET /api/video/destinations: every saved destination of the caller (at most MAX_SAVED_DESTINATIONS), by name. */
export const listSavedDestinationsResultSchema = z.object({ destinations: z.array(savedDestinationSchema) });
/** 201 of POST, 200 of PATCH and DELETE (the destination as it was). */
export const savedDestinationResultSchema = z.object({ destination: savedDestinationSchema });
