// An empty database of a test's own, for tests of migrations: a new one on the Postgres server
// the run uses (dropped by `close`), else an in-memory PGlite. `legacyMigrate` applies a
// drizzle-kit folder with drizzle-orm's own migrator for that driver, as the app did before
// golive had its own schema.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import type { Database } from "@golive/next/db";

export type EmptyDatabase = { db: Database; legacyMigrate: (migrationsFolder: string) => Promise<void>; close: () => Promise<void> };

export async function createEmptyDatabase(): Promise<EmptyDatabase> {
  const template = inject("templateDatabaseUrl");
  if (!template) {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    const client = new PGlite();
    const db = drizzle(client);
    return { db, legacyMigrate: (migrationsFolder) => migrate(db, { migrationsFolder }), close: () => client.close() };
  }
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const name = `golive_empty_${randomBytes(6).toString("hex")}`;
  const adminUrl = new URL(template);
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(template);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 2, onnotice: () => {} });
  const db = drizzle(client);
  return {
    db,
    legacyMigrate: (migrationsFolder) => migrate(db, { migrationsFolder }),
    close: async () => {
      await client.end();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
