import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` uses this file (it needs no database): the app's own tables, in
// `public`. golive's tables are in schema `golive` with migrations of their own
// (packages/golive/drizzle.config.ts; docs/architecture.md, "What golive owns in the database").
// Migrations are applied by `npm run db:migrate` (scripts/migrate.ts), which reads DATABASE_URL
// through src/lib/env.ts like the app does.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/lib/db/schema/index.ts",
  out: "./drizzle",
});
