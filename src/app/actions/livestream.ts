"use server";
// Server actions for embedding golive in your own pages: golive's action bodies for this host
// (src/lib/golive.ts), as the request's signed-in user (docs/ui.md, "Embedding: server actions, hook, components").
import type { ActionResult } from "@golive/next";
import type { ChangeLivestreamInput, EndLivestreamInput, GoLiveInput, GoLiveOptions, RetryDestinationInput } from "@golive/next/http";
import type { LivestreamStatusResult, StartLivestreamResult, StopLivestreamResult } from "@golive/next/livestream";
import { golive } from "../../lib/golive";

export type { ActionResult, ChangeLivestreamInput, EndLivestreamInput, GoLiveInput, GoLiveOptions, RetryDestinationInput };

/** Go live in a room: a MUX live stream plus the LiveKit egress to it and the extra destinations. */
export async function goLive(input: GoLiveInput, options?: GoLiveOptions): Promise<ActionResult<StartLivestreamResult>> {
  return golive.actions.goLive(input, options);
}

/** End the caller's broadcast, by id or by room; MUX then finalises the recording. */
export async function endLivestream(input: EndLivestreamInput): Promise<ActionResult<StopLivestreamResult>> {
  return golive.actions.endLivestream(input);
}

/** Switch the layout, add or remove destinations of the caller's live broadcast; answers its status. */
export async function updateLivestream(input: ChangeLivestreamInput): Promise<ActionResult<LivestreamStatusResult>> {
  return golive.actions.updateLivestream(input);
}

/** Add a failed extra destination of the caller's live broadcast to it again, by its sealed URL; answers its status. */
export async function retryDestination(input: RetryDestinationInput): Promise<ActionResult<LivestreamStatusResult>> {
  return golive.actions.retryDestination(input);
}
