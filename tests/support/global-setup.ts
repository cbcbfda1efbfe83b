// Runs once before all test files. Against a Postgres server (DATABASE_URL set) it builds a
// template database with the committed migrations applied (the app's and golive's); every test
// file then gets its own copy (CREATE DATABASE … TEMPLATE), so files run in parallel without
// sharing rows.
// Without DATABASE_URL every file uses an in-memory PGlite instead.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { goliveMigrationsFolder } from "@golive/next/migrate";
import { migrateDatabase } from "../../src/lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabaseUrl: string | null;
  }
}

// Named for this checkout and its migrations (the app's and golive's): two clones testing against
// one server at once must not drop each other's template.
function templateHash(): string {
  const hash = createHash("sha256").update(process.cwd());
  for (const dir of [path.resolve("drizzle"), goliveMigrationsFolder()]) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) hash.update(readFileSync(path.join(dir, file)));
  }
  return hash.digest("hex").slice(0, 12);
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL?.trim();
  if (!serverUrl) {
    project.provide("templateDatabaseUrl", null);
    return;
  }
  const name = `golive_template_${templateHash()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await migrateDatabase(drizzle(client));
  } finally {
    await client.end();
  }
  project.provide("templateDatabaseUrl", url.toString());
  return async () => {
    const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await cleanup.end();
  };
}
