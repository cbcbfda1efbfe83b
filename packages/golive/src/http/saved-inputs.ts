// A body's saved destinations ({ savedDestinationId }) unsealed into the destinations pasting
// them would give, before the service plans them: go-live and changes while live then run as
// for pasted ones (docs/architecture.md, "Saved destinations").
import type { ChangeBody, StartBody } from "../contract";
import { resolveSavedDestinations } from "../destinations";
import type { LiveChanges, StartLivestreamOptions } from "../livestream";

/** The go-live body with its saved destinations unsealed, each in its place. */
export async function withSavedStart(body: StartBody, userId: string): Promise<StartLivestreamOptions> {
  return { ...body, additionalDestinations: await resolveSavedDestinations(body.additionalDestinations, userId) };
}

/** Changes to a live broadcast with the added saved destinations unsealed. */
export async function withSavedChanges(changes: Omit<ChangeBody, "livestreamId" | "roomName">, userId: string): Promise<LiveChanges> {
  return { ...changes, addDestinations: await resolveSavedDestinations(changes.addDestinations, userId, "addDestinations") };
}
