// The `migrate` entry: applies golive's migrations (packages/golive/drizzle, shipped in the package)
// to the host's database, recorded in a migrations table of golive's own inside schema golive, so
// the host's migrations table, whatever its dates, never hides one of them (docs/architecture.md,
// "What golive owns in the database"; tests/integration/golive-migrations.test.ts).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { z } from "zod";
import type { Database } from "./handle";
import { rowsOf } from "./rows";
import { GOLIVE_SCHEMA } from "./schema/golive-schema";

/** Where a folder's applied migrations are recorded: drizzle's table shape, in a schema and table of the caller's. */
export type MigrationsTable = { schema: string; table: string };

/** Where golive records which of its migrations a database has. */
export const GOLIVE_MIGRATIONS_TABLE: MigrationsTable = { schema: GOLIVE_SCHEMA, table: "__golive_migrations" };

/** drizzle-orm's own default, where `drizzle-orm/<driver>/migrator` records a host's migrations. */
export const DRIZZLE_MIGRATIONS_TABLE: MigrationsTable = { schema: "drizzle", table: "__drizzle_migrations" };

/** The folder drizzle-kit writes golive's migrations to, next to `src/` wherever the package is installed. */
export function goliveMigrationsFolder(): string {
  // From this file's path, not `new URL("…", import.meta.url)`: bundlers take that form for an
  // asset to copy, and Turbopack fails a build on a folder. In a Next server bundle the path is
  // still this source file's (tests/e2e run the built app on a fresh embedded database).
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "drizzle");
}

const lastSchema = z.object({ created_at: z.coerce.number() });
const foundSchema = z.object({ schema: z.boolean(), table: z.boolean() });

/**
 * Applies the migrations of a drizzle-kit folder not yet applied to `db`, by drizzle-orm's rule
 * (each journal entry dated after the newest recorded one) and in its table shape, so drizzle's
 * own migrator and this one read each other's records. On any Drizzle Postgres handle
 * (postgres.js, PGlite, node-postgres), in one transaction holding a lock per table: two
 * instances starting at once apply each migration once.
 */
export async function applyMigrations(db: Database, migrationsFolder: string, where: MigrationsTable): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const table = sql`${sql.identifier(where.schema)}.${sql.identifier(where.table)}`;
  await db.transaction(async (tx) => {
    // Taken first: `create … if not exists` itself races (two creators collide in the catalog).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${where.schema}.${where.table}`}))`);
    // Asked, not `if not exists`: that one tells the host's console "already exists, skipping" on every start.
    const [found] = rowsOf(await tx.execute(sql`select to_regnamespace(${where.schema}) is not null as schema, to_regclass(${`${where.schema}.${where.table}`}) is not null as "table"`)).map((r) => foundSchema.parse(r));
    if (!found?.schema) await tx.execute(sql`create schema ${sql.identifier(where.schema)}`);
    if (!found?.table) await tx.execute(sql`create table ${table} (id serial primary key, hash text not null, created_at bigint)`);
    const [last] = rowsOf(await tx.execute(sql`select created_at from ${table} order by created_at desc limit 1`)).map((r) => lastSchema.parse(r));
    for (const migration of migrations) {
      if (last && last.created_at >= migration.folderMillis) continue;
      for (const statement of migration.sql) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into ${table} (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`);
    }
  });
}

/**
 * Applies golive's migrations not yet applied to the host's `db`. A database of the reference app
 * from before golive had a schema of its own has its tables moved there, rows and all
 * (drizzle/0000_golive.sql).
 */
export async function migrateGolive(db: Database, options: { migrationsFolder?: string } = {}): Promise<void> {
  await applyMigrations(db, options.migrationsFolder ?? goliveMigrationsFolder(), GOLIVE_MIGRATIONS_TABLE);
}
