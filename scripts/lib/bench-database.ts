// The database a bench runs on: embedded PGlite, or with DATABASE_URL a fresh one on that server
// (created and migrated as the soak's is, dropped at the end), so no run touches anyone's data (docs/benchmarks.md).
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrateDatabase } from "../../src/lib/db/migrate";
import type { TestDatabase } from "./harness/test-app";

/** Creates database `name` on the server `admin` is connected to (`serverUrl`) and applies the app's and golive's migrations; its URL. */
export async function createMigratedDatabase(admin: postgres.Sql, serverUrl: string, name: string): Promise<string> {
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await migrateDatabase(drizzle(client));
  await client.end();
  return url.toString();
}

export async function benchDatabase(): Promise<TestDatabase> {
  const server = process.env.DATABASE_URL;
  if (!server) return { env: { PGLITE_DIR: "memory://", DATABASE_URL: "" }, drop: async () => {} };
  const name = `golive_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  const url = await createMigratedDatabase(admin, server, name);
  return {
    env: { DATABASE_URL: url },
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Whether this run measures embedded PGlite or the server DATABASE_URL names (for the report's heading). */
export const benchDatabaseName = () => (process.env.DATABASE_URL ? "Postgres (DATABASE_URL)" : "embedded PGlite");
