// `npm run dev` as a newcomer meets it: the launcher, its offline sandbox and `next dev`,
// addressed as http://127.0.0.1:<port> and as http://localhost:<port>. At both, signing up
// works and the pages hydrate (the room's sandbox presence is a client effect, so "You are in
// the room" only appears once React runs). The port is given with -p, and going live through
// the API proves the sandbox's webhooks reach that port; its watch page then plays the
// sandbox's HLS, under `next dev`'s Content-Security-Policy.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CHROMIUM_PATH, e2eSkipReason, freePort, inheritedEnv, stopProcessGroup } from "../support/e2e-app";

const WAIT = { timeout: 90_000 };

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "npm run dev at 127.0.0.1 and localhost", { timeout: 240_000 }, () => {
  let child: ChildProcess;
  let browser: Browser;
  let port = 0;
  let output = "";
  let controlUrl = "";
  const pgliteDir = mkdtempSync(path.join(os.tmpdir(), "golive-dev-e2e-"));

  beforeAll(async () => {
    port = await freePort();
    // No MUX/LiveKit credentials: the launcher starts the sandbox, as on a fresh clone. The
    // port comes as `npm run dev -- -p N` would pass it, and PORT says another one: -p must
    // win for `next dev` and for the sandbox's webhooks alike.
    const otherPort = await freePort();
    child = spawn(process.execPath, ["--import", "tsx", "scripts/dev.ts", "-p", String(port)], {
      env: { ...inheritedEnv(), NODE_ENV: "development", PORT: String(otherPort), SANDBOX_PORT: "0", PGLITE_DIR: pgliteDir, BETTER_AUTH_SECRET: `dev-e2e-${randomBytes(16).toString("hex")}` },
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
    // The launcher names the sandbox's address on start.
    controlUrl = /Sandbox control API: (http:\/\/127\.0\.0\.1:\d+\/_sandbox) \(also in \.data\/sandbox-url\)/.exec(output)?.[1] ?? "";
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"] });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await stopProcessGroup(child);
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

  test("with -p, the sandbox's webhooks reach the app: a broadcast goes from starting to active, and its watch page plays", async () => {
    if (!controlUrl) throw new Error(`npm run dev did not print the sandbox control API:\n${output}`);
    const app = `http://127.0.0.1:${port}`;
    const signUp = await fetch(`${app}/api/auth/sign-up/email`, {
      method: "POST",
      // A client of its own (sign-ups are rate-limited per client), as behind a proxy.
      headers: { "content-type": "application/json", origin: app, "x-forwarded-for": "198.18.200.1" },
      body: JSON.stringify({ email: `dev-api-${randomBytes(4).toString("hex")}@example.test`, password: "correct horse battery", name: "Dev API" }),
    });
    if (signUp.status !== 200) throw new Error(`sign-up: ${signUp.status} ${await signUp.text()}`);
    const { user } = (await signUp.json()) as { user: { id: string } };
    const cookie = signUp.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const json = { "content-type": "application/json" };
    const joined = await fetch(`${controlUrl}/joinRoom`, { method: "POST", headers: json, body: JSON.stringify({ room: "dev-api-room", identity: user.id }) });
    if (!joined.ok) throw new Error(`joinRoom: ${joined.status} ${await joined.text()}`);
    const started = await fetch(`${app}/api/video/livestream`, { method: "POST", headers: { ...json, cookie }, body: JSON.stringify({ roomName: "dev-api-room" }) });
    if (started.status !== 201) throw new Error(`go live: ${started.status} ${await started.text()}`);
    let status = "";
    const deadline = Date.now() + 60_000;
    while (status !== "active" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const answer = await fetch(`${app}/api/video/livestream/status?roomName=dev-api-room`, { headers: { cookie } });
      status = ((await answer.json()) as { status?: string }).status ?? "";
    }
    if (status !== "active") throw new Error(`the broadcast stayed ${status}: MUX's webhooks did not reach the app\n${output}`);

    // The watch page plays the sandbox's HLS under `next dev` too (src/proxy.ts's policy over
    // dev's), opened at localhost: another origin than the sandbox's 127.0.0.1.
    const { muxPlaybackId } = (await started.json()) as { muxPlaybackId: string };
    const context = await browser.newContext({ baseURL: `http://localhost:${port}` });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`/watch/${muxPlaybackId}`, WAIT);
    await expect
      .poll(() => page.evaluate(() => document.querySelector("mux-player")?.shadowRoot?.querySelector("mux-video")?.shadowRoot?.querySelector("video")?.currentTime ?? 0), WAIT)
      .toBeGreaterThan(0.5);
    expect(refused).toEqual([]);
    await context.close();
    await fetch(`${app}/api/video/livestream`, { method: "DELETE", headers: { ...json, cookie }, body: JSON.stringify({ roomName: "dev-api-room" }) });
  });

  test("reconciliation runs in the sandbox with no setup: the launcher calls the route with a secret it gave the app", async () => {
    const deadline = Date.now() + 60_000;
    while (!/POST \/api\/video\/livestream\/reconcile 200/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    if (!/POST \/api\/video\/livestream\/reconcile 200/.test(output)) throw new Error(`no reconciliation run answered 200:\n${output}`);
  });
});
