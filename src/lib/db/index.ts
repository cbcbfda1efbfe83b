import "server-only";
// Drizzle over postgres.js when DATABASE_URL is set, over embedded PGlite otherwise.
// Opened on first use (not at import) so `next build` touches no database, and the
// embedded database applies the committed migrations before its first query.
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { databaseConfig } from "@/lib/env";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
type Handle = { db: Database; close: () => Promise<void> };

export const migrationsFolder = path.join(process.cwd(), "drizzle");

let opening: Promise<Handle> | undefined;

async function open(): Promise<Handle> {
  const config = databaseConfig();
  if (config.kind === "postgres") {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    // onnotice: silence "relation already exists, skipping" chatter from migrations.
    const client = postgres(config.url, { max: 10, onnotice: () => {} });
    return { db: drizzle(client, { schema }), close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const client = config.dir === "memory://" ? new PGlite() : new PGlite(path.resolve(config.dir));
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return { db, close: () => client.close() };
}

/** The app's database, opened (and for PGlite, migrated) on first call. */
export async function getDb(): Promise<Database> {
  opening ??= open().catch((error: unknown) => {
    opening = undefined; // let the next request try again rather than caching a failure
    throw error;
  });
  return (await opening).db;
}

/** Closes the connection pool (scripts and tests). */
export async function closeDb(): Promise<void> {
  const handle = opening;
  opening = undefined;
  if (handle) await (await handle).close();
}
