import "server-only";
// Share links of private broadcasts (docs/architecture.md, "Private broadcasts"): the owner
// creates, lists and revokes them; a viewer's link lets the watch page sign them playback
// tokens. The token is `<link id>.<HMAC>` (signed-ids.ts) and is answered only when the link
// is made; the row says until when it works and whether it was revoked, so revoking takes
// effect on the next token the watch page asks for.
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { livestreams, type ShareLinkRow, shareLinks } from "@/lib/db/schema";
import type { ShareLink } from "./contract";
import { badRequest, LivestreamError } from "./errors";
import { findOwned } from "./livestream";
import { SHARE_LINK_HOURS } from "./schemas";
import { linkState, signedIdToken, verifySignedIdToken } from "./signed-ids";

const PURPOSE = "golive share link v1";
const uuid = z.uuid();

function view(link: ShareLinkRow, now: Date): ShareLink {
  return { id: link.id, livestreamId: link.livestreamId, createdAt: link.createdAt, expiresAt: link.expiresAt, revokedAt: link.revokedAt, state: linkState(link, now) };
}

async function ownedPrivate(livestreamId: string, userId: string) {
  const broadcast = await findOwned(livestreamId, userId);
  if (!broadcast) throw new LivestreamError("not_found", "Livestream not found.");
  return broadcast;
}

/**
 * A new share link for the caller's private broadcast. `path` is the app-relative watch page
 * of its live playback id with the token: answered only here, never listed.
 */
export async function createShareLink(livestreamId: string, userId: string, options: { expiresInHours?: number } = {}): Promise<{ link: ShareLink; path: string }> {
  const broadcast = await ownedPrivate(livestreamId, userId);
  if (broadcast.visibility !== "private") throw badRequest("This broadcast is public: anyone with its watch page link can watch it, so it needs no share link.");
  if (!broadcast.muxPlaybackId) throw new LivestreamError("conflict", "This broadcast has no playback id yet (it never reached MUX), so there is nothing to share.");
  const hours = options.expiresInHours ?? SHARE_LINK_HOURS.default;
  const db = await getDb();
  const [link] = await db
    .insert(shareLinks)
    .values({ livestreamId, createdBy: userId, expiresAt: new Date(Date.now() + hours * 3_600_000) })
    .returning();
  if (!link) throw new Error("insert returned no row");
  const token = signedIdToken(PURPOSE, link.id);
  return { link: view(link, new Date()), path: `/watch/${encodeURIComponent(broadcast.muxPlaybackId)}?share=${encodeURIComponent(token)}` };
}

/** The caller's broadcast's share links, newest first (never their tokens). */
export async function listShareLinks(livestreamId: string, userId: string): Promise<ShareLink[]> {
  await ownedPrivate(livestreamId, userId);
  const db = await getDb();
  const rows = await db.select().from(shareLinks).where(eq(shareLinks.livestreamId, livestreamId)).orderBy(desc(shareLinks.createdAt)).limit(100);
  const now = new Date();
  return rows.map((r) => view(r, now));
}

/** Revokes a share link of one of the caller's broadcasts: the watch page signs nothing more for it. */
export async function revokeShareLink(linkId: string, userId: string): Promise<ShareLink> {
  const db = await getDb();
  const [found] = uuid.safeParse(linkId).success
    ? await db
        .select({ link: shareLinks })
        .from(shareLinks)
        .innerJoin(livestreams, eq(livestreams.id, shareLinks.livestreamId))
        .where(and(eq(shareLinks.id, linkId), eq(livestreams.userId, userId)))
        .limit(1)
    : [];
  if (!found) throw new LivestreamError("not_found", "Share link not found.");
  const [revoked] = await db
    .update(shareLinks)
    .set({ revokedAt: new Date() })
    .where(and(eq(shareLinks.id, linkId), isNull(shareLinks.revokedAt)))
    .returning();
  return view(revoked ?? found.link, new Date());
}

/** The broadcast a share token lets its holder watch, while the link works (signed by us, not revoked, not expired). */
export async function sharedLivestreamId(token: string): Promise<string | null> {
  const id = verifySignedIdToken(PURPOSE, token);
  if (!id) return null;
  const db = await getDb();
  const [link] = await db
    .select({ livestreamId: shareLinks.livestreamId })
    .from(shareLinks)
    .where(and(eq(shareLinks.id, id), isNull(shareLinks.revokedAt), gt(shareLinks.expiresAt, new Date())))
    .limit(1);
  return link?.livestreamId ?? null;
}
