// `npm run db:migrate`: applies the committed migrations in drizzle/ to the configured
// database — Postgres when DATABASE_URL is set, else the embedded PGlite in .data/.
import path from "node:path";
import { databaseConfig } from "../src/lib/env";
import { loadEnvFiles } from "./lib/load-env";

loadEnvFiles();
const migrationsFolder = path.resolve("drizzle");
const config = databaseConfig();

if (config.kind === "postgres") {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(config.url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end();
  }
  console.log(`Migrations applied to ${new URL(config.url).host}${new URL(config.url).pathname}.`);
} else {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const client = new PGlite(path.resolve(config.dir));
  try {
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.close();
  }
  console.log(`Migrations applied to the embedded database in ${config.dir}.`);
}
