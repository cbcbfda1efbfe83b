// What `npm run dev` prints, read from its real output: nothing of a fresh clone's first run
// is an error (the database directory doesn't exist yet when the launcher first opens it),
// `next dev` listens on loopback only, and no invite token reaches the request log — neither `/invite/<token>` nor the sign-in redirect
// that carries it on. Needs neither a build nor a browser.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort, inheritedEnv, stopProcessGroup } from "../support/e2e-app";

let child: ChildProcess;
let output = "";
let app = "";
const root = mkdtempSync(path.join(os.tmpdir(), "golive-dev-log-"));

async function until(what: string, ready: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (child.exitCode !== null) throw new Error(`npm run dev exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${what} did not happen:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  const port = await freePort();
  app = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ["--import", "tsx", "scripts/dev.ts", "-p", String(port)], {
    env: {
      ...inheritedEnv(),
      NODE_ENV: "development",
      LIVESTREAM_SANDBOX: "1",
      SANDBOX_PORT: "0",
      // As on a fresh clone: the embedded database's directory, and the one above it, don't exist yet.
      PGLITE_DIR: path.join(root, "fresh-clone", ".data", "pglite"),
      BETTER_AUTH_SECRET: `dev-log-${randomBytes(16).toString("hex")}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so `next dev`'s workers stop with it
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  await until("npm run dev answering", () => fetch(`${app}/api/health`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false), 150_000);
}, 200_000);

afterAll(async () => {
  await stopProcessGroup(child);
  rmSync(root, { recursive: true, force: true });
}, 30_000);

test("a fresh clone's first run prints no error: the launcher's first step makes the database's directory", () => {
  expect(output).toContain("Offline sandbox");
  expect(output).not.toMatch(/ENOENT|Could not settle|Error:/);
});

test("without -H, next dev listens on loopback only, as it says itself", () => {
  expect(output).toMatch(/Local:\s+http:\/\/localhost:\d+/);
  expect(output).toMatch(/Network:\s+http:\/\/localhost:\d+/);
});

test("an invite link and the sign-in redirect it leads to are not in the request log", { timeout: 240_000 }, async () => {
  const token = `invitetoken${randomBytes(12).toString("hex")}`;
  const invite = await fetch(`${app}/invite/${token}`, { redirect: "manual", signal: AbortSignal.timeout(200_000) });
  // The page reads the session under <Suspense> (docs/ui.md, "Pages"), so the redirect may come
  // after the page has started: then it is Next's refresh tag in the body, not a Location header.
  const location = invite.headers.get("location") ?? /http-equiv="refresh" content="\d+;\s*url=([^"]+)"/.exec(await invite.text())?.[1] ?? "";
  // Signed out: the page sends the person to sign in, and back to the invite after.
  expect(location).toContain(encodeURIComponent(`/invite/${token}`));
  await fetch(new URL(location, app), { signal: AbortSignal.timeout(200_000) });
  // A request after them that is logged: once its line is out, theirs would have been too.
  const marker = `marker${randomBytes(6).toString("hex")}`;
  await fetch(`${app}/api/health?${marker}`);
  await until("the marker request's log line", () => output.includes(marker), 30_000);
  expect(output).toMatch(new RegExp(`GET /api/health\\?${marker} 200`));
  expect(output).not.toContain(token);
});
