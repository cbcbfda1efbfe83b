"use server";
// Server actions for share links of private broadcasts: the share-links route's service calls
// (docs/ui.md, "Embedding: server actions, hook, components").
import type { z } from "zod";
import {
  parseOrBadRequest,
  type ShareLink,
  createShareLinkBodySchema,
  revokeShareLinkBodySchema,
  shareLinksQuerySchema,
} from "@golive/next/contract";
import { createShareLink as create, listShareLinks, revokeShareLink as revoke } from "@golive/next/watch";
import { type ActionResult, asUser } from "./result";

/** A share link to your private broadcast. `path` is the app-relative watch link with its token: only answered here. */
export async function createShareLink(input: z.input<typeof createShareLinkBodySchema>): Promise<ActionResult<{ link: ShareLink; path: string }>> {
  return asUser(async (user) => {
    const { livestreamId, expiresInHours } = parseOrBadRequest(createShareLinkBodySchema, input);
    return create(livestreamId, user.id, { expiresInHours });
  }, [input]);
}

export async function shareLinksOf(input: z.input<typeof shareLinksQuerySchema>): Promise<ActionResult<ShareLink[]>> {
  return asUser(async (user) => listShareLinks(parseOrBadRequest(shareLinksQuerySchema, input).livestreamId, user.id), [input]);
}

/** Revoke a share link: the watch page signs nothing more for it. */
export async function revokeShareLink(input: z.input<typeof revokeShareLinkBodySchema>): Promise<ActionResult<ShareLink>> {
  return asUser(async (user) => revoke(parseOrBadRequest(revokeShareLinkBodySchema, input).linkId, user.id), [input]);
}
