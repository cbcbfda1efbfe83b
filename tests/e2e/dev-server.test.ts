// `npm run dev` as a newcomer meets it: the launcher, its offline sandbox and `next dev`,
// addressed as http://127.0.0.1:<port> and as http://localhost:<port>. At both, signing up
// works and the pages hydrate (the room's sandbox presence is a client effect, so "You are in
// the room" only appears once React runs).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, test } from "vitest";
import { CHROMIUM_PATH, e2eSkipReason, freePort, inheritedEnv } from "../support/e2e-app";

const WAIT = { timeout: 90_000 };

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "npm run dev at 127.0.0.1 and localhost", { timeout: 240_000 }, () => {
  let child: ChildProcess;
  let browser: Browser;
  let port = 0;
  let output = "";
  const pgliteDir = mkdtempSync(path.join(os.tmpdir(), "golive-dev-e2e-"));

  beforeAll(async () => {
    port = await freePort();
    // No MUX/LiveKit credentials: the launcher starts the sandbox, as on a fresh clone.
    child = spawn(process.execPath, ["--import", "tsx", "scripts/dev.ts"], {
      env: { ...inheritedEnv(), NODE_ENV: "development", PORT: String(port), SANDBOX_PORT: "0", PGLITE_DIR: pgliteDir, BETTER_AUTH_SECRET: `dev-e2e-${randomBytes(16).toString("hex")}` },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so `next dev`'s workers stop with it
    });
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm run dev exited:\n${output}`);
      const up = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false);
      if (up) break;
      if (Date.now() > deadline) throw new Error(`npm run dev did not answer:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // `next dev` compiles each page on its first request, slowly on a busy 2-core CI machine:
    // ask for the pages once before the browser does, with room to spare.
    for (const page of ["/sign-in", "/rooms", "/rooms/warm-up"]) {
      await fetch(`http://127.0.0.1:${port}${page}`, { redirect: "manual", signal: AbortSignal.timeout(150_000) }).catch(() => undefined);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"] });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGINT");
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(pgliteDir, { recursive: true, force: true });
  }, 30_000);

  test.each(["127.0.0.1", "localhost"])("at http://%s: sign up, and the room page hydrates", async (host) => {
    const context = await browser.newContext({ baseURL: `http://${host}:${port}` });
    context.setDefaultTimeout(WAIT.timeout);
    context.setDefaultNavigationTimeout(WAIT.timeout);
    const page = await context.newPage();
    await page.goto("/sign-in?next=/rooms");
    await page.getByRole("button", { name: "Create an account" }).click();
    await page.getByLabel("Name").fill(`Dev ${host}`);
    await page.getByLabel("Email").fill(`dev-${randomBytes(4).toString("hex")}@example.test`);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL((u) => u.pathname === "/rooms", WAIT);
    await page.goto(`/rooms/dev-${host.replace(/\W/g, "-")}`);
    await page.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    await page.getByRole("button", { name: "Add YouTube" }).click();
    await page.getByRole("textbox", { name: "Stream key" }).waitFor(WAIT);
    await context.close();
  });
});
