import { defineConfig } from "drizzle-kit";

// golive's own migrations (`npm run db:generate:golive` from the repository root, whose paths
// these are): only schema `golive`, applied by migrateGolive (src/db/migrate.ts) with their own
// migrations table (docs/architecture.md, "What golive owns in the database").
export default defineConfig({
  dialect: "postgresql",
  schema: "./packages/golive/src/db/schema/index.ts",
  out: "./packages/golive/drizzle",
  schemaFilter: ["golive"],
  migrations: { schema: "golive", table: "__golive_migrations" },
});
