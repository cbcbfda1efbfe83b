// `npm run db:migrate`: applies the app's migrations (drizzle/) and golive's (in its package) to
// the configured database — Postgres when DATABASE_URL is set, else the embedded PGlite in .data/
// (docs/reference/operations.md, "Migrations").
import path from "node:path";
import { migrateDatabase } from "../src/lib/db/migrate";
import { databaseConfig } from "../src/lib/env";
import { loadEnvFiles } from "./lib/load-env";

loadEnvFiles();
const config = databaseConfig();

if (config.kind === "postgres") {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(config.url, { max: 1, onnotice: () => {} });
  try {
    await migrateDatabase(drizzle(client));
  } finally {
    await client.end();
  }
  console.log(`Migrations applied to ${new URL(config.url).host}${new URL(config.url).pathname}.`);
} else {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = new PGlite(path.resolve(config.dir));
  try {
    await migrateDatabase(drizzle(client));
  } finally {
    await client.close();
  }
  console.log(`Migrations applied to the embedded database in ${config.dir}.`);
}
