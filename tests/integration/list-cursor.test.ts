// GET /api/video/livestream pages with ?before= (docs/reference/api.md): over the real route,
// pages of a list full of equal created_at values (and values a microsecond apart, which a JS
// Date can't tell apart) never skip or repeat a row, the owner's own broadcasts in their room
// come once though both of the list's walks find them (livestream/list-query.ts), the last page
// says nextCursor null, and a cursor golive didn't write is a 400 with the cursor's message.
import { sql } from "drizzle-orm";
import { beforeAll, expect, test } from "vitest";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { badCursorMessage, encodeListCursor, listLivestreamsResultSchema } from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ alice: "Alice", bob: "Bob" });
const ALICES_ROOM = "cursor-alices-room";

const idRows = z.union([z.array(z.object({ id: z.string() })), z.object({ rows: z.array(z.object({ id: z.string() })) }).transform((r) => r.rows)]);

/** What the list should answer, in the list's order, straight from the table. */
async function expectedIds(roomName?: string): Promise<string[]> {
  const db = await getDb();
  const inRoom = roomName ? sql`and room_name = ${roomName}` : sql``;
  const rows = idRows.parse(
    await db.execute(sql`select id from golive.livestreams
      where (user_id = ${t.alice.id} or room_name = ${ALICES_ROOM}) ${inRoom}
      order by created_at desc, id desc`),
  );
  return rows.map((r) => r.id);
}

/** Every page of the list, following nextCursor. */
async function allPages(query: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let before: string | null = null;
  let pages = 0;
  do {
    const res = await t.alice.request("GET", `/api/video/livestream?${query}${before ? `&before=${encodeURIComponent(before)}` : ""}`);
    expect(res.status).toBe(200);
    const page = parseBody(res, listLivestreamsResultSchema);
    ids.push(...page.livestreams.map((l) => l.id));
    before = page.nextCursor;
    pages++;
    if (pages > 50) throw new Error("the cursor never ended");
  } while (before);
  return { ids, pages };
}

beforeAll(async () => {
  expect((await t.alice.request("POST", "/api/rooms", { name: ALICES_ROOM })).status).toBe(201);
  const db = await getDb();
  const statements = [
    // 12 of Alice's in a room nobody owns, all made at one instant.
    sql`insert into golive.livestreams (room_name, user_id, status, created_at)
      select 'cursor-loose-room', ${t.alice.id}, 'completed', timestamptz '2026-01-01 00:00:00.000001+00' from generate_series(1, 12)`,
    // 10 of Alice's and 8 of Bob's in Alice's room, a microsecond apart in threes (one millisecond).
    sql`insert into golive.livestreams (room_name, user_id, status, created_at)
      select ${ALICES_ROOM}, ${t.alice.id}, 'completed', timestamptz '2026-01-01 00:00:00.000500+00' + (g % 3) * interval '1 microsecond' from generate_series(1, 10) g`,
    sql`insert into golive.livestreams (room_name, user_id, status, created_at)
      select ${ALICES_ROOM}, ${t.bob.id}, 'completed', timestamptz '2026-01-01 00:00:00.000500+00' + (g % 3) * interval '1 microsecond' from generate_series(1, 8) g`,
    // Bob's own, which Alice may not see.
    sql`insert into golive.livestreams (room_name, user_id, status, created_at)
      select 'cursor-bobs-room', ${t.bob.id}, 'completed', timestamptz '2026-01-01 00:00:00.000001+00' from generate_series(1, 5)`,
  ];
  for (const statement of statements) await db.execute(statement);
});

test("pages of 4 through 30 broadcasts with equal created_at values: each once, in order, and the last page ends it", async () => {
  const expected = await expectedIds();
  expect(expected).toHaveLength(30);
  const { ids, pages } = await allPages("limit=4");
  expect(ids).toEqual(expected);
  expect(pages).toBe(8);
});

test("a page as long as what's left says nextCursor null: no empty last page", async () => {
  const { ids, pages } = await allPages("limit=10");
  expect(ids).toEqual(await expectedIds());
  expect(pages).toBe(3);
});

test("?roomName= pages too: the owner's own broadcasts in their room once, beside a guest's", async () => {
  const expected = await expectedIds(ALICES_ROOM);
  expect(expected).toHaveLength(18);
  const { ids } = await allPages(`roomName=${ALICES_ROOM}&limit=5`);
  expect(ids).toEqual(expected);
});

test("without before, the first page, as for callers from before cursors", async () => {
  const res = await t.alice.request("GET", "/api/video/livestream?limit=3");
  const page = parseBody(res, listLivestreamsResultSchema);
  expect(page.livestreams.map((l) => l.id)).toEqual((await expectedIds()).slice(0, 3));
  expect(page.nextCursor).toEqual(expect.any(String));
});

test.each([
  ["text that isn't a cursor", "yesterday"],
  ["a cursor with milliseconds only", encodeListCursor({ createdAt: "2026-01-01T00:00:00.000Z", id: "00000000-0000-4000-8000-000000000000" })],
  ["a cursor naming no uuid", encodeListCursor({ createdAt: "2026-01-01T00:00:00.000000Z", id: "1; drop table" })],
])("%s is a 400 with the cursor's message", async (_, before) => {
  const res = await t.alice.request("GET", `/api/video/livestream?before=${encodeURIComponent(before)}`);
  expect({ status: res.status, body: res.body }).toEqual({ status: 400, body: { error: badCursorMessage, code: "bad_request" } });
});
