// `npm run bench:lists -- <rows of one user> <rows of others>`: EXPLAIN ANALYZE of the broadcast
// list before and after it was ordered as its indexes (docs/benchmarks.md, "Lists"), on a fresh
// database of the Postgres server DATABASE_URL names (dropped at the end). "Before" is the old
// query (the rule's OR, `created_at desc`) on the old indexes; "after" the service's own query
// (listLivestreamsQuery) on the migrated ones. Each is run once to warm the cache, then measured.
import { desc, type SQLWrapper, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { z } from "zod";
import { livestreams } from "@golive/next/db";
import { listLivestreamsQuery } from "@golive/next/livestream";
import { mayControlBroadcast } from "@golive/next/rooms";
import { benchDatabase } from "./lib/bench-database";

const [own = 10_000, others = 90_000] = process.argv.slice(2).map(Number);
if (!process.env.DATABASE_URL) throw new Error("bench:lists measures Postgres: set DATABASE_URL.");
const database = await benchDatabase();
const client = postgres(database.env.DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
const db = drizzle(client);
const ROOMS = 20;

const planText = z.array(z.object({ "QUERY PLAN": z.string() })).transform((rows) => rows.map((r) => r["QUERY PLAN"]));
/** The median of five runs after a warm-up (the machine is shared: one run says little). */
async function measure(label: string, query: SQLWrapper) {
  await db.execute(sql`explain (analyze) ${query.getSQL()}`);
  const runs: string[][] = [];
  for (let i = 0; i < 5; i++) runs.push(planText.parse(await db.execute(sql`explain (analyze, buffers) ${query.getSQL()}`)));
  const ms = (plan: string[]) => Number(/([\d.]+) ms/.exec(plan.find((l) => l.startsWith("Execution Time")) ?? "")?.[1]);
  const sorted = [...runs].sort((a, b) => ms(a) - ms(b));
  const plan = sorted[2] ?? [];
  const time = `median ${ms(plan)} ms (${sorted.map(ms).join(", ")})`;
  const buffers = plan.find((l) => l.trim().startsWith("Buffers"))?.trim();
  const top = plan.slice(0, 3).map((l) => l.replace(/\s+\(.*$/, "").trim()).join(" / ");
  console.log(`${label}: ${time}; ${buffers}; top: ${top}`);
  if (process.env.BENCH_PLANS) console.log(plan.join("\n"));
}

try {
  for (const statement of [
    sql`insert into golive.rooms (name, owner_id) select 'big-room-' || g, 'u-big' from generate_series(1, ${ROOMS}) g`,
    sql`insert into golive.room_members (room_name, user_id, role) select 'big-room-' || g, 'u-big', 'host' from generate_series(1, ${ROOMS}) g`,
    sql`insert into golive.livestreams (room_name, user_id, status, created_at)
      select 'big-room-' || (g % ${ROOMS} + 1), 'u-big', 'completed', now() - g * interval '1 second' from generate_series(1, ${own}) g`,
    sql`insert into golive.livestreams (room_name, user_id, status, created_at)
      select 'room-of-' || (g % 5000), 'user-' || (g % 5000), 'completed', now() - g * interval '1 second' from generate_series(1, ${others}) g`,
    // Vacuumed, as autovacuum keeps a table: index-only scans need its visibility map.
    sql`vacuum analyze`,
  ])
    await db.execute(statement);
  console.log(`${own} rows of one user (in ${ROOMS} rooms they own) among ${own + others}; Postgres ${planText.parse(await db.execute(sql`select version() as "QUERY PLAN"`))[0]}`);

  for (const limit of [50, 100]) await measure(`after, limit ${limit}`, listLivestreamsQuery(db, "u-big", { limit: limit + 1 }));
  await measure("after, ?roomName=", listLivestreamsQuery(db, "u-big", { limit: 51, roomName: "big-room-3" }));

  // The indexes and query as they were before migration 0001_list_order.
  for (const statement of [
    "drop index golive.livestreams_user_created_idx",
    "drop index golive.livestreams_user_room_created_idx",
    "drop index golive.livestreams_room_created_idx",
    "drop index golive.rooms_owner_idx",
    `create index livestreams_user_created_idx on golive.livestreams (user_id, created_at desc nulls last)`,
    `create index livestreams_user_room_created_idx on golive.livestreams (user_id, room_name, created_at desc nulls last)`,
    `create index livestreams_room_created_idx on golive.livestreams (room_name, created_at desc nulls last)`,
    "vacuum analyze",
  ])
    await db.execute(sql.raw(statement));
  const before = (limit: number, roomName?: string) =>
    db
      .select()
      .from(livestreams)
      .where(roomName ? sql`${mayControlBroadcast("u-big")} and ${livestreams.roomName} = ${roomName}` : mayControlBroadcast("u-big"))
      .orderBy(desc(livestreams.createdAt))
      .limit(limit);
  for (const limit of [50, 100]) await measure(`before, limit ${limit}`, before(limit));
  await measure("before, ?roomName=", before(50, "big-room-3"));
} finally {
  await client.end();
  await database.drop();
}
