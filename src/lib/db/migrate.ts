// Every migration the app's database takes: the app's own (drizzle/, schema public, recorded
// where drizzle-orm's migrator records them) and then golive's (its own folder and migrations
// table, schema golive), on any Drizzle Postgres handle (docs/architecture.md, "What golive owns in
// the database"). No "server-only": scripts and the test setup call it too.
import path from "node:path";
import type { Database } from "@golive/next/db";
import { applyMigrations, DRIZZLE_MIGRATIONS_TABLE, migrateGolive } from "@golive/next/migrate";

export const appMigrationsFolder = () => path.join(process.cwd(), "drizzle");

/**
 * The app's first: its first migration refuses a database that stopped before the split
 * (drizzle/0000_app.sql), before golive's moves anything.
 */
export async function migrateDatabase(db: Database): Promise<void> {
  await applyMigrations(db, appMigrationsFolder(), DRIZZLE_MIGRATIONS_TABLE);
  await migrateGolive(db);
}
