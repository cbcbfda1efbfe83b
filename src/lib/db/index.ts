import "server-only";
// The app's database, lent to golive: Drizzle over postgres.js (DATABASE_URL) or embedded PGlite,
// opened on first use (docs/architecture.md, "The host").
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Database } from "@golive/next";
import { migrateDatabase } from "@/lib/db/migrate";
import { databaseConfig } from "@/lib/env";

export type { Database };
type Handle = { db: Database; close: () => Promise<void> };

// Kept on globalThis: Next.js bundles route handlers and pages into separate module graphs,
// and two PGlite instances on one directory would corrupt it (a pool per graph is waste too).
const shared = globalThis as typeof globalThis & { __goliveDb?: Promise<Handle> };

async function open(): Promise<Handle> {
  const config = databaseConfig();
  if (config.kind === "postgres") {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    // onnotice: silence "relation already exists, skipping" chatter from migrations.
    const client = postgres(config.url, { max: 10, onnotice: () => {} });
    return { db: drizzle(client), close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (config.dir !== "memory://") {
    // PGlite makes its own directory but not the ones above it: on a fresh clone `.data/`
    // doesn't exist yet when the dev launcher's first step opens the database.
    mkdirSync(path.resolve(config.dir), { recursive: true });
  }
  const client = config.dir === "memory://" ? new PGlite() : new PGlite(path.resolve(config.dir));
  const db = drizzle(client);
  await migrateDatabase(db);
  return { db, close: () => client.close() };
}

/** The app's database, opened (and for PGlite, migrated) on first call. */
export async function getDb(): Promise<Database> {
  shared.__goliveDb ??= open().catch((error: unknown) => {
    shared.__goliveDb = undefined; // let the next request try again rather than caching a failure
    throw error;
  });
  return (await shared.__goliveDb).db;
}

/** Closes the connection pool (scripts and tests). */
export async function closeDb(): Promise<void> {
  const handle = shared.__goliveDb;
  shared.__goliveDb = undefined;
  if (handle) await (await handle).close();
}
