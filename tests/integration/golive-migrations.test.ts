// golive's tables live in schema golive, applied by golive's own migrations with their own
// migrations table (docs/architecture.md, "What golive owns in the database"): a fresh database
// gets the app's tables in public and golive's in golive; the reference app's databases from
// before (its migrations through 0014, golive's tables in public) keep their rows; a host's
// migrations table never hides golive's migrations.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { type Database, rowsOf } from "@golive/next/db";
import { GOLIVE_MIGRATIONS_TABLE, migrateGolive } from "@golive/next/migrate";
import { migrateDatabase } from "@/lib/db/migrate";
import { createEmptyDatabase, type EmptyDatabase } from "../support/empty-database";

const LEGACY = path.resolve("tests/fixtures/legacy-drizzle");
/** golive's migrations, one row each in its migrations table once applied. */
const GOLIVE_MIGRATION_COUNT = z
  .object({ entries: z.array(z.unknown()) })
  .parse(JSON.parse(readFileSync(path.resolve("packages/golive/drizzle/meta/_journal.json"), "utf8"))).entries.length;
const APP_TABLES = ["account", "rate_limit", "session", "sign_in_failures", "user", "verification"];
const GOLIVE_TABLES = [
  "__golive_migrations",
  "clips",
  "idempotency_keys",
  "livestream_change_rate",
  "livestream_recordings",
  "livestreams",
  "mux_post_turns",
  "mux_rate_limits",
  "mux_stream_pool",
  "pending_egress_events",
  "room_invites",
  "room_members",
  "room_presence",
  "room_removals",
  "rooms",
  "saved_destinations",
  "scheduled_work",
  "share_links",
  "webhook_events",
];

const opened: EmptyDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
});
async function emptyDatabase(): Promise<EmptyDatabase> {
  const database = await createEmptyDatabase();
  opened.push(database);
  return database;
}

async function rows<T extends z.ZodType>(db: Database, schema: T, query: ReturnType<typeof sql>): Promise<z.infer<T>[]> {
  return rowsOf(await db.execute(query)).map((r) => schema.parse(r));
}
const named = z.object({ name: z.string() });
const tablesIn = async (db: Database, schema: string) =>
  (await rows(db, named, sql`select table_name as name from information_schema.tables where table_schema = ${schema} order by 1`)).map((r) => r.name);
const count = async (db: Database, table: string) =>
  (await rows(db, z.object({ n: z.coerce.number() }), sql.raw(`select count(*)::int as n from ${table}`)))[0]?.n;

/** Schema golive as the catalog describes it: columns, constraints, indexes (not the migrations table). */
async function describeGolive(db: Database): Promise<string[]> {
  const line = z.object({ line: z.string() });
  const parts = await Promise.all([
    rows(db, line, sql`select concat_ws(' ', table_name, column_name, data_type, is_nullable, column_default) as line from information_schema.columns where table_schema = 'golive' and table_name <> '__golive_migrations'`),
    rows(db, line, sql`select concat_ws(' ', conrelid::regclass::text, conname, pg_get_constraintdef(oid)) as line from pg_constraint where connamespace = 'golive'::regnamespace and conrelid <> 'golive.__golive_migrations'::regclass`),
    rows(db, line, sql`select indexdef as line from pg_indexes where schemaname = 'golive' and tablename <> '__golive_migrations'`),
  ]);
  return parts.flat().map((r) => r.line).sort();
}

/** A copy of the legacy migrations with only the first `entries` journal entries. */
function legacyUpTo(entries: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "golive-legacy-"));
  cpSync(LEGACY, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = z.object({ entries: z.array(z.unknown()) }).loose().parse(JSON.parse(readFileSync(journalPath, "utf8")));
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, entries) }));
  return dir;
}

/** Rows in golive's legacy tables in public, as the reference app's databases have them. */
async function seedLegacyRows(db: Database): Promise<void> {
  await db.execute(sql`insert into public."user" (id, name, email) values ('u1', 'Una', 'una@example.test')`);
  await db.execute(sql`insert into public.rooms (name, owner_id) values ('room-a', 'u1')`);
  await db.execute(sql`insert into public.room_invites (id, room_name, role, created_by, expires_at) values ('00000000-0000-4000-8000-000000000002', 'room-a', 'guest', 'u1', now() + interval '1 day')`);
  await db.execute(sql`insert into public.room_members (room_name, user_id, role, invite_id) values ('room-a', 'u1', 'host', null), ('room-a', 'u2', 'guest', '00000000-0000-4000-8000-000000000002')`);
  await db.execute(sql`insert into public.livestreams (id, room_name, user_id, status) values ('00000000-0000-4000-8000-000000000001', 'room-a', 'u1', 'completed')`);
  await db.execute(sql`insert into public.share_links (livestream_id, created_by, expires_at) values ('00000000-0000-4000-8000-000000000001', 'u1', now() + interval '1 day')`);
  await db.execute(sql`insert into public.pending_egress_events (egress_id, update) values ('EG_1', '{}'), ('EG_2', '{}')`);
  await db.execute(sql`insert into public.webhook_events (source, event_id) values ('mux', 'evt-1')`);
}

