import "server-only";
// The database golive's host file lends it: Drizzle over postgres.js when DATABASE_URL is set,
// else embedded PGlite in .data/golive (development). golive's tables are migrated into it on
// first use. Already have a Drizzle Postgres handle? Return yours from getDb instead.
import { mkdirSync } from "node:fs";
import type { Database } from "@golive/next";
import { createEnvReader, optional } from "@golive/next/config";
import { migrateGolive } from "@golive/next/migrate";
import { z } from "zod";

const env = createEnvReader({
  /** Postgres connection string; unset → embedded PGlite in .data/golive. */
  DATABASE_URL: optional(z.string()),
});

// On globalThis: Next.js loads this module in more than one module graph, and two PGlite
// instances on one directory would corrupt it.
const shared = globalThis as typeof globalThis & { __goliveHostDb?: Promise<Database> };

async function open(): Promise<Database> {
  const { DATABASE_URL } = env.read(["DATABASE_URL"]);
  let db: Database;
  if (DATABASE_URL) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    db = drizzle(postgres(DATABASE_URL, { max: 10, onnotice: () => {} }));
  } else {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    mkdirSync(".data/golive", { recursive: true });
    db = drizzle(new PGlite(".data/golive"));
  }
  await migrateGolive(db);
  return db;
}

/** The database, opened and migrated on first call. */
export function getDb(): Promise<Database> {
  shared.__goliveHostDb ??= open().catch((error: unknown) => {
    shared.__goliveHostDb = undefined; // the next request tries again
    throw error;
  });
  return shared.__goliveHostDb;
}
