import "server-only";
// The host file: how this app lends golive its database, its sessions (better-auth), its users'
// names and its secret, and where golive's routes and actions come from (docs/architecture.md,
// "The host"). Route files and server actions import it by a relative path; src/instrumentation.ts
// at server start, so golive is bound before any of its calls.
import { createGolive } from "@golive/next";
import { inArray } from "drizzle-orm";
import { getSessionUser } from "./auth";
import { getDb } from "./db";
import { user } from "./db/schema";
import { authConfig } from "./env";

export const golive = createGolive({
  db: getDb,
  // golive's reads check the database as its writes do: one prepared statement costs less than
  // better-auth's cached getSession (docs/benchmarks.md, "Status polls"), and a signed-out
  // cookie can't read either. The app's pages keep getSession, which refreshes a session in use.
  getSessionUser: (headers) => getSessionUser(headers, { fresh: true }),
  async getUserNames(ids) {
    const db = await getDb();
    const rows = await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, [...ids]));
    return new Map(rows.map((r) => [r.id, r.name]));
  },
  secret: () => authConfig().secret,
  publicUrl: () => authConfig().baseURL,
});
