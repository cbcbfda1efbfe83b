// Server-action bodies for saved destinations: the /api/video/destinations route's service calls
// (docs/ui.md, "Embedding: server actions, hook, components").
import type { z } from "zod";
import {
  createSavedDestinationBodySchema,
  deleteSavedDestinationBodySchema,
  parseOrBadRequest,
  type SavedDestination,
  updateSavedDestinationBodySchema,
} from "../contract";
import { createSavedDestination, deleteSavedDestination, listSavedDestinations, updateSavedDestination } from "../destinations";
import type { ActionResult, AsUser } from "./action-result";

export type SaveDestinationInput = z.input<typeof createSavedDestinationBodySchema>;
export type UpdateSavedDestinationInput = z.input<typeof updateSavedDestinationBodySchema>;

export function savedDestinationActions(asUser: AsUser) {
  return {
    /** Your saved destinations, by name; keys masked. */
    savedDestinations(): Promise<ActionResult<SavedDestination[]>> {
      return asUser(async (user) => listSavedDestinations(user.id), []);
    },

    /** Save a destination (name, type, key, server) to pick at go-live; its key is never answered again. */
    saveDestination(input: SaveDestinationInput): Promise<ActionResult<SavedDestination>> {
      return asUser(async (user) => createSavedDestination(parseOrBadRequest(createSavedDestinationBodySchema, input), user.id), [input]);
    },

    /** Rename a saved destination, change its server, or replace its key. */
    updateSavedDestination(input: UpdateSavedDestinationInput): Promise<ActionResult<SavedDestination>> {
      return asUser(async (user) => updateSavedDestination(parseOrBadRequest(updateSavedDestinationBodySchema, input), user.id), [input]);
    },

    /** Delete a saved destination and its key. */
    deleteSavedDestination(input: z.input<typeof deleteSavedDestinationBodySchema>): Promise<ActionResult<SavedDestination>> {
      return asUser(async (user) => deleteSavedDestination(parseOrBadRequest(deleteSavedDestinationBodySchema, input).id, user.id), [input]);
    },
  };
}
