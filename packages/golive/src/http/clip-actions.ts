// Server-action bodies for clips and MP4s: the /api/video/clips routes' service calls
// (docs/ui.md, "Embedding: server actions, hook, components").
import type { z } from "zod";
import { type Clip, clipIdBodySchema, clipsQuerySchema, createClipBodySchema, type ListClipsResult, mp4BodySchema, parseOrBadRequest } from "../contract";
import { createClip, deleteClip, listClips, makeClipAsset, requestMp4 } from "../livestream";
import type { ActionResult, AsUser } from "./action-result";

export type CreateClipInput = z.input<typeof createClipBodySchema>;
export type Mp4Input = z.input<typeof mp4BodySchema>;
export type Mp4Result = Awaited<ReturnType<typeof requestMp4>>;

export function clipActions(asUser: AsUser) {
  return {
    /** A broadcast's recorded parts, each with its MP4 and its clips. */
    listClips(input: z.input<typeof clipsQuerySchema>): Promise<ActionResult<ListClipsResult>> {
      return asUser(async (user) => listClips(parseOrBadRequest(clipsQuerySchema, input).livestreamId, user.id), [input]);
    },

    /** Clip the last 30 s / 60 s / 5 min while live, or a range of a recorded part; watchable at once. */
    createClip(input: CreateClipInput): Promise<ActionResult<Clip>> {
      return asUser(async (user) => createClip(parseOrBadRequest(createClipBodySchema, input), user.id), [input]);
    },

    /** Ask MUX for a frame-accurate clip asset of a clip. */
    makeClipAsset(input: z.input<typeof clipIdBodySchema>): Promise<ActionResult<Clip>> {
      return asUser(async (user) => makeClipAsset(parseOrBadRequest(clipIdBodySchema, input).id, user.id), [input]);
    },

    /** Delete a clip and its MUX asset. */
    deleteClip(input: z.input<typeof clipIdBodySchema>): Promise<ActionResult<Clip>> {
      return asUser(async (user) => deleteClip(parseOrBadRequest(clipIdBodySchema, input).id, user.id), [input]);
    },

    /** Ask for the MP4 of a clip ({ clipId }) or of a recorded part ({ livestreamId, muxAssetId? }). */
    requestMp4(input: Mp4Input): Promise<ActionResult<Mp4Result>> {
      return asUser(async (user) => requestMp4(parseOrBadRequest(mp4BodySchema, input), user.id), [input]);
    },
  };
}
