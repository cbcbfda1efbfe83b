// The host's database, which golive's queries run on: bound by createGolive (../index.ts) and
// kept on globalThis like config/host.ts (docs/architecture.md, "The host").
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { EnvError } from "../config";

/** Any Drizzle Postgres database (postgres.js, PGlite, node-postgres); golive uses no relational queries. */
export type Database = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

const shared = globalThis as typeof globalThis & { __goliveDatabase?: () => Promise<Database> };

export function bindDatabase(open: () => Promise<Database>): void {
  shared.__goliveDatabase = open;
}

/** The host's database (opened by the host on first use). */
export async function getDb(): Promise<Database> {
  const open = shared.__goliveDatabase;
  if (!open) throw new EnvError("golive is not configured: call createGolive() from @golive/next in the app's host file (src/lib/golive.ts) before using it.", []);
  return open();
}
