"use server";
// Server actions for share links of private broadcasts: golive's action bodies for this host
// (src/lib/golive.ts; docs/ui.md, "Embedding: server actions, hook, components").
import { golive } from "../../lib/golive";

type Actions = typeof golive.actions;

/** A share link to your private broadcast. `path` is the app-relative watch link with its token: only answered here. */
export async function createShareLink(input: Parameters<Actions["createShareLink"]>[0]): ReturnType<Actions["createShareLink"]> {
  return golive.actions.createShareLink(input);
}

export async function shareLinksOf(input: Parameters<Actions["shareLinksOf"]>[0]): ReturnType<Actions["shareLinksOf"]> {
  return golive.actions.shareLinksOf(input);
}

/** Revoke a share link: the watch page signs nothing more for it. */
export async function revokeShareLink(input: Parameters<Actions["revokeShareLink"]>[0]): ReturnType<Actions["revokeShareLink"]> {
  return golive.actions.revokeShareLink(input);
}
