// The security headers of the built app, in Chromium: pages can't be framed, and the
// Content-Security-Policy lets the pages (room, watch) and what MUX's player and LiveKit
// load through, with no violation, while refusing other origins. Against the sandbox, pages
// (not API answers) also allow its playback origin, and no other loopback one (src/proxy.ts).
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, signUp, startE2eWorld } from "../support/e2e-app";

const WAIT = { timeout: 15_000 };

type Violation = { directive: string; blocked: string };
declare global {
  interface Window {
    __cspViolations?: Violation[];
  }
}

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "security headers, in Chromium", { timeout: 30_000 }, () => {
  let world: E2eWorld;
  let context: BrowserContext;
  let page: Page;
  const consoleProblems: string[] = [];

  beforeAll(async () => {
    world = await startE2eWorld();
    context = await world.newContext({ extraHTTPHeaders: { "x-forwarded-for": "192.0.2.200" } });
    page = await watchedPage(context);
    await signUp(page, "Header Host");
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 30_000);

  /** A page whose CSP violations (from before any of its own scripts run) and CSP console errors are recorded. */
  async function watchedPage(of: BrowserContext): Promise<Page> {
    await of.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) => {
        window.__cspViolations?.push({ directive: e.effectiveDirective, blocked: e.blockedURI });
      });
    });
    const opened = await of.newPage();
    opened.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) consoleProblems.push(message.text());
    });
    return opened;
  }

  test("pages and API answers carry the headers", async () => {
    for (const path of ["/sign-in", "/", "/api/health"]) {
      const response = await fetch(`${world.url}${path}`);
      expect(response.status, path).toBe(200);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("'unsafe-eval'"); // a production build
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    }
  });

  test("in sandbox mode pages carry one policy that names the sandbox's playback origin; API answers don't", async () => {
    const sandbox = world.sandbox.muxBaseUrl;
    const page = await fetch(`${world.url}/sign-in`);
    const csp = page.headers.get("content-security-policy") ?? "";
    // One policy: the proxy's replaces the build's (two would both be enforced, the narrower winning).
    expect(csp.match(/default-src/g)).toHaveLength(1);
    const directives = new Map(csp.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources] as const;
    }));
    for (const directive of ["media-src", "connect-src", "img-src"]) expect(directives.get(directive), directive).toContain(sandbox);
    expect(directives.get("media-src")).toContain("blob:");
    expect(directives.get("worker-src")).toEqual(["'self'", "blob:"]);
    // Only the sandbox's origin: not any loopback port, and nowhere else.
    expect(csp).not.toMatch(/127\.0\.0\.1:\*|localhost:\*/);
    for (const [name, sources] of directives) {
      if (!["media-src", "connect-src", "img-src"].includes(name)) expect(sources, name).not.toContain(sandbox);
    }
    const api = (await fetch(`${world.url}/api/health`)).headers.get("content-security-policy") ?? "";
    expect(api).toContain("frame-ancestors 'none'");
    expect(api).not.toContain(sandbox);
  });

  test("another page can't frame the app", async () => {
    const framer = await context.newPage();
    const refused = framer.waitForEvent("console", { predicate: (m) => m.text().includes("frame-ancestors"), timeout: 10_000 });
    await framer.setContent(`<iframe id="app" src="${world.url}/sign-in" width="600" height="400"></iframe>`);
    expect((await refused).text()).toContain("frame-ancestors 'none'");
    // Chromium shows its own error page in the frame instead of the app.
    const frame = framer.frames().find((f) => f !== framer.mainFrame());
    expect(frame?.url()).not.toBe(`${world.url}/sign-in`);
    expect(await frame?.getByRole("heading", { name: "Sign in" }).count()).toBe(0);
    expect(await frame?.locator("form").count()).toBe(0);
    await framer.close();
  });

  test("the room page and the watch page render with no CSP violation", async () => {
    await page.goto("/rooms/csp-room");
    await page.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    await page.getByRole("button", { name: "Go live" }).click();
    await page.locator(".badge.live").waitFor(WAIT);
    const playbackUrl = await page.getByLabel("Playback URL", { exact: true }).inputValue();
    const playbackId = playbackUrl.replace(/^.*\/(\w+)\.m3u8$/, "$1");
    expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);

    // The watch page, as a viewer sees it (the host stays in the room: leaving would end the
    // broadcast), with MUX's player playing the sandbox's HLS: playlists, segments,
    // MediaSource, its worker, the poster.
    const viewerContext = await world.newContext();
    const viewer = await watchedPage(viewerContext);
    await viewer.goto(`/watch/${playbackId}`);
    await viewer.getByRole("heading", { name: "csp-room is live" }).waitFor(WAIT);
    await expect
      .poll(() => viewer.evaluate(() => document.querySelector("mux-player")?.shadowRoot?.querySelector("mux-video")?.shadowRoot?.querySelector("video")?.currentTime ?? 0), WAIT)
      .toBeGreaterThan(0.5);
    expect(await viewer.evaluate(() => window.__cspViolations)).toEqual([]);
    await viewerContext.close();
    expect(consoleProblems).toEqual([]);
  });

  test("what MUX's player and LiveKit load is allowed; other origins are refused", async () => {
    // The sandbox's player never asks MUX, so the page makes the player's kinds of request to
    // MUX itself. Playwright aborts every non-loopback request after the CSP check, so nothing
    // leaves the machine: a refused one is a violation, an allowed one a network error.
    const sandbox = world.sandbox.muxBaseUrl;
    const livekit = world.sandbox.livekitUrl;
    const otherLoopback = `http://127.0.0.1:${world.sandbox.port === 1 ? 2 : 1}`;
    const violations = await page.evaluate(async ({ sandbox, livekit, otherLoopback }) => {
      window.__cspViolations = [];
      const attempt = (p: Promise<unknown>) => p.catch(() => undefined);
      await attempt(fetch("https://stream.mux.com/abc123.m3u8")); // hls.js manifest
      await attempt(fetch("https://manifest-gcp-us-east1-vop1.fastly.mux.com/abc/rendition.m3u8")); // MUX's CDN hosts
      await attempt(fetch("https://img.litix.io/a.gif", { method: "POST", body: "{}" })); // MUX Data beacon
      await attempt(fetch(`${livekit}/settings/regions`)); // LiveKit's REST host (here the sandbox's)
      await new Promise<void>((resolve) => {
        const socket = new WebSocket(`${livekit.replace(/^http/, "ws")}/rtc`); // LiveKit's signalling
        socket.onerror = () => resolve();
        socket.onclose = () => resolve();
        setTimeout(resolve, 2_000);
      });
      const worker = new Worker(URL.createObjectURL(new Blob(["self.postMessage(1)"], { type: "text/javascript" }))); // hls.js worker
      await new Promise((resolve) => {
        worker.onmessage = resolve;
        setTimeout(resolve, 2_000);
      });
      worker.terminate();
      await new Promise<void>((resolve) => {
        const image = new Image(); // posters and storyboards
        image.onload = image.onerror = () => resolve();
        image.src = "https://image.mux.com/abc123/thumbnail.jpg";
      });
      await attempt(fetch(`${sandbox}/stream/abc123.m3u8`)); // the sandbox's stand-ins
      await new Promise<void>((resolve) => {
        const image = new Image();
        image.onload = image.onerror = () => resolve();
        image.src = `${sandbox}/image/abc123/thumbnail.jpg`;
      });
      // …and what no page here loads: elsewhere, or another port on loopback; LiveKit Cloud
      // either, as LiveKit is the sandbox here (a build that knows no LiveKit URL allows
      // LiveKit Cloud: tests/unit/security-headers.test.ts).
      await attempt(fetch("https://my-project.livekit.cloud/settings/regions"));
      await attempt(fetch("https://evil.example/collect"));
      await attempt(fetch(`${otherLoopback}/stream/abc123.m3u8`));
      await new Promise<void>((resolve) => {
        const image = new Image();
        image.onload = image.onerror = () => resolve();
        image.src = "https://evil.example/pixel.gif";
      });
      await new Promise((r) => setTimeout(r, 200)); // violation events are dispatched asynchronously
      return window.__cspViolations ?? [];
    }, { sandbox, livekit, otherLoopback });
    expect(violations).toEqual([
      { directive: "connect-src", blocked: "https://my-project.livekit.cloud/settings/regions" },
      { directive: "connect-src", blocked: "https://evil.example/collect" },
      { directive: "connect-src", blocked: `${otherLoopback}/stream/abc123.m3u8` },
      { directive: "img-src", blocked: "https://evil.example/pixel.gif" },
    ]);
  });
});
