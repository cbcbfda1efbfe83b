// Every list reads its page along an index, so its cost follows the page, not the history
// (docs/benchmarks.md, "Lists"): with 10,000 rows of one user (or room, or broadcast) among more
// of others, EXPLAIN ANALYZE of each list's own query (built by the function the service runs,
// so this can't drift from it) scans the intended index in order, sorts nothing but a page, and
// no step handles anything like 10,000 rows. A growth test, counted in rows, never timed. Runs
// on Postgres (DATABASE_URL) and on PGlite, whose planner is Postgres's own and plans the lists
// the same, with one difference: to find the rooms a user owns for the broadcast list, PGlite
// reads the (small) rooms table whole where Postgres uses rooms_owner_idx. That grows with the
// rooms, never with broadcasts, so the broadcast walks are bounded on both and the rooms read
// only on Postgres.
import { sql, type SQLWrapper } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { guardrailDueQuery, listLivestreamsQuery } from "@golive/next/livestream";
import { listInvitesQueries, listMembersQuery, listRoomsQuery } from "@golive/next/rooms";
import { listShareLinksQueries } from "@golive/next/watch";
import { listSavedDestinationsQuery } from "@golive/next/destinations";
import { useTestDatabase } from "../support/test-file";

useTestDatabase();

const MANY = 10_000;
const OWNED_ROOMS = 20;
/** Live broadcasts, for the guardrails' check. */
const LIVE = 1_500;
const NOW = new Date("2026-06-01T00:00:00Z");

type PlanNode = {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
};
const planNode: z.ZodType<PlanNode> = z.lazy(() =>
  z.object({
    "Node Type": z.string(),
    "Index Name": z.string().optional(),
    "Relation Name": z.string().optional(),
    "Actual Rows": z.number(),
    "Actual Loops": z.number(),
    "Rows Removed by Filter": z.number().optional(),
    Plans: z.array(planNode).optional(),
  }),
);
// postgres.js answers an array of rows with the JSON parsed, PGlite `{ rows }`.
const explained = z
  .union([z.array(z.unknown()), z.object({ rows: z.array(z.unknown()) }).transform((r) => r.rows)])
  .pipe(z.tuple([z.object({ "QUERY PLAN": z.union([z.string().transform((s): unknown => JSON.parse(s)), z.array(z.unknown())]) })]))
  .transform(([row]) => row["QUERY PLAN"])
  .pipe(z.tuple([z.object({ Plan: planNode })]))
  .transform(([top]) => top.Plan);

/** The plan Postgres ran, with real row counts (timing off: nothing here depends on a clock). */
async function planOf(query: SQLWrapper): Promise<PlanNode> {
  const db = await getDb();
  return explained.parse(await db.execute(sql`explain (analyze, timing off, costs off, format json) ${query.getSQL()}`));
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];
const indexScans = (plan: PlanNode) => nodesOf(plan).filter((n) => /^Index( Only)? Scan$/.test(n["Node Type"])).map((n) => n["Index Name"]);
const sorts = (plan: PlanNode) => nodesOf(plan).filter((n) => /Sort$/.test(n["Node Type"]));
/** The most rows any one step read, kept or filtered out, over all its loops (`except` a table, see above). */
const widest = (plan: PlanNode, except?: string) =>
  Math.max(
    ...nodesOf(plan)
      .filter((n) => !except || n["Relation Name"] !== except)
      .map((n) => (n["Actual Rows"] + (n["Rows Removed by Filter"] ?? 0)) * n["Actual Loops"]),
  );
const onPostgres = () => Boolean(process.env.DATABASE_URL);
/** Scans that read a table without an order: a whole table, or a bitmap of rows to sort afterwards. */
const unorderedScans = (plan: PlanNode, table: string) =>
  nodesOf(plan).filter((n) => n["Relation Name"] === table && /^(Seq Scan|Bitmap Heap Scan)$/.test(n["Node Type"]));

