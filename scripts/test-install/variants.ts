// The hosts the install test builds: each a fresh create-next-app with golive added per the README.
import path from "node:path";
import type { LocalItem } from "../lib/local-item";
import { addItem, applyReadmeEdits, commit, createHost, setSessionLookup, typecheckAndBuild } from "./host";
import { goLiveJourney } from "./journey";
import { hostSecrets, migrateHost, serveHost } from "./serve";

export type VariantContext = { work: string; local: LocalItem; log: (line: string) => void };
export type Variant = { name: string; run: (context: VariantContext) => Promise<string[]> };

const shadcn = path.resolve("node_modules/.bin/shadcn");

/** A test's stand-in for the host's auth: the user named by a header (the host file is the developer's to edit). */
const STUB_SESSION = `    void fresh; // the stub has no cookie cache to go past
    const id = headers.get("x-install-user");
    return id ? { id, name: \`User \${id}\` } : null;`;

export const freshHost: Variant = {
  name: "a fresh create-next-app --empty (cacheComponents on), PGlite, a stub session",
  async run({ work, local, log }) {
    const checks: string[] = [];
    log("create-next-app");
    const host = await createHost(work, "fresh");
    log("shadcn add");
    checks.push(`shadcn add wrote all ${await addItem(host, shadcn, local.item)} files`);
    applyReadmeEdits(host);
    setSessionLookup(host, STUB_SESSION);
    log("tsc --noEmit, next build");
    await typecheckAndBuild(host);
    checks.push("tsc --noEmit", "next build");
    await commit(host, "golive added");
    const env = hostSecrets();
    log("migrate");
    checks.push(`migrated: ${await migrateHost(host, env)} tables in schema golive`);
    log("next start, go live");
    const served = await serveHost(host, env);
    try {
      checks.push(...(await goLiveJourney(served, { auth: { "x-install-user": "alice" }, userId: "alice" }, "install-room")));
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- next start's output ---\n${served.output().slice(-3000)}`);
    } finally {
      await served.stop();
    }
    return checks;
  },
};

export const upgradeHost = null;
