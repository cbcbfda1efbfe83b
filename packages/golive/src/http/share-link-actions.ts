// Server-action bodies for share links of private broadcasts: the share-links route's service
// calls (docs/ui.md, "Embedding: server actions, hook, components").
import type { z } from "zod";
import { createShareLinkBodySchema, parseOrBadRequest, revokeShareLinkBodySchema, type ShareLink, shareLinksQuerySchema } from "../contract";
import { createShareLink, listShareLinks, revokeShareLink } from "../watch";
import type { ActionResult, AsUser } from "./action-result";

export function shareLinkActions(asUser: AsUser) {
  return {
    /** A share link to your private broadcast. `path` is the app-relative watch link with its token: only answered here. */
    createShareLink(input: z.input<typeof createShareLinkBodySchema>): Promise<ActionResult<{ link: ShareLink; path: string }>> {
      return asUser(async (user) => {
        const { livestreamId, expiresInHours } = parseOrBadRequest(createShareLinkBodySchema, input);
        return createShareLink(livestreamId, user.id, { expiresInHours });
      }, [input]);
    },

    shareLinksOf(input: z.input<typeof shareLinksQuerySchema>): Promise<ActionResult<ShareLink[]>> {
      return asUser(async (user) => listShareLinks(parseOrBadRequest(shareLinksQuerySchema, input).livestreamId, user.id), [input]);
    },

    /** Revoke a share link: the watch page signs nothing more for it. */
    revokeShareLink(input: z.input<typeof revokeShareLinkBodySchema>): Promise<ActionResult<ShareLink>> {
      return asUser(async (user) => revokeShareLink(parseOrBadRequest(revokeShareLinkBodySchema, input).linkId, user.id), [input]);
    },
  };
}