describe("a fresh database", () => {
  test("gets the app's tables in public and golive's in golive", async () => {
    const { db } = await emptyDatabase();
    await migrateDatabase(db);
    expect(await tablesIn(db, "public")).toEqual(APP_TABLES);
    expect(await tablesIn(db, "golive")).toEqual(GOLIVE_TABLES);
    expect(await count(db, "drizzle.__drizzle_migrations")).toBe(1);
    expect(await count(db, "golive.__golive_migrations")).toBe(GOLIVE_MIGRATION_COUNT);
  });

  test("migrating again applies nothing", async () => {
    const { db } = await emptyDatabase();
    await migrateDatabase(db);
    await db.execute(sql`insert into golive.rooms (name, owner_id) values ('kept', 'u1')`);
    await migrateDatabase(db);
    expect(await count(db, "drizzle.__drizzle_migrations")).toBe(1);
    expect(await count(db, "golive.__golive_migrations")).toBe(GOLIVE_MIGRATION_COUNT);
    expect(await count(db, "golive.rooms")).toBe(1);
  });
});

describe("a database of the reference app from before golive's schema", () => {
  test("keeps its rows: golive's tables move to golive, nothing of golive's stays in public", async () => {
    const { db, legacyMigrate } = await emptyDatabase();
    await legacyMigrate(LEGACY);
    await seedLegacyRows(db);
    await migrateDatabase(db);

    expect(await tablesIn(db, "public")).toEqual(APP_TABLES);
    expect(await tablesIn(db, "golive")).toEqual(GOLIVE_TABLES);
    expect(await count(db, 'public."user"')).toBe(1);
    expect(await rows(db, z.object({ status: z.string(), room_name: z.string() }), sql`select status, room_name from golive.livestreams`)).toEqual([{ status: "completed", room_name: "room-a" }]);
    expect(await count(db, "golive.rooms")).toBe(1);
    expect(await count(db, "golive.room_members")).toBe(2);
    expect(await count(db, "golive.room_invites")).toBe(1);
    expect(await count(db, "golive.share_links")).toBe(1);
    expect(await count(db, "golive.webhook_events")).toBe(1);
    // The bigserial's sequence moved with its table and goes on counting.
    await db.execute(sql`insert into golive.pending_egress_events (egress_id, update) values ('EG_3', '{}')`);
    expect(await rows(db, z.object({ seq: z.coerce.number() }), sql`select seq from golive.pending_egress_events order by seq`)).toEqual([{ seq: 1 }, { seq: 2 }, { seq: 3 }]);
    // The foreign keys came along: deleting the room deletes its members.
    await db.execute(sql`delete from golive.rooms where name = 'room-a'`);
    expect(await count(db, "golive.room_members")).toBe(0);
    // The app's history is untouched (its squash is dated as 0014 was); golive's records its first.
    expect(await count(db, "drizzle.__drizzle_migrations")).toBe(15);
    expect(await count(db, "golive.__golive_migrations")).toBe(GOLIVE_MIGRATION_COUNT);
  });

  test("ends with schema golive exactly as a fresh database has it, and migrating again changes nothing", async () => {
    const fresh = await emptyDatabase();
    await migrateDatabase(fresh.db);
    const legacy = await emptyDatabase();
    await legacy.legacyMigrate(LEGACY);
    await seedLegacyRows(legacy.db);
    await migrateDatabase(legacy.db);
    const adopted = await describeGolive(legacy.db);
    expect(adopted).toEqual(await describeGolive(fresh.db));
    await migrateDatabase(legacy.db);
    expect(await describeGolive(legacy.db)).toEqual(adopted);
    expect(await count(legacy.db, "golive.__golive_migrations")).toBe(GOLIVE_MIGRATION_COUNT);
    expect(await count(legacy.db, "golive.livestreams")).toBe(1);
  });

  test("one that stopped before 0014 is refused, and nothing moves", async () => {
    const { db, legacyMigrate } = await emptyDatabase();
    const dir = legacyUpTo(13);
    try {
      await legacyMigrate(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(migrateDatabase(db)).rejects.toThrow(/stopped before migration 0014_host_user_ids/);
    expect(await tablesIn(db, "public")).toContain("livestreams");
    expect(await tablesIn(db, "golive")).toEqual([]);
  });
});

describe("another host", () => {
  test("whose own migrations table holds newer dates still gets every golive migration", async () => {
    const { db } = await emptyDatabase();
    // The host's history, dated after golive's migrations: drizzle applies only entries newer than
    // the newest row of the table it records in, so golive's in that table would be skipped.
    await db.execute(sql`create schema drizzle`);
    await db.execute(sql`create table drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`);
    await db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('host', 4102444800000)`);
    await migrateGolive(db);
    expect(await tablesIn(db, "golive")).toEqual(GOLIVE_TABLES);
    expect(await count(db, `${GOLIVE_MIGRATIONS_TABLE.schema}.${GOLIVE_MIGRATIONS_TABLE.table}`)).toBe(GOLIVE_MIGRATION_COUNT);
  });

  test("keeps its own tables of golive's names in public", async () => {
    const { db } = await emptyDatabase();
    await db.execute(sql`create table public.rooms (id serial primary key, title text)`);
    await db.execute(sql`insert into public.rooms (title) values ('the host''s')`);
    await migrateGolive(db);
    expect(await rows(db, z.object({ title: z.string() }), sql`select title from public.rooms`)).toEqual([{ title: "the host's" }]);
    expect(await count(db, "golive.rooms")).toBe(0);
  });

  test("two instances migrating at once apply each migration once", async () => {
    const { db } = await emptyDatabase();
    await Promise.all([migrateGolive(db), migrateGolive(db)]);
    expect(await count(db, "golive.__golive_migrations")).toBe(GOLIVE_MIGRATION_COUNT);
  });
});
