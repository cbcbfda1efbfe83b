// The watch and recordings pages against the sandbox's real HLS on loopback, in Chromium:
// the broadcast's title, and its waiting card while MUX's playback still answers 412, turning
// into MUX's player by itself (no reload), then the player playing the live
// stream (its clock advancing), the recording played to its end, the recordings page's real
// thumbnail — with no Content-Security-Policy violation and no request leaving loopback (no
// MUX Data beacon, no Google Cast SDK: src/components/watch/mux-watch-player.tsx).
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, screenshot, signUp, startE2eWorld } from "../support/e2e-app";

const ROOM = "playback-room";
const TITLE = "Friday build, episode 12";
const DESCRIPTION = "We fix the flaky test.\nThen we ship it.";
const WAIT = { timeout: 15_000 };

type Violation = { directive: string; blocked: string };
declare global {
  interface Window {
    __cspViolations?: Violation[];
    __sameDocument?: boolean;
  }
}

type VideoState = { found: boolean; currentTime: number; duration: number; paused: boolean; ended: boolean; width: number };

/** The <video> inside mux-player (mux-player's shadow root → <mux-video> → its shadow root). */
function videoState(page: Page): Promise<VideoState> {
  return page.evaluate(() => {
    const video = document.querySelector("mux-player")?.shadowRoot?.querySelector("mux-video")?.shadowRoot?.querySelector("video");
    if (!video) return { found: false, currentTime: 0, duration: 0, paused: true, ended: false, width: 0 };
    return { found: true, currentTime: video.currentTime, duration: video.duration, paused: video.paused, ended: video.ended, width: video.videoWidth };
  });
}

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "playback from the sandbox, in Chromium", { timeout: 60_000 }, () => {
  let world: E2eWorld;
  let context: BrowserContext;
  let host: Page;
  let viewer: Page;
  let livePlaybackId = "";

  beforeAll(async () => {
    world = await startE2eWorld();
    context = await world.newContext();
    // Recorded from before any of the page's own scripts run.
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) => {
        window.__cspViolations?.push({ directive: e.effectiveDirective, blocked: e.blockedURI });
      });
    });
    host = await context.newPage();
    viewer = await context.newPage();
    await signUp(host, "Player Host");
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 30_000);

  test("while the broadcast is starting, the watch page shows its title on a waiting card (MUX's playback answers 412)", async () => {
    await host.goto(`/rooms/${ROOM}`);
    await host.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    await host.getByLabel("Broadcast title", { exact: true }).fill(TITLE);
    await host.getByLabel("Description", { exact: true }).fill(DESCRIPTION);
    // LiveKit's egress start held back: the broadcast stays `starting`, with a MUX stream that has no media yet.
    world.sandbox.control.fault({ service: "livekit", match: { rpc: "StartRoomCompositeEgress" }, action: { delayMs: 6_000 } });
    const egressStart = world.sandbox.control.nextRequest({ rpc: "StartRoomCompositeEgress" });
    await host.getByRole("button", { name: "Go live" }).click();
    // The MUX stream is the one whose key the egress streams to (made at the click, or taken from a pool).
    const sent = JSON.stringify((await egressStart).body);
    const stream = world.sandbox.control.muxLiveStreams().find((s) => s.stream_key !== undefined && sent.includes(s.stream_key));
    livePlaybackId = stream?.playback_ids?.[0]?.id ?? "";
    expect(livePlaybackId).not.toBe("");
    expect((await fetch(`${world.sandbox.muxBaseUrl}/stream/${livePlaybackId}.m3u8`)).status).toBe(412);

    // The row learns its playback id just after MUX's answer.
    await expect.poll(async () => (await fetch(`${world.url}/watch/${livePlaybackId}`)).status, WAIT).toBe(200);
    const response = await viewer.goto(`/watch/${livePlaybackId}`);
    const card = viewer.getByRole("status", { name: "Waiting for the broadcast" });
    await card.waitFor(WAIT);
    expect((await card.innerText()).replace(/\s+/g, " ").trim()).toBe(`This broadcast hasn't started yet ${TITLE} It will start here by itself.`);
    await viewer.getByRole("heading", { level: 1, name: TITLE }).waitFor(WAIT);
    expect(await viewer.title()).toBe(`${TITLE} · golive`);
    expect(await viewer.locator(".broadcast-description").innerText()).toBe(DESCRIPTION);
    expect(await viewer.locator("mux-player").count()).toBe(0);
    // Marks this document: a reload would make a new one without it.
    await viewer.evaluate(() => {
      window.__sameDocument = true;
    });
    // The page's policy names the sandbox's playback origin (src/proxy.ts).
    expect(response?.headers()["content-security-policy"]).toContain(`media-src 'self' blob:`);
    expect(response?.headers()["content-security-policy"]).toContain(world.sandbox.muxBaseUrl);
    await screenshot(viewer, "30-watch-not-live-yet");
  });

  test("once live, the same page plays the sandbox's stream, without a reload: currentTime advances", async () => {
    await host.locator(".badge.live").waitFor(WAIT);
    // The waiting card asks again every few seconds and becomes the player.
    await viewer.getByRole("heading", { name: `${TITLE} is live` }).waitFor(WAIT);
    await viewer.locator("mux-player").waitFor(WAIT);
    expect(await viewer.getByRole("status", { name: "Waiting for the broadcast" }).count()).toBe(0);
    expect(await viewer.evaluate(() => window.__sameDocument)).toBe(true);
    expect(await viewer.title()).toBe(`${TITLE} · golive`);
    expect(await viewer.locator("mux-player").getAttribute("src")).toBe(`${world.sandbox.muxBaseUrl}/stream/${livePlaybackId}.m3u8`);
    await expect.poll(async () => (await videoState(viewer)).currentTime, WAIT).toBeGreaterThan(0);
    const first = await videoState(viewer);
    await viewer.waitForTimeout(4_000);
    const later = await videoState(viewer);
    console.log(`live: currentTime ${first.currentTime.toFixed(2)} s → ${later.currentTime.toFixed(2)} s over 4 s; ${later.width} px wide`);
    expect(later.paused).toBe(false);
    expect(later.currentTime - first.currentTime).toBeGreaterThanOrEqual(2);
    expect(later.width).toBeGreaterThan(0);
    await screenshot(viewer, "31-watch-live-playing");
  });

  test("after the end, the recording plays to its end", async () => {
    await host.getByRole("button", { name: "End stream" }).click();
    await host.getByRole("dialog", { name: "End the broadcast?" }).getByRole("button", { name: "End stream" }).click();
    await host.locator(".badge.ended").waitFor(WAIT);

    await viewer.getByRole("link", { name: "Watch the recording" }).click(WAIT);
    await viewer.getByRole("heading", { name: `Recording of ${TITLE}` }).waitFor(WAIT);
    await viewer.locator("mux-player").waitFor(WAIT);
    await expect.poll(async () => (await videoState(viewer)).duration, WAIT).toBeGreaterThan(0);
    const { duration } = await videoState(viewer);
    expect(Number.isFinite(duration)).toBe(true);
    // Near the end, then the player's own Play button (a real click: no autoplay rule applies).
    await viewer.evaluate((to) => {
      const video = document.querySelector("mux-player")?.shadowRoot?.querySelector("mux-video")?.shadowRoot?.querySelector("video");
      if (video) video.currentTime = to;
    }, Math.max(0, duration - 3));
    await viewer.locator("mux-player").getByRole("button", { name: "Play" }).first().click();
    await expect.poll(async () => (await videoState(viewer)).ended, WAIT).toBe(true);
    const end = await videoState(viewer);
    console.log(`recording: duration ${end.duration.toFixed(2)} s, ended at ${end.currentTime.toFixed(2)} s`);
    expect(end.currentTime).toBeGreaterThan(duration - 0.5);
    await screenshot(viewer, "32-watch-recording-ended");
  });

  test("the recordings page shows the broadcast's title, its room and the sandbox's thumbnail", async () => {
    await host.goto("/recordings");
    const item = host.getByRole("list", { name: "Your broadcasts, newest first" }).getByRole("listitem").first();
    await item.getByRole("heading", { name: TITLE }).waitFor(WAIT);
    await item.getByText(`In room ${ROOM}`).waitFor(WAIT);
    expect(await item.locator(".recording-description").innerText()).toBe(DESCRIPTION);
    const thumb = item.locator("img.thumb");
    expect(await thumb.getAttribute("src")).toMatch(new RegExp(`^${world.sandbox.muxBaseUrl}/image/\\w+/thumbnail\\.jpg$`));
    await expect.poll(() => thumb.evaluate((img) => (img instanceof HTMLImageElement && img.complete ? img.naturalWidth : 0)), WAIT).toBeGreaterThan(0);
    // (tests/e2e/go-live.test.ts photographs this page: 07-recordings.)
  });

  test("no CSP violation, and nothing but loopback was dialled", async () => {
    for (const page of [host, viewer]) expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
    expect(world.external).toEqual([]);
  });
});
