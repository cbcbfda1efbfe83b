// /api/video/livestream/share-links: share links of private broadcasts (docs/reference/api.md;
// docs/architecture.md, "Private broadcasts").
import { NextResponse } from "next/server";
import { readJson, readQuery, withSession } from "@/lib/api/route";
import { authConfig } from "@/lib/env";
import { createShareLinkBodySchema, revokeShareLinkBodySchema, shareLinksQuerySchema } from "@golive/next/contract";
import { createShareLink, listShareLinks, revokeShareLink } from "@golive/next/watch";

/**
 * A share link to your private broadcast: 201 { link, url }. The url (the watch page with its
 * signed token) is answered only here; the list shows links without it.
 */
export const POST = withSession(async (request, user) => {
  const { livestreamId, expiresInHours } = await readJson(request, createShareLinkBodySchema);
  const { link, path } = await createShareLink(livestreamId, user.id, { expiresInHours });
  // The app's public origin when configured: behind a proxy, request.url is an internal address.
  const url = new URL(path, authConfig().baseURL ?? request.url).toString();
  return NextResponse.json({ link, url }, { status: 201, headers: { "cache-control": "no-store" } });
});

/** Your broadcast's share links: { links: [{ id, livestreamId, createdAt, expiresAt, revokedAt, state }] }. */
export const GET = withSession(async (request, user) => {
  const { livestreamId } = readQuery(request, shareLinksQuerySchema);
  return NextResponse.json({ links: await listShareLinks(livestreamId, user.id) });
});

/** Revoke a share link: { link }. The watch page signs nothing more for it. */
export const DELETE = withSession(async (request, user) => {
  const { linkId } = await readJson(request, revokeShareLinkBodySchema);
  return NextResponse.json({ link: await revokeShareLink(linkId, user.id) });
});
