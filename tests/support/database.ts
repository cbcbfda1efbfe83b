// A database of this test file's own: a copy of the migrated template on the Postgres
// server when there is one, else an in-memory PGlite (migrated by src/lib/db on first use).
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";

import type { TestDatabase } from "../../scripts/lib/harness/test-app";

export type { TestDatabase };

export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject("templateDatabaseUrl");
  if (!template) return { env: { PGLITE_DIR: "memory://", DATABASE_URL: "" }, drop: async () => {} };

  const templateName = new URL(template).pathname.slice(1);
  const name = `golive_test_${randomBytes(6).toString("hex")}`;
  const adminUrl = new URL(template);
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  // Two files copying the template at the same instant can collide; a retry settles it.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${templateName}`);
      break;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((r) => setTimeout(r, 50 + attempt * 50));
    }
  }
  const url = new URL(template);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
