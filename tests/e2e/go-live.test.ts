// The go-live experience in a real browser, against the built app and the sandbox: sign up,
// open a room, add a YouTube destination, go live, watch a destination fail, end the stream,
// find it in recordings and on the watch page (MUX's player, playing the sandbox's HLS). Screenshots of each state go to test-results/screenshots
// (docs/screenshots with `npm run screenshots`).
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, screenshot, signUp, startE2eWorld, tabUntil, unnamedControls } from "../support/e2e-app";

const ROOM = "weekly-show";
const YOUTUBE_KEY = "yt-e2e-9f3k-2mzq-77ab-secret";
const WAIT = { timeout: 15_000 };

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "go live from a room, in Chromium", { timeout: 30_000 }, () => {
  let world: E2eWorld;
  let context: BrowserContext;
  let page: Page;
  let playbackId = "";
  const statusPolls: number[] = [];

  beforeAll(async () => {
    world = await startE2eWorld();
    context = await world.newContext();
    page = await context.newPage();
    page.on("request", (r) => {
      if (r.url().includes("/api/video/livestream/status")) statusPolls.push(Date.now());
    });
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 30_000);

  test("sign up", async () => {
    await page.goto("/sign-in?next=/rooms");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await screenshot(page, "01-sign-in");
    await signUp(page, "Host");
    await page.getByRole("heading", { name: "Rooms", exact: true }).waitFor();
  });

  test("open a room by name: the sandbox puts you in it and says it is the sandbox", async () => {
    await page.getByLabel("Room name").fill(ROOM);
    await page.getByRole("button", { name: "Open room" }).click();
    await page.waitForURL(`**/rooms/${ROOM}`, WAIT);
    await page.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    await page.getByText("LiveKit and MUX are local emulators").waitFor();
    // Presence is control-API only; the studio's stage controls read the room's stage once (ListParticipants).
    expect(world.sandbox.control.requests({ service: "livekit" }).filter((r) => r.rpc !== "ListParticipants")).toEqual([]);
    await page.getByRole("button", { name: "Go live" }).waitFor();
  });

  test("a YouTube destination is validated as you type, with a masked key", async () => {
    await page.getByRole("button", { name: "Add YouTube" }).click();
    const key = page.getByLabel("Stream key", { exact: true });
    expect(await key.getAttribute("type")).toBe("password");
    await key.fill("bad key/with slash");
    await key.blur();
    await page.getByText("The stream key must not contain").waitFor();
    expect(await key.getAttribute("aria-invalid")).toBe("true");

    await key.fill(YOUTUBE_KEY);
    await page.getByText("The stream key must not contain").waitFor({ state: "detached" });
    expect(await key.getAttribute("aria-invalid")).toBeNull();

    const toggle = page.getByRole("button", { name: "Show YouTube stream key" });
    await toggle.click();
    expect(await key.getAttribute("type")).toBe("text");
    await toggle.click();
    expect(await key.getAttribute("type")).toBe("password");
    await page.getByLabel("Name shown to you").fill("YouTube main");
    await screenshot(page, "02-room-before-live");
  });

  test("every control has an accessible name and Go live is reachable by Tab", async () => {
    const { controls, unnamed } = await unnamedControls(page);
    // latency radios + destination name + stream key at least
    expect(controls.length).toBeGreaterThanOrEqual(4);
    expect(unnamed).toEqual([]);
    const inputs = await page.locator("input:visible, select:visible, textarea:visible").count();
    expect(controls.length).toBe(inputs);
    expect(await tabUntil(page, "Go live")).toBeGreaterThan(0);
  });

  test("go live: progress while starting, then LIVE with each destination's state", async () => {
    // Hold MUX's create for a moment so the "starting" state can be seen (and photographed).
    world.sandbox.control.fault({ service: "mux", match: { method: "POST", path: "/video/v1/live-streams" }, action: { delayMs: 1_500 } });
    await page.getByRole("button", { name: "Go live" }).click();
    await page.getByRole("button", { name: "Going live…" }).waitFor({ timeout: 1_000 });
    await page.getByRole("progressbar", { name: "Starting the broadcast" }).waitFor({ timeout: 1_000 });
    await screenshot(page, "03-starting");

    await page.locator(".badge.live").waitFor(WAIT);
    await page.getByText("You are live.").waitFor();
    const destinations = page.getByRole("list", { name: "Destinations" });
    const youtube = destinations.getByRole("listitem").filter({ hasText: "YouTube main" });
    await youtube.getByText("Live", { exact: true }).waitFor(WAIT);
    await destinations.getByRole("listitem").filter({ hasText: "Watch page" }).getByText("Live", { exact: true }).waitFor(WAIT);

    const playbackUrl = await page.getByLabel("Playback URL", { exact: true }).inputValue();
    expect(playbackUrl).toMatch(/^https:\/\/stream\.mux\.com\/\w+\.m3u8$/);
    playbackId = playbackUrl.replace(/^.*\/(\w+)\.m3u8$/, "$1");

    // The key went to the server once and is gone from the page and storage.
    expect(await page.content()).not.toContain(YOUTUBE_KEY);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(YOUTUBE_KEY);
    await screenshot(page, "04-live");
  });

  test("the watch page plays the sandbox's stream in MUX's player, not MUX's", async () => {
    const viewer = await context.newPage();
    await viewer.goto(`/watch/${playbackId}`);
    await viewer.getByRole("heading", { name: `${ROOM} is live` }).waitFor(WAIT);
    const player = viewer.locator("mux-player");
    await player.waitFor(WAIT);
    expect(await player.count()).toBe(1);
    expect(await player.getAttribute("src")).toBe(`${world.sandbox.muxBaseUrl}/stream/${playbackId}.m3u8`);
    expect(await player.getAttribute("playback-id")).toBeNull(); // nothing derived from MUX's hosts
    // Playing (tests/e2e/playback.test.ts checks that its clock advances).
    await expect
      .poll(() => viewer.evaluate(() => document.querySelector("mux-player")?.shadowRoot?.querySelector("mux-video")?.shadowRoot?.querySelector("video")?.currentTime ?? 0), WAIT)
      .toBeGreaterThan(0.5);
    await screenshot(viewer, "08-watch-live");
    await viewer.close();
  });

  test("a destination that fails is shown as failed, with LiveKit's reason", async () => {
    const egress = world.sandbox.control.egresses().find((e) => e.room_name === ROOM && e.status === "EGRESS_ACTIVE");
    expect(egress).toBeDefined();
    expect(world.sandbox.control.failStreamUrl(egress?.egress_id ?? "", "youtube", "connection refused")).toBe(true);
    const youtube = page.getByRole("list", { name: "Destinations" }).getByRole("listitem").filter({ hasText: "YouTube main" });
    await youtube.getByText("Failed", { exact: true }).waitFor(WAIT);
    await youtube.getByText("connection refused").waitFor();
    // MUX carries on.
    await page.locator(".badge.live").waitFor();
    await screenshot(page, "05-failed-destination");
  });

  test("status is polled no more than once every 3 s", () => {
    expect(statusPolls.length).toBeGreaterThanOrEqual(2);
    const gaps = statusPolls.slice(1).map((t, i) => t - (statusPolls[i] ?? t));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2_900);
  });

  test("end stream asks first, then ends", async () => {
    await page.getByRole("button", { name: "End stream" }).click();
    const dialog = page.getByRole("dialog", { name: "End the broadcast?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Keep streaming" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.locator(".badge.live").waitFor();

    await page.getByRole("button", { name: "End stream" }).click();
    const endedAt = Date.now();
    await dialog.getByRole("button", { name: "End stream" }).click();
    await page.locator(".badge.ended").waitFor(WAIT);
    await page.getByText("The broadcast has ended.").waitFor();
    // Ended: one final read (the server's duration, the recording's ids), then polling stops.
    await expect.poll(() => statusPolls.some((t) => t >= endedAt), { timeout: 4_000 }).toBe(true);
    await page.waitForLoadState("networkidle");
    await screenshot(page, "06-ended");
    const nextPoll = page.waitForRequest((r) => r.url().includes("/api/video/livestream/status"), { timeout: 3_500 });
    await expect(nextPoll).rejects.toThrow(/Timeout/);
  });

  test("the broadcast is in recordings, with the sandbox's thumbnail and a link to its recording", async () => {
    await page.getByRole("link", { name: "All recordings" }).click();
    await page.getByRole("heading", { name: "Recordings" }).waitFor(WAIT);
    const item = page.getByRole("list", { name: "Your broadcasts, newest first" }).getByRole("listitem").first();
    await item.getByRole("heading", { name: ROOM }).waitFor();
    await item.getByText("Ended", { exact: true }).waitFor();
    const thumb = item.locator("img.thumb");
    expect(await thumb.getAttribute("src")).toMatch(new RegExp(`^${world.sandbox.muxBaseUrl}/image/\\w+/thumbnail\\.jpg$`));
    await expect.poll(() => thumb.evaluate((img) => (img instanceof HTMLImageElement && img.complete ? img.naturalWidth : 0)), WAIT).toBeGreaterThan(0);
    expect(await page.locator("img[src*='image.mux.com']").count()).toBe(0);
    await screenshot(page, "07-recordings");

    await item.getByRole("link", { name: "Watch recording" }).click();
    await page.getByRole("heading", { name: `Recording of ${ROOM}` }).waitFor(WAIT);
    const player = page.locator("mux-player");
    await player.waitFor(WAIT);
    expect(await player.getAttribute("src")).toMatch(new RegExp(`^${world.sandbox.muxBaseUrl}/stream/\\w+\\.m3u8$`));
    // The poster is the sandbox's thumbnail until Play is pressed.
    expect(await player.getAttribute("poster")).toMatch(new RegExp(`^${world.sandbox.muxBaseUrl}/image/\\w+/thumbnail\\.jpg$`));
    await screenshot(page, "09-watch-recording");
  });

  test("nothing but loopback was dialled, and no stream key reached the app's logs", () => {
    expect(world.external).toEqual([]);
    expect(world.appOutput()).not.toContain(YOUTUBE_KEY);
  });
});