beforeAll(async () => {
  const db = await getDb();
  // Set-based: every table's rows in a handful of statements (one per execute: the extended
  // protocol takes one at a time).
  const statements = `
    insert into golive.rooms (name, owner_id) select 'big-room-' || g, 'u-big' from generate_series(1, ${OWNED_ROOMS}) g;
    insert into golive.room_members (room_name, user_id, role) select 'big-room-' || g, 'u-big', 'host' from generate_series(1, ${OWNED_ROOMS}) g;
    -- u-big's broadcasts, five to a second (equal created_at values, as the cursor must handle).
    insert into golive.livestreams (room_name, user_id, status, created_at)
      select 'big-room-' || (g % ${OWNED_ROOMS} + 1), 'u-big', 'completed', timestamptz '2026-01-01' + (g / 5) * interval '1 second'
      from generate_series(1, ${MANY}) g;
    -- Guests' broadcasts in u-big's rooms (the owner's half of the list), and everyone else's.
    insert into golive.livestreams (room_name, user_id, status, created_at)
      select 'big-room-' || (g % ${OWNED_ROOMS} + 1), 'guest-' || (g % 50), 'completed', timestamptz '2026-01-01' + g * interval '7 seconds'
      from generate_series(1, 1000) g;
    insert into golive.livestreams (room_name, user_id, status, created_at)
      select 'room-of-' || (g % 500), 'user-' || (g % 500), 'completed', timestamptz '2026-01-01' + g * interval '1 second'
      from generate_series(1, ${2 * MANY}) g;
    -- u-big belongs to 10,000 more rooms; one room has 10,000 members.
    insert into golive.rooms (name, owner_id) select 'member-room-' || g, 'owner-' || (g % 100) from generate_series(1, ${MANY}) g;
    insert into golive.room_members (room_name, user_id, role, created_at)
      select 'member-room-' || g, 'u-big', 'viewer', timestamptz '2026-01-01' + (g / 3) * interval '1 second' from generate_series(1, ${MANY}) g;
    insert into golive.room_members (room_name, user_id, role, created_at)
      select 'member-room-1', 'member-' || g, 'guest', timestamptz '2026-01-01' + (g / 3) * interval '1 second' from generate_series(1, ${MANY}) g;
    insert into golive.room_members (room_name, user_id, role)
      select 'member-room-' || (g % (${MANY} - 1) + 2), 'someone-' || g, 'viewer' from generate_series(1, ${6 * MANY}) g;
    -- big-room-1 made 10,000 invites, five still working; one broadcast 10,000 share links, five working.
    insert into golive.room_invites (room_name, role, created_by, created_at, expires_at, revoked_at)
      select 'big-room-1', 'viewer', 'u-big', timestamptz '2026-01-01' + g * interval '1 minute',
             case when g > ${MANY - 5} then timestamptz '2027-01-01' else timestamptz '2026-01-02' + g * interval '1 minute' end,
             case when g % 3 = 0 and g <= ${MANY - 5} then timestamptz '2026-01-03' end
      from generate_series(1, ${MANY}) g;
    insert into golive.room_invites (room_name, role, created_by, expires_at)
      select 'member-room-' || (g % 1000 + 1), 'guest', 'someone', timestamptz '2027-01-01' from generate_series(1, ${MANY}) g;
    insert into golive.share_links (livestream_id, created_by, created_at, expires_at, revoked_at)
      select l.id, 'u-big', timestamptz '2026-01-01' + g * interval '1 minute',
             case when g > ${MANY - 5} then timestamptz '2027-01-01' else timestamptz '2026-01-02' + g * interval '1 minute' end,
             case when g % 3 = 0 and g <= ${MANY - 5} then timestamptz '2026-01-03' end
      from generate_series(1, ${MANY}) g, (select id from golive.livestreams where user_id = 'u-big' order by id limit 1) l;
    insert into golive.share_links (livestream_id, created_by, expires_at)
      select l.id, 'someone', timestamptz '2027-01-01'
      from generate_series(1, 5) g, (select id from golive.livestreams where user_id like 'user-%' limit 2000) l;
    -- The guardrails' check: ${LIVE} live broadcasts, each in its own room with its owner (a host)
    -- and a guest; in every third the host has left (10 minutes ago); ${MANY * 10} presence rows of
    -- rooms with nothing live, all left (docs/architecture.md, "Guardrails").
    insert into golive.rooms (name, owner_id) select 'live-room-' || g, 'live-u-' || g from generate_series(1, ${LIVE}) g;
    insert into golive.room_members (room_name, user_id, role) select 'live-room-' || g, 'live-u-' || g, 'host' from generate_series(1, ${LIVE}) g;
    insert into golive.livestreams (room_name, user_id, status, created_at, started_at)
      select 'live-room-' || g, 'live-u-' || g, 'active', timestamptz '2026-05-31 23:00', timestamptz '2026-05-31 23:00' from generate_series(1, ${LIVE}) g;
    insert into golive.room_presence (room_name, identity, room_sid, participant_sid, joined_at, left_at)
      select 'live-room-' || g, 'live-u-' || g, 'RM_' || g, 'PA_h' || g, timestamptz '2026-05-31 23:00',
             case when g % 3 = 0 then timestamptz '2026-05-31 23:50' end from generate_series(1, ${LIVE}) g;
    insert into golive.room_presence (room_name, identity, room_sid, participant_sid, joined_at)
      select 'live-room-' || g, 'guest-of-' || g, 'RM_' || g, 'PA_g' || g, timestamptz '2026-05-31 23:00' from generate_series(1, ${LIVE}) g;
    insert into golive.room_presence (room_name, identity, room_sid, participant_sid, joined_at, left_at)
      select 'quiet-room-' || (g % 5000), 'someone-' || g, 'RM_q', 'PA_q' || g, timestamptz '2026-05-31 10:00', timestamptz '2026-05-31 11:00' from generate_series(1, ${MANY * 10}) g;
    -- Saved destinations: u-big's 20 (the cap) among 20 each of 500 others.
    insert into golive.saved_destinations (user_id, name, type, stream_key_sealed, masked_key, masked_url)
      select 'u-big', 'Dest ' || g, 'youtube', 'sealed', '••••', 'rtmp://a.rtmp.youtube.com/live2/••••' from generate_series(1, 20) g;
    insert into golive.saved_destinations (user_id, name, type, stream_key_sealed, masked_key, masked_url)
      select 'user-' || (g % 500), 'Dest ' || g, 'youtube', 'sealed', '••••', 'rtmp://a.rtmp.youtube.com/live2/••••' from generate_series(1, ${MANY}) g;
    analyze`;
  for (const statement of statements.split(/;\s*\n/)) await db.execute(sql.raw(statement));
}, 120_000);

