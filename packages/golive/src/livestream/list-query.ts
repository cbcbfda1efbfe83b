import "server-only";
// The list's one query, built here so the service and the plan test run the same SQL
// (tests/integration/list-plans.test.ts). A page is the newest `limit` of two walks, each along
// an index and each stopping after `limit` rows: the caller's own broadcasts, and each room they
// own (rooms/broadcast-policy.ts mayControlBroadcastHalves). Their union (they overlap) is
// sorted, at most limit × (1 + rooms owned) rows, never the caller's whole history.
import { and, eq, getTableColumns, inArray, type SQL, sql } from "drizzle-orm";
import { union } from "drizzle-orm/pg-core";
import { type Database, descNullsLast, livestreams, rooms } from "../db";
import type { ListCursor } from "../contract";
import { mayControlBroadcastHalves } from "../rooms";

export type ListPageQuery = { roomName?: string; limit: number; before?: ListCursor };

/** created_at with all of Postgres's microseconds, UTC, as the cursor carries it (contract/cursor.ts). */
const createdAtText = sql<string>`to_char(${livestreams.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Newest first, id breaking ties: exactly the list indexes' order (db/order.ts). */
const newestFirst = () => [descNullsLast(livestreams.createdAt), descNullsLast(livestreams.id)] as const;

/** The rows of one page (up to `limit`), newest first, each with its cursor's instant. */
export function listLivestreamsQuery(db: Database, userId: string, page: ListPageQuery) {
  const halves = mayControlBroadcastHalves(userId);
  const walk = (allowed: SQL) => {
    const conditions: SQL[] = [allowed];
    if (page.roomName) conditions.push(eq(livestreams.roomName, page.roomName));
    // A row comparison, the shape of the index's (created_at, id): the walk starts there.
    if (page.before) conditions.push(sql`(${livestreams.createdAt}, ${livestreams.id}) < (${page.before.createdAt}::timestamptz, ${page.before.id}::uuid)`);
    return db
      .select({ id: livestreams.id, createdAt: livestreams.createdAt })
      .from(livestreams)
      .where(and(...conditions))
      .orderBy(...newestFirst())
      .limit(page.limit);
  };
  const perOwnedRoom = walk(halves.ofOwnedRoom).as("per_room");
  const ownedRooms = db
    .select({ id: perOwnedRoom.id, createdAt: perOwnedRoom.createdAt })
    .from(rooms)
    .crossJoinLateral(perOwnedRoom)
    .where(page.roomName ? and(eq(rooms.ownerId, userId), eq(rooms.name, page.roomName)) : eq(rooms.ownerId, userId));
  const pageIds = union(walk(halves.own), ownedRooms)
    .orderBy(sql`"created_at" desc nulls last`, sql`"id" desc nulls last`)
    .limit(page.limit);
  return db
    .select({ ...getTableColumns(livestreams), cursorAt: createdAtText })
    .from(livestreams)
    .where(inArray(livestreams.id, db.select({ id: sql<string>`page.id` }).from(pageIds.as("page"))))
    .orderBy(...newestFirst());
}
