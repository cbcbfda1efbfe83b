import "server-only";
// Share links of private broadcasts: made, listed and revoked by whoever controls the broadcast
// (docs/architecture.md, "Private broadcasts"; tests/integration/private-broadcasts.test.ts).
import { and, count, eq, isNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, descNullsLast, getDb, livestreams, type ShareLinkRow, shareLinks } from "../db";
import { type ShareLink, badRequest, LivestreamError, SHARE_LINK_HOURS } from "../contract";
import {
  mayControlBroadcast,
  endedLinkSql,
  linkState,
  newestLinksFirst,
  signedIdToken,
  verifySignedIdToken,
  workingLinkSql,
} from "../rooms";
import { findControllable } from "../livestream";

const PURPOSE = "golive share link v1";
/** Active (unexpired, unrevoked) links one broadcast may have at once; every one of them stays listed. */
export const MAX_ACTIVE_SHARE_LINKS = 50;
/** Ended (expired or revoked) links listed besides the active ones, newest first. */
const ENDED_LINKS_LISTED = 50;
const uuid = z.uuid();

function view(link: ShareLinkRow, now: Date): ShareLink {
  return { id: link.id, livestreamId: link.livestreamId, createdAt: link.createdAt, expiresAt: link.expiresAt, revokedAt: link.revokedAt, state: linkState(link, now) };
}

/** The broadcast, if the caller may control it now (broadcast-policy.ts): its share links are theirs to manage. */
async function controlled(livestreamId: string, userId: string) {
  const broadcast = await findControllable(livestreamId, userId);
  if (!broadcast) throw new LivestreamError("not_found", "Livestream not found.");
  return broadcast;
}

/**
 * A new share link for a private broadcast the caller may control, while it has fewer than
 * MAX_ACTIVE_SHARE_LINKS active ones (409 beyond). `path` is the app-relative watch page
 * of its live playback id with the token: answered only here, never listed.
 */
export async function createShareLink(livestreamId: string, userId: string, options: { expiresInHours?: number } = {}): Promise<{ link: ShareLink; path: string }> {
  const broadcast = await controlled(livestreamId, userId);
  if (broadcast.visibility !== "private") throw badRequest("This broadcast is public: anyone with its watch page link can watch it, so it needs no share link.");
  if (!broadcast.muxPlaybackId) throw new LivestreamError("conflict", "This broadcast has no playback id yet (it never reached MUX), so there is nothing to share.");
  const hours = options.expiresInHours ?? SHARE_LINK_HOURS.default;
  const db = await getDb();
  const link = await db.transaction(async (tx) => {
    // The broadcast's row lock makes the count and the insert one step: two creates at once can't both take the 50th place.
    await tx.select({ id: livestreams.id }).from(livestreams).where(eq(livestreams.id, livestreamId)).for("update");
    const now = new Date();
    const [active] = await tx.select({ n: count() }).from(shareLinks).where(and(eq(shareLinks.livestreamId, livestreamId), workingLinkSql(shareLinks, now)));
    if ((active?.n ?? 0) >= MAX_ACTIVE_SHARE_LINKS) {
      throw new LivestreamError(
        "conflict",
        `This broadcast already has ${MAX_ACTIVE_SHARE_LINKS} working share links, the most it can have at once: revoke one you no longer need, then make a new one.`,
      );
    }
    const [made] = await tx
      .insert(shareLinks)
      .values({ livestreamId, createdBy: userId, expiresAt: new Date(now.getTime() + hours * 3_600_000) })
      .returning();
    if (!made) throw new Error("insert returned no row");
    return made;
  });
  const token = signedIdToken(PURPOSE, link.id);
  return { link: view(link, new Date()), path: `/watch/${encodeURIComponent(broadcast.muxPlaybackId)}?share=${encodeURIComponent(token)}` };
}

/**
 * A broadcast's list of share links as two queries: every working one (share_links_working_idx,
 * at most MAX_ACTIVE_SHARE_LINKS, so their sort is small) and the newest ENDED_LINKS_LISTED ended
 * ones, walked newest first along share_links_livestream_idx (tests/integration/list-plans.test.ts).
 */
export function listShareLinksQueries(db: Database, livestreamId: string, now: Date) {
  const ofState = (state: SQL | undefined) =>
    db
      .select()
      .from(shareLinks)
      .where(and(eq(shareLinks.livestreamId, livestreamId), state))
      .orderBy(descNullsLast(shareLinks.createdAt), descNullsLast(shareLinks.id));
  return { working: ofState(workingLinkSql(shareLinks, now)), ended: ofState(endedLinkSql(shareLinks, now)).limit(ENDED_LINKS_LISTED) };
}

/**
 * A broadcast's share links, newest first (never their tokens): every active one (at most
 * MAX_ACTIVE_SHARE_LINKS), then the newest ENDED_LINKS_LISTED ended ones.
 */
export async function listShareLinks(livestreamId: string, userId: string): Promise<ShareLink[]> {
  await controlled(livestreamId, userId);
  const now = new Date();
  const queries = listShareLinksQueries(await getDb(), livestreamId, now);
  const [working, ended] = await Promise.all([queries.working, queries.ended]);
  return newestLinksFirst(working, ended).map((r) => view(r, now));
}

/** Revokes a share link of a broadcast the caller may control: the watch page signs nothing more for it. */
export async function revokeShareLink(linkId: string, userId: string): Promise<ShareLink> {
  const db = await getDb();
  const [found] = uuid.safeParse(linkId).success
    ? await db
        .select({ link: shareLinks })
        .from(shareLinks)
        .innerJoin(livestreams, eq(livestreams.id, shareLinks.livestreamId))
        .where(and(eq(shareLinks.id, linkId), mayControlBroadcast(userId)))
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

/**
 * Revokes every working link `creatorId` made for a broadcast in `roomName` (their removal
 * from the room, member-removal.ts); `db` is the removal's transaction.
 */
export async function revokeLinksMadeBy(db: Pick<Awaited<ReturnType<typeof getDb>>, "update">, roomName: string, creatorId: string): Promise<number> {
  const revoked = await db
    .update(shareLinks)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(shareLinks.createdBy, creatorId),
        workingLinkSql(shareLinks, new Date()),
        sql`${shareLinks.livestreamId} in (select ${livestreams.id} from ${livestreams} where ${livestreams.roomName} = ${roomName})`,
      ),
    )
    .returning({ id: shareLinks.id });
  return revoked.length;
}

/** The broadcast a share token lets its holder watch, while the link works (signed by us, not revoked, not expired). */
export async function sharedLivestreamId(token: string): Promise<string | null> {
  const id = verifySignedIdToken(PURPOSE, token);
  if (!id) return null;
  const db = await getDb();
  const [link] = await db
    .select({ livestreamId: shareLinks.livestreamId })
    .from(shareLinks)
    .where(and(eq(shareLinks.id, id), workingLinkSql(shareLinks, new Date())))
    .limit(1);
  return link?.livestreamId ?? null;
}
