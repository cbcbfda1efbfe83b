// Server-action bodies for broadcasts: the livestream route's service calls, as the request's
// signed-in user (docs/ui.md, "Embedding: server actions, hook, components").
import type { z } from "zod";
import { changeBodySchema, parseOrBadRequest, retryDestinationBodySchema, startBodySchema, stopBodySchema } from "../contract";
import {
  changeLivestream,
  type LivestreamStatusResult,
  retryDestination,
  startLivestream,
  type StartLivestreamResult,
  stopLivestream,
  stopLivestreamInRoom,
  type StopLivestreamResult,
} from "../livestream";
import type { ActionResult, AsUser } from "./action-result";
import { withSavedChanges, withSavedStart } from "./saved-inputs";

/** The go-live input: the POST /api/video/livestream body. */
export type GoLiveInput = z.input<typeof startBodySchema>;
/** Like the route's Idempotency-Key header: a retried call with the same key starts nothing new. */
export type GoLiveOptions = { idempotencyKey?: string };
export type EndLivestreamInput = { roomName: string } | { livestreamId: string };
/** The PATCH /api/video/livestream body: a broadcast, and the changes to make while it is live. */
export type ChangeLivestreamInput = z.input<typeof changeBodySchema>;
/** The POST /api/video/livestream/destinations/retry body: a broadcast and its failed destination. */
export type RetryDestinationInput = z.input<typeof retryDestinationBodySchema>;

export function livestreamActions(asUser: AsUser) {
  return {
    /** Go live in a room: a MUX live stream plus the LiveKit egress to it and the extra destinations. */
    goLive(input: GoLiveInput, options: GoLiveOptions = {}): Promise<ActionResult<StartLivestreamResult>> {
      return asUser(
        async (user) => startLivestream(await withSavedStart(parseOrBadRequest(startBodySchema, input), user.id), user.id, { idempotencyKey: options.idempotencyKey }),
        [input, options],
      );
    },

    /** End the caller's broadcast, by id or by room; MUX then finalises the recording. */
    endLivestream(input: EndLivestreamInput): Promise<ActionResult<StopLivestreamResult>> {
      return asUser(async (user) => {
        const { livestreamId, roomName } = parseOrBadRequest(stopBodySchema, input);
        return livestreamId ? stopLivestream(livestreamId, user.id) : stopLivestreamInRoom(roomName ?? "", user.id);
      }, [input]);
    },

    /** Switch the layout, add or remove destinations of the caller's live broadcast; answers its status. */
    updateLivestream(input: ChangeLivestreamInput): Promise<ActionResult<LivestreamStatusResult>> {
      return asUser(async (user) => {
        const { livestreamId, roomName, ...changes } = parseOrBadRequest(changeBodySchema, input);
        return changeLivestream(livestreamId ? { livestreamId } : { roomName: roomName ?? "" }, await withSavedChanges(changes, user.id), user.id);
      }, [input]);
    },

    /** Add a failed extra destination of the caller's live broadcast to it again, by its sealed URL; answers its status. */
    retryDestination(input: RetryDestinationInput): Promise<ActionResult<LivestreamStatusResult>> {
      return asUser(async (user) => {
        const { livestreamId, roomName, destinationId } = parseOrBadRequest(retryDestinationBodySchema, input);
        return retryDestination(livestreamId ? { livestreamId } : { roomName: roomName ?? "" }, destinationId, user.id);
      }, [input]);
    },
  };
}
