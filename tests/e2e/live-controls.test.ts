// Production controls in a real browser, against the built app and the sandbox: go live at
// 720p30 with the speaker layout, switch to grid while live, add a YouTube destination live,
// see it live, remove it (behind a confirmation), see it finished. Screenshots of each state
// go to test-results/screenshots (docs/screenshots with `npm run screenshots`).
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, screenshot, openRoom, signUp, startE2eWorld, unnamedControls, liveSettings } from "../support/e2e-app";
import { jsonObjectSchema, recordedBody } from "../support/upstream-requests";

const ROOM = "control-room";
const LIVE_KEY = "yt-live-add-4d8s-91kq-secret";
const WAIT = { timeout: 15_000 };

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "change a broadcast while live, in Chromium", { timeout: 30_000 }, () => {
  let world: E2eWorld;
  let context: BrowserContext;
  let page: Page;

  const lastRpc = (rpc: string) => recordedBody(world.sandbox.control.requests({ service: "livekit", rpc }).at(-1), jsonObjectSchema.optional());
  const destinations = () => page.getByRole("list", { name: "Destinations" });

  beforeAll(async () => {
    world = await startE2eWorld();
    context = await world.newContext();
    page = await context.newPage();
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 30_000);

  test("pick speaker at 720p30 before going live", async () => {
    await page.goto("/sign-in?next=/rooms");
    await signUp(page, "Controller");
    await openRoom(page, ROOM);

    await page.getByLabel("Layout", { exact: true }).selectOption("speaker");
    await page.getByLabel("Quality").selectOption("720p30");
    expect(await page.getByRole("radio", { name: "Landscape" }).isChecked()).toBe(true);
    const { unnamed } = await unnamedControls(page);
    expect(unnamed).toEqual([]);
    await screenshot(page, "20-controls-before-live");
  });

  test("go live: LiveKit gets the speaker layout and 720p30's encoding", async () => {
    await page.getByRole("button", { name: "Go live" }).click();
    await page.locator(".badge.live").waitFor(WAIT);
    const start = lastRpc("StartRoomCompositeEgress");
    expect(start?.layout).toBe("speaker");
    expect(start?.advanced).toEqual({ width: 1280, height: 720, framerate: 30, videoBitrate: 3000, audioBitrate: 128, keyFrameInterval: 2 });
    await liveSettings(page);
    expect(await page.getByLabel("Layout", { exact: true }).inputValue()).toBe("speaker");
    await page.getByText("720p 30 fps · 1280×720 · 3 Mbps video · 128 kbps audio").waitFor();
  });

  test("switch to grid while live: applied at once", async () => {
    await page.getByLabel("Layout", { exact: true }).selectOption("grid");
    await expect.poll(() => lastRpc("UpdateLayout")?.layout, WAIT).toBe("grid");
    await expect.poll(() => page.getByLabel("Layout", { exact: true }).isEnabled(), WAIT).toBe(true);
    expect(await page.getByLabel("Layout", { exact: true }).inputValue()).toBe("grid");
    await screenshot(page, "21-live-grid");
  });

  test("add a YouTube destination while live: its key goes once, then it shows live", async () => {
    await page.getByRole("group", { name: "Add a destination while live" }).getByRole("button", { name: "Add YouTube" }).click();
    const form = page.getByRole("form", { name: "Add a YouTube destination" });
    await form.getByLabel("Name shown to you").fill("YouTube backup");
    await form.getByLabel("Stream key", { exact: true }).fill(LIVE_KEY);
    await screenshot(page, "22-adding-destination");
    await form.getByRole("button", { name: "Add YouTube to the broadcast" }).click();
    const added = destinations().getByRole("listitem").filter({ hasText: "YouTube backup" });
    await added.getByText("Live", { exact: true }).waitFor(WAIT);
    await form.waitFor({ state: "detached" });
    expect(lastRpc("UpdateStream")?.addOutputUrls).toEqual([`rtmp://a.rtmp.youtube.com/live2/${LIVE_KEY}`]);
    expect(await page.content()).not.toContain(LIVE_KEY);
    await screenshot(page, "23-destination-added");
  });

  test("remove it, behind a confirmation: it stays listed as removed", async () => {
    const added = destinations().getByRole("listitem").filter({ hasText: "YouTube backup" });
    await added.getByRole("button", { name: "Remove YouTube backup" }).click();
    const dialog = page.getByRole("dialog", { name: "Stop sending to YouTube backup?" });
    await dialog.waitFor();
    await screenshot(page, "24-remove-confirm");
    await dialog.getByRole("button", { name: "Keep it" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(world.sandbox.control.requests({ service: "livekit", rpc: "UpdateStream" })).toHaveLength(1);

    await added.getByRole("button", { name: "Remove YouTube backup" }).click();
    await dialog.getByRole("button", { name: "Remove" }).click();
    await added.getByText("Removed", { exact: true }).waitFor(WAIT);
    await added.getByText(/^YouTube backup was removed (just now|\d+ s ago)\.$/).waitFor();
    expect(lastRpc("UpdateStream")?.removeOutputUrls).toEqual([`rtmp://a.rtmp.youtube.com/live2/${LIVE_KEY}`]);
    // The broadcast carries on to MUX.
    await page.locator(".badge.live").waitFor();
    await destinations().getByRole("listitem").filter({ hasText: "Watch page" }).getByText("Live", { exact: true }).waitFor();
    await screenshot(page, "25-destination-removed");
  });

  test("nothing but loopback was dialled, and the added key reached no log", () => {
    expect(world.external).toEqual([]);
    expect(world.appOutput()).not.toContain(LIVE_KEY);
  });
});