async function oneOfBigsBroadcasts(): Promise<string> {
  const db = await getDb();
  const [row] = z
    .union([z.array(z.object({ livestream_id: z.string() })), z.object({ rows: z.array(z.object({ livestream_id: z.string() })) }).transform((r) => r.rows)])
    .parse(await db.execute(sql`select livestream_id from golive.share_links where created_by = 'u-big' limit 1`));
  if (!row) throw new Error("no share links loaded");
  return row.livestream_id;
}

describe("GET /api/video/livestream's query", () => {
  // Each walk stops at the page: the caller's own rows, then each owned room's.
  const limit = 51;
  const bound = limit * (1 + OWNED_ROOMS);

  test.each([
    ["first page", {}],
    ["a later page (?before=)", { before: { createdAt: "2026-01-01T00:16:40.000000Z", id: "00000000-0000-4000-8000-000000000000" } }],
  ])("%s: the caller's rows along livestreams_user_created_idx, each owned room along livestreams_room_created_idx", async (_, page) => {
    const db = await getDb();
    const plan = await planOf(listLivestreamsQuery(db, "u-big", { limit, ...page }));
    expect(indexScans(plan)).toEqual(expect.arrayContaining(["livestreams_user_created_idx", "livestreams_room_created_idx"]));
    expect(unorderedScans(plan, "livestreams")).toEqual([]);
    expect(widest(plan, onPostgres() ? undefined : "rooms")).toBeLessThanOrEqual(bound);
    expect(plan["Actual Rows"]).toBe(limit);
  });

  test("?roomName=: the caller's rows in that room along livestreams_user_room_created_idx, the room's along livestreams_room_created_idx", async () => {
    const db = await getDb();
    const plan = await planOf(listLivestreamsQuery(db, "u-big", { limit, roomName: "big-room-3" }));
    expect(indexScans(plan)).toEqual(expect.arrayContaining(["livestreams_user_room_created_idx", "livestreams_room_created_idx"]));
    expect(unorderedScans(plan, "livestreams")).toEqual([]);
    // One room: two walks of a page each.
    expect(widest(plan)).toBeLessThanOrEqual(2 * limit);
  });

  test("stop by room's lookup (one row of the room) reads two rows of each walk", async () => {
    const db = await getDb();
    const plan = await planOf(listLivestreamsQuery(db, "u-big", { limit: 2, roomName: "big-room-3" }));
    expect(unorderedScans(plan, "livestreams")).toEqual([]);
    // The rule's own look-up lists the rooms the caller owns (rooms_owner_idx).
    expect(widest(plan)).toBeLessThanOrEqual(OWNED_ROOMS);
  });
});

