"use server";
// Server actions for saved destinations: golive's action bodies for this host (src/lib/golive.ts;
// docs/ui.md, "Embedding: server actions, hook, components").
import { golive } from "../../lib/golive";

type Actions = typeof golive.actions;

/** Your saved destinations, by name; keys masked. */
export async function savedDestinations(): ReturnType<Actions["savedDestinations"]> {
  return golive.actions.savedDestinations();
}

/** Save a destination to pick at go-live; its key is never answered again. */
export async function saveDestination(input: Parameters<Actions["saveDestination"]>[0]): ReturnType<Actions["saveDestination"]> {
  return golive.actions.saveDestination(input);
}

/** Rename a saved destination, change its server, or replace its key. */
export async function updateSavedDestination(input: Parameters<Actions["updateSavedDestination"]>[0]): ReturnType<Actions["updateSavedDestination"]> {
  return golive.actions.updateSavedDestination(input);
}

/** Delete a saved destination and its key. */
export async function deleteSavedDestination(input: Parameters<Actions["deleteSavedDestination"]>[0]): ReturnType<Actions["deleteSavedDestination"]> {
  return golive.actions.deleteSavedDestination(input);
}
