// `npm run soak -- --seconds N`: two built app instances on one fresh Postgres database behind a
// round-robin proxy, a workload under faults, then reconcile and the invariants (exit 0 when all
// hold and no 500). Loopback only. docs/benchmarks.md, "Soak".
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSandbox } from "@golive/sandbox";
import { freePort } from "../lib/harness/free-port";
import { databaseServer, freshDatabase, readSnapshot } from "./database";
import { faultLoop, killAndRestart } from "./faults";
import { instanceEnv, instancesOn, killInstance, startInstance, waitReady } from "./instances";
import { checkState } from "./invariants";
import { KEEP_DB, runSeed, SECONDS, USERS } from "./options";
import { printInvariants, printSummary } from "./report";
import { startRoundRobinProxy } from "./round-robin-proxy";
import { windDown } from "./settle";
import { collectStreamKeys, elapsed, events, fail, printed, say } from "./tally";
import { signUp, type User, userLoop } from "./workload";

const BUILD_ID = path.resolve(".next/BUILD_ID");
if (!existsSync(BUILD_ID)) fail("no production build (.next/BUILD_ID is missing): run `npx next build` first");

async function main(): Promise<number> {
  const serverUrl = databaseServer();
  const database = await freshDatabase(serverUrl);
  const logDir = mkdtempSync(path.join(os.tmpdir(), "golive-soak-"));
  const ports = [await freePort(), await freePort()];
  const proxy = await startRoundRobinProxy(ports);
  const livekitCap = Math.max(2, USERS - 2);
  const sandbox = await startSandbox({
    appUrl: proxy.url,
    viewerCounts: true,
    egressStartDelayMs: 300,
    port: 0,
    rateLimits: { mux: true, livekitMaxConcurrentEgress: livekitCap },
    // No browser opens the egresses' template pages here.
    templateReadiness: "immediate",
  });
  const { env, reconcileSecret } = instanceEnv(sandbox, database.url, proxy.url);
  const instances = instancesOn(ports);

  say(`golive soak — ${SECONDS} s, ${USERS} users/rooms, 2 × next start behind a round-robin proxy, seed ${runSeed}`);
  say(`  database: fresh ${new URL(database.url).pathname.slice(1)} on ${new URL(serverUrl).host}; sandbox: MUX rate limits on, LiveKit cap ${livekitCap} egresses; pool size 3; scheduled reconcile every 15 s`);
  let exitCode = 1;
  const collector = setInterval(() => collectStreamKeys(sandbox), 500);
  try {
    for (const instance of instances) startInstance(instance, env);
    await Promise.all(instances.map((instance) => waitReady(instance)));
    events.push(`${elapsed()} both instances ready`);

    const users: User[] = [];
    for (let i = 0; i < USERS; i++) users.push(await signUp(proxy.url, i));
    for (const user of users) sandbox.control.joinRoom(user.room, user.id);
    await sandbox.control.settle();
    events.push(`${elapsed()} ${USERS} users signed up, each in their own room`);

    const start = Date.now();
    const deadline = start + SECONDS * 1000;
    const victim = instances[1];
    if (!victim) throw new Error("no second instance");
    const chaos = killAndRestart(victim, env);
    await Promise.all([...users.map((user) => userLoop(user, sandbox, deadline)), faultLoop(sandbox, deadline), chaos]);
    events.push(`${elapsed()} workload stopped`);

    const runs = await windDown(sandbox, database.sql, proxy.url, reconcileSecret);
    const snapshot = await readSnapshot(database.sql, sandbox);
    const stateResults = checkState(snapshot);
    printSummary(sandbox, proxy.stats, runs, snapshot);

    for (const instance of instances) await killInstance(instance, "SIGTERM");
    const logs = [
      ...instances.map((instance) => ({ name: instance.name, text: instance.output })),
      { name: "soak output", text: printed.join("\n") },
    ];
    for (const instance of instances) writeFileSync(path.join(logDir, `${instance.name.split(" ")[1] ?? "x"}.log`), instance.output);
    const passed = await printInvariants(stateResults, logs, logDir, database.sql, sandbox);
    exitCode = passed ? 0 : 1;
  } finally {
    clearInterval(collector);
    for (const instance of instances) await killInstance(instance, "SIGKILL");
    await sandbox.close().catch(() => {});
    await proxy.close();
    if (KEEP_DB) say(`database kept: ${database.url}`);
    else await database.drop().catch(() => {});
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
