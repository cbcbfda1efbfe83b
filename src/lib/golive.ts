import "server-only";
// The host file: how this app lends golive its database, its users' names and its secret
// (docs/architecture.md, "The host"). Imported by src/instrumentation.ts at server start and by
// the app's server helpers, so golive is configured before any of its calls.
import { configureGolive } from "@golive/next";
import { inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { user } from "@/lib/db/schema";
import { authConfig } from "@/lib/env";

configureGolive({
  db: getDb,
  secret: () => authConfig().secret,
  async userNames(ids) {
    const db = await getDb();
    const rows = await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, [...ids]));
    return new Map(rows.map((r) => [r.id, r.name]));
  },
});
