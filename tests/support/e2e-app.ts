// The world of one end-to-end test file: a sandbox (MUX + LiveKit emulators), a database,
// the BUILT app (`next start`) as a child process wired to both, and headless Chromium
// that may reach loopback only. Every request to anywhere else is aborted and recorded,
// so a test can assert that the pages tried none.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Locator, type Page } from "playwright-core";
import { startSandbox, type Sandbox } from "@golive/sandbox";
import { createTestDatabase, type TestDatabase } from "./database";
import { freePort } from "../../scripts/lib/harness/free-port";
import { CHROMIUM_PATH } from "./e2e-skip";

export { CHROMIUM_PATH, e2eSkipReason } from "./e2e-skip";
export { freePort };

// Every e2e run saves a screenshot of each state; `npm run screenshots` (UPDATE_SCREENSHOTS=1)
// writes them over the committed ones in docs/, other runs keep them out of the work tree.
export const SCREENSHOTS = path.resolve(process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : "test-results/screenshots");

export type E2eWorld = {
  url: string;
  sandbox: Sandbox;
  browser: Browser;
  /** Non-loopback URLs the pages tried to reach (all were aborted). */
  external: string[];
  /** Everything the app process printed so far (for "no secrets in logs" checks and debugging). */
  appOutput: () => string;
  /**
   * A browser context that may reach loopback only. `extraHTTPHeaders: {"x-forwarded-for": …}`
   * makes it a client of its own, as a proxy in front of the app would say (sign-in and
   * sign-up are rate-limited per client); `javaScriptEnabled: false` turns scripts off.
   */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
  close: () => Promise<void>;
};

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * This process's environment without what configures golive (or Vitest's test mode), so an
 * app started from a test gets exactly the configuration the test gives it.
 */
export function inheritedEnv(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(NODE_ENV|VITEST.*|TEST|DATABASE_URL|PGLITE_DIR|MUX_.*|LIVEKIT_.*|NEXT_PUBLIC_.*|BETTER_AUTH_.*|TRUSTED_ORIGINS|TRUSTED_PROXY_HEADER|LIVESTREAM_.*|PORT|SANDBOX_PORT)$/.test(key),
    ),
  );
}

/**
 * Stops a server started in its own process group (`detached: true`), so the workers it
 * spawned (`next dev`'s) stop with it: SIGINT, then SIGKILL after 10 s.
 */
