import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` uses this file (it needs no database). Migrations are
// applied by `npm run db:migrate` (scripts/migrate.ts), which reads DATABASE_URL through
// src/lib/env.ts like the app does.
export default defineConfig({
  dialect: "postgresql",
  schema: ["./src/lib/db/schema/index.ts", "./packages/golive/src/db/schema/index.ts"],
  out: "./drizzle",
});
