import "server-only";
// Signed tokens that name a row by its id (`<id>.<HMAC>`, keyed per purpose), for invite and
// share links; the row says whether the link still works (docs/architecture.md, "Rooms and roles").
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, gt, isNotNull, isNull, lte, or } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { hostSecret } from "../config";
import type { LinkState } from "../contract";

/** What a token is for; part of its key. Changing one invalidates every token made for it. */
export type TokenPurpose = "golive room invite v1" | "golive share link v1";

const keyFor = (purpose: TokenPurpose) => createHmac("sha256", hostSecret()).update(purpose).digest("base64url");
const signature = (purpose: TokenPurpose, id: string) => createHmac("sha256", keyFor(purpose)).update(id).digest("base64url");

/** The opaque token naming `id`: the id and a signature of it. */
export function signedIdToken(purpose: TokenPurpose, id: string): string {
  return `${id}.${signature(purpose, id)}`;
}

const uuid = z.uuid();

/** The id a token names, or null when it isn't one we signed for `purpose`. */
export function verifySignedIdToken(purpose: TokenPurpose, token: string): string | null {
  const [id, mac, ...rest] = token.split(".");
  if (!id || !mac || rest.length > 0 || !uuid.safeParse(id).success) return null;
  const expected = Buffer.from(signature(purpose, id));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}

/** Where a link's row stands: revoked beats expired, and a link ends at its `expiresAt`. */
export function linkState(link: { revokedAt: Date | null; expiresAt: Date }, now: Date): LinkState {
  return link.revokedAt ? "revoked" : link.expiresAt <= now ? "expired" : "active";
}

type LinkColumns = { revokedAt: AnyPgColumn; expiresAt: AnyPgColumn };

/** `linkState(...) === "active"` as SQL, for a links table (invites, share links). */
export const workingLinkSql = (t: LinkColumns, now: Date) => and(isNull(t.revokedAt), gt(t.expiresAt, now));

/** The other two states (revoked or expired) as SQL. */
export const endedLinkSql = (t: LinkColumns, now: Date) => or(isNotNull(t.revokedAt), lte(t.expiresAt, now));

/**
 * A list of links as the owner sees it: every working one and the newest ended ones (the
 * caller's two queries), newest first, id breaking ties as the queries do. Working links are
 * bounded by their table's cap on active links.
 */
export function newestLinksFirst<L extends { createdAt: Date; id: string }>(working: readonly L[], ended: readonly L[]): L[] {
  return [...working, ...ended].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