export async function stopProcessGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null) return;
  const pid = child.pid;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-pid, "SIGINT");
  const timer = setTimeout(() => process.kill(-pid, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/sign-in`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`next start did not answer within ${timeoutMs} ms:\n${output()}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * `env`: more environment for the app (e.g. short playback tokens), over the defaults.
 * `templateReadiness`: "signal" when the test opens the egress's template page itself, which
 * then starts the egress; "immediate" (default) when no page is opened.
 */
export async function startE2eWorld(options: { env?: Record<string, string>; templateReadiness?: "signal" | "immediate" } = {}): Promise<E2eWorld> {
  const secret = (prefix: string) => `${prefix}${randomBytes(12).toString("hex")}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The sandbox makes its own credentials and a signing key, and says which variables point the app at it.
  const sandbox = await startSandbox({ appUrl: url, viewerCounts: true, egressStartDelayMs: 0, port: 0, templateReadiness: options.templateReadiness ?? "immediate" });

  // The app runs in another process, so an in-memory PGlite can't be shared: use a directory.
  const database: TestDatabase = await createTestDatabase();
  let pgliteDir: string | null = null;
  const dbEnv: Record<string, string> = { ...database.env };
  if (!dbEnv.DATABASE_URL) {
    pgliteDir = mkdtempSync(path.join(os.tmpdir(), "golive-e2e-"));
    dbEnv.PGLITE_DIR = pgliteDir;
  }

  const inherited = inheritedEnv();
  let output = "";
  const child = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...inherited,
      ...dbEnv,
      BETTER_AUTH_SECRET: secret("e2e-auth-secret-").padEnd(40, "x"),
      // `next start` is production: both secrets are required there.
      LIVESTREAM_ENCRYPTION_KEY: secret("e2e-encryption-key-").padEnd(40, "x"),
      BETTER_AUTH_URL: url,
      // Each browser context says who it is in x-forwarded-for, as a proxy in front would.
      TRUSTED_PROXY_HEADER: "x-forwarded-for",
      ...sandbox.appEnv(),
      ...options.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  let browser: Browser | undefined;
  try {
    await waitUntilReady(url, child, () => output);
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
      ],
    });
  } catch (error) {
    await stop(child);
    await sandbox.close();
    throw error;
  }

  const external: string[] = [];
  const launched = browser;
  return {
    url,
    sandbox,
    browser: launched,
    external,
    appOutput: () => output,
    async newContext(options = {}) {
      const context = await launched.newContext({ baseURL: url, viewport: { width: 1280, height: 860 }, colorScheme: "light", ...options });
      await context.route("**/*", (route) => {
        const target = new URL(route.request().url());
        if (LOOPBACK.has(target.hostname)) return route.continue();
        external.push(target.href);
        return route.abort("blockedbyclient");
      });
      return context;
    },
    async close() {
      await launched.close().catch(() => {});
      await stop(child);
      await sandbox.close();
      await database.drop();
      if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
    },
  };
}

export type E2eUser = { name: string; email: string; password: string };

/** Signs up through the sign-in page, landing on `next`. */
export async function signUp(page: Page, name: string, next = "/rooms"): Promise<E2eUser> {
  const user = { name, email: `${name.toLowerCase().replace(/\W+/g, "-")}-${randomBytes(4).toString("hex")}@example.test`, password: "correct horse battery" };
  // Sign-ups from one network are rate-limited (a file's test users share 127.0.0.1): wait as
  // the page says, then sign up again on a fresh page, as a person would.
  for (let attempt = 0; ; attempt += 1) {
    await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByRole("button", { name: "Create an account" }).click();
    await page.getByLabel("Name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Create account" }).click();
    const limited = page.getByText(/^Too many attempts from your network\. Wait \d+ seconds?/);
    // Both settle without rejecting, so the loser of the race never rejects unhandled.
    const landed = page.waitForURL((u) => u.pathname === next, { timeout: 15_000 }).then(() => "landed", () => "timeout");
    const refused = limited.waitFor({ timeout: 15_000 }).then(() => limited.textContent(), () => "timeout");
    const outcome = await Promise.race([landed, refused]);
    if (outcome === "landed") return user;
    if (outcome === "timeout" || outcome === null) throw new Error(`sign-up did not land on ${next}: at ${page.url()}`);
    if (attempt >= 2) throw new Error(`sign-up still rate-limited after ${attempt + 1} tries: ${outcome}`);
    await page.waitForTimeout((Number(/Wait (\d+)/.exec(outcome ?? "")?.[1] ?? "10") + 1) * 1000);
  }
}

/** From /rooms, opens `room` as its owner and waits until the sandbox has them in it. */
export async function openRoom(page: Page, room: string): Promise<void> {
  await page.getByLabel("Room name").fill(room);
  await page.getByRole("button", { name: "Open room" }).click();
  await page.waitForURL(`**/rooms/${room}`, { timeout: 15_000 });
  await page.getByText("You are in the room (sandbox participant).").waitFor({ timeout: 15_000 });
}

/** Opens a collapsed `<details>` (the people drawer, live settings) if it is closed; idempotent. */
async function opened(page: Page, details: string): Promise<void> {
  const disclosure = page.locator(details);
  await disclosure.waitFor({ timeout: 15_000 });
  if ((await disclosure.getAttribute("open")) === null) await disclosure.locator("> summary").click();
}

/** The room's people drawer (members, invite links, removals), opened. */
export async function people(page: Page): Promise<Locator> {
  await opened(page, "details.people-drawer");
  return page.getByRole("complementary", { name: "People and invites" });
}

/** The live broadcast's settings (destinations, picture), collapsed while live, opened. */
export async function liveSettings(page: Page): Promise<Locator> {
  await opened(page, "details.live-settings");
  return page.locator("details.live-settings");
}

/** The sizes the studio bar must keep its button in view at: a laptop and a phone (docs/ui.md, "The studio bar"). */
export const STUDIO_VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/**
 * Whether `target` is wholly inside the window at each of STUDIO_VIEWPORTS, scrolled to the top
 * and to the bottom, without scrolling to it; the page's own size is restored after.
 */
export async function inReachEverywhere(page: Page, target: Locator): Promise<boolean[]> {
  const before = page.viewportSize();
  const seen: boolean[] = [];
  for (const size of STUDIO_VIEWPORTS) {
    await page.setViewportSize(size);
    for (const y of [0, 1e6]) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      const box = await target.boundingBox();
      seen.push(box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width);
    }
  }
  if (before) await page.setViewportSize(before);
  return seen;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
}

/** Roles of form controls in Playwright's ARIA snapshot; each must carry a quoted name. */
const FORM_ROLES = /^\s*- (textbox|searchbox|combobox|spinbutton|checkbox|radio|slider|switch)\b(.*)$/;

/** Form controls in the ARIA snapshot of `page` that have no accessible name. */
export async function unnamedControls(page: Page): Promise<{ controls: string[]; unnamed: string[] }> {
  const snapshot = await page.locator("body").ariaSnapshot();
  const controls = snapshot.split("\n").filter((line) => FORM_ROLES.test(line));
  const unnamed = controls.filter((line) => !/^\s*- \w+ "[^"]+"/.test(line));
  return { controls, unnamed };
}

/** Presses Tab from the top of the page until an element named `name` has focus; the number of presses, or -1. */
export async function tabUntil(page: Page, name: string, maxPresses = 60): Promise<number> {
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  await page.locator("body").focus();
  for (let i = 1; i <= maxPresses; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    if (focused === name) return i;
  }
  return -1;
}
