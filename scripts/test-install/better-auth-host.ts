// The install test's host that had better-auth on Drizzle and Postgres, with its own migrations
// applied, before golive was added (fixtures/better-auth).
import { randomBytes } from "node:crypto";
import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { addItem, applyReadmeEdits, commit, createHost, edit, setSessionLookup, typecheckAndBuild } from "./host";
import type { Caller } from "./journey";
import { withDatabase } from "./postgres";
import { run } from "./proc";
import { hostSecrets, migrateHost, serveHost } from "./serve";
import { goLive, shadcn, type VariantContext, versionSchema } from "./variants";

/** The session lookup and user names of a better-auth host, as its developer writes them in the host file. */
const BETTER_AUTH_SESSION = `    const session = await auth.api.getSession({ headers, query: { disableCookieCache: fresh } });
    return session && { id: session.user.id, name: session.user.name };`;
const BETTER_AUTH_IMPORTS = `import { inArray } from "drizzle-orm";\nimport { auth } from "./auth";\nimport { user } from "./auth-schema";\nimport { db } from "./db";`;

const signUpSchema = z.object({ user: z.object({ id: z.string() }) });

/** An app that already has better-auth on Drizzle and Postgres, its own migrations applied, then golive. */
export async function betterAuthHost({ work, local, log }: VariantContext): Promise<string[]> {
  return withDatabase(async (databaseUrl) => {
    const checks: string[] = [];
    log("better-auth host: create-next-app, better-auth, its migrations");
    const host = await createHost(work, "with-better-auth");
    cpSync(path.resolve("scripts/test-install/fixtures/better-auth"), host.dir, { recursive: true, filter: (p) => !p.endsWith("README.md") });
    const pins = versionSchema.extend({ dependencies: z.record(z.string(), z.string()), devDependencies: z.record(z.string(), z.string()) }).parse(JSON.parse(readFileSync("package.json", "utf8")));
    const pin = (name: string) => `${name}@${pins.dependencies[name] ?? pins.devDependencies[name] ?? "latest"}`;
    await run("npm", ["install", "--no-audit", "--no-fund", pin("better-auth"), pin("drizzle-orm"), pin("postgres")], { cwd: host.dir, env: host.env, timeoutMs: 300_000 });
    await run("npm", ["install", "--no-audit", "--no-fund", "-D", pin("drizzle-kit")], { cwd: host.dir, env: host.env, timeoutMs: 300_000 });
    const dbEnv = { ...host.env, DATABASE_URL: databaseUrl };
    await run(path.join(host.dir, "node_modules/.bin/drizzle-kit"), ["generate"], { cwd: host.dir, env: dbEnv });
    await run(path.join(host.dir, "node_modules/.bin/drizzle-kit"), ["migrate"], { cwd: host.dir, env: dbEnv });
    checks.push("better-auth's tables migrated by the host's drizzle-kit");
    await commit(host, "better-auth");
    log("better-auth host: shadcn add");
    checks.push(`shadcn add wrote all ${await addItem(host, shadcn, local.item)} files`);
    applyReadmeEdits(host);
    setSessionLookup(host, BETTER_AUTH_SESSION, BETTER_AUTH_IMPORTS);
    // The host lends golive its own Drizzle handle (README: "Already have a Drizzle Postgres handle?").
    edit(host, "src/lib/golive.ts", "db: getDb,", "db: async () => db,");
    edit(host, "src/lib/golive.ts", 'import { getDb } from "./golive-db";\n', "");
    edit(host, "src/lib/golive.ts", /async getUserNames\(_ids\) \{\n {4}return new Map<string, string>\(\);\n {2}\},/, `async getUserNames(ids) {
    const rows = await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, [...ids]));
    return new Map(rows.map((r) => [r.id, r.name]));
  },`);
    log("better-auth host: tsc --noEmit, next build");
    await typecheckAndBuild(host);
    checks.push("tsc --noEmit", "next build");
    const env = hostSecrets(databaseUrl);
    checks.push(`migrated beside better-auth's tables: ${await migrateHost(host, env)} tables in schema golive`);
    log("better-auth host: next start, sign up, go live");
    const authEnv = (url: string) => ({ ...env, BETTER_AUTH_SECRET: randomBytes(24).toString("hex"), BETTER_AUTH_URL: url });
    checks.push(...(await goLive(serveHost(host, authEnv), "auth-room", signUp)));
    return checks;
  });
}

/** A better-auth account made through the host's own /api/auth: its session cookie. */
async function signUp(url: string): Promise<Caller> {
  const response = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email: "streamer@example.com", password: "a long password", name: "Streamer" }),
  });
  if (!response.ok) throw new Error(`sign-up answered ${response.status}: ${await response.text()}`);
  const { user } = signUpSchema.parse(await response.json());
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return { auth: { cookie }, userId: user.id };
}