describe("the rooms' lists", () => {
  test("rooms I belong to: newest 200 memberships along room_members_user_idx, no sort", async () => {
    const db = await getDb();
    const plan = await planOf(listRoomsQuery(db, "u-big"));
    expect(indexScans(plan)).toContain("room_members_user_idx");
    expect(sorts(plan)).toEqual([]);
    expect(widest(plan)).toBeLessThanOrEqual(200);
  });

  // The members list has no page: it answers the whole room, so Postgres reads the room's rows by
  // its key and sorts them in memory, cheaper than walking an index in order (an index built for
  // that order went unused on both, and was dropped). Bounded by the room, not by the table.
  test("a room's members: only that room's rows, read by the room's key", async () => {
    const db = await getDb();
    const plan = await planOf(listMembersQuery(db, "member-room-1"));
    expect(nodesOf(plan).map((n) => n["Index Name"])).toContain("room_members_room_name_user_id_pk");
    expect(unorderedScans(plan, "room_members").filter((n) => n["Node Type"] === "Seq Scan")).toEqual([]);
    expect(plan["Actual Rows"]).toBe(MANY + 1);
    expect(widest(plan)).toBeLessThanOrEqual(MANY + 1);
  });

  test("a room's invites: the ended along room_invites_room_idx (no sort), the working from room_invites_working_idx (a sort of the working few)", async () => {
    const db = await getDb();
    const queries = listInvitesQueries(db, "big-room-1", NOW);
    const ended = await planOf(queries.ended);
    expect(indexScans(ended)).toContain("room_invites_room_idx");
    expect(sorts(ended)).toEqual([]);
    expect(widest(ended)).toBeLessThanOrEqual(50 + 5);
    const working = await planOf(queries.working);
    expect(nodesOf(working).map((n) => n["Index Name"])).toContain("room_invites_working_idx");
    expect(working["Actual Rows"]).toBe(5);
    expect(widest(working)).toBeLessThanOrEqual(5);
  });
});

describe("a broadcast's share links", () => {
  test("the ended along share_links_livestream_idx (no sort), the working from share_links_working_idx", async () => {
    const db = await getDb();
    const queries = listShareLinksQueries(db, await oneOfBigsBroadcasts(), NOW);
    const ended = await planOf(queries.ended);
    expect(indexScans(ended)).toContain("share_links_livestream_idx");
    expect(sorts(ended)).toEqual([]);
    expect(widest(ended)).toBeLessThanOrEqual(50 + 5);
    const working = await planOf(queries.working);
    expect(nodesOf(working).map((n) => n["Index Name"])).toContain("share_links_working_idx");
    expect(working["Actual Rows"]).toBe(5);
    expect(widest(working)).toBeLessThanOrEqual(5);
  });
});

describe("the guardrails' check (docs/architecture.md, \"Guardrails\")", () => {
  // One statement per check, whatever the fleet: the live rows along a live partial index (never
  // the ended history), each room's presence rows by room_presence's key (never the table), so it
  // reads a few rows per live broadcast.
  test("live rows along a live partial index, each room's presence by room_presence's key: a few rows per live broadcast", async () => {
    const plan = await planOf(guardrailDueQuery(NOW, 120));
    expect(indexScans(plan).some((name) => name === "livestreams_live_updated_idx" || name === "livestreams_live_reconcile_checked_idx")).toBe(true);
    expect(nodesOf(plan).map((n) => n["Index Name"])).toContain("room_presence_room_name_identity_pk");
    expect(unorderedScans(plan, "livestreams").filter((n) => n["Node Type"] === "Seq Scan")).toEqual([]);
    expect(unorderedScans(plan, "room_presence").filter((n) => n["Node Type"] === "Seq Scan")).toEqual([]);
    // Every third room's host left 10 minutes ago: those are due (at most a check's 100).
    expect(plan["Actual Rows"]).toBe(100);
    expect(widest(plan, onPostgres() ? undefined : "rooms")).toBeLessThanOrEqual(4 * LIVE);
  });

  test("one room's check (the participant_left that may have emptied it) reads that room alone", async () => {
    const plan = await planOf(guardrailDueQuery(NOW, 120, "live-room-3"));
    expect(unorderedScans(plan, "room_presence").filter((n) => n["Node Type"] === "Seq Scan")).toEqual([]);
    expect(unorderedScans(plan, "livestreams").filter((n) => n["Node Type"] === "Seq Scan")).toEqual([]);
    expect(plan["Actual Rows"]).toBe(1);
    expect(widest(plan, onPostgres() ? undefined : "rooms")).toBeLessThanOrEqual(10);
  });
});

// The cap (MAX_SAVED_DESTINATIONS, 20) bounds the list: Postgres reads the user's rows through
// saved_destinations_user_name_idx, whose order is the list's (lower(name)), and may sort those
// 20 in memory rather than walk it; never more than the user's rows.
describe("a user's saved destinations", () => {
  test("only the user's rows, through saved_destinations_user_name_idx, at most the cap", async () => {
    const db = await getDb();
    const plan = await planOf(listSavedDestinationsQuery(db, "u-big"));
    expect(nodesOf(plan).map((n) => n["Index Name"])).toContain("saved_destinations_user_name_idx");
    expect(nodesOf(plan).filter((n) => n["Relation Name"] === "saved_destinations" && n["Node Type"] === "Seq Scan")).toEqual([]);
    expect(plan["Actual Rows"]).toBe(20);
    expect(widest(plan)).toBeLessThanOrEqual(20);
  });
});
