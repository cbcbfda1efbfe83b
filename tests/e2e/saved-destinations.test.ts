// Saved destinations in a real browser, against the built app and the sandbox (docs/ui.md, "The
// studio panel"): a pasted YouTube destination saved with "Save this destination" at go-live,
// the next broadcast sent to it by ticking it (its key never back on the page), one added by id
// while live, and the manage list's rename and delete (behind a confirmation).
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, openRoom, signUp, startE2eWorld, unnamedControls, liveSettings } from "../support/e2e-app";
import { jsonObjectSchema, recordedBody, roomCompositeEgressSchema } from "../support/upstream-requests";

const ROOM = "saved-room";
const YT_KEY = "yt-saved-e2e-4d8s-91kq-secret";
const OWN_KEY = "own-saved-e2e-key-0123456789";
const WAIT = { timeout: 15_000 };

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "saved destinations, in Chromium", { timeout: 30_000 }, () => {
  let world: E2eWorld;
  let context: BrowserContext;
  let page: Page;

  const lastRpc = (rpc: string) => recordedBody(world.sandbox.control.requests({ service: "livekit", rpc }).at(-1), jsonObjectSchema.optional());
  const lastEgressUrls = () => recordedBody(world.sandbox.control.requests({ service: "livekit", rpc: "StartRoomCompositeEgress" }).at(-1), roomCompositeEgressSchema).streamOutputs[0]?.urls ?? [];
  const saved = () => page.getByRole("group", { name: "Saved destinations" });

  async function endAndSetUpAgain() {
    await page.getByRole("button", { name: "End stream" }).click();
    await page.getByRole("dialog", { name: "End the broadcast?" }).getByRole("button", { name: "End stream" }).click();
    await page.locator(".badge.ended").waitFor(WAIT);
    await page.getByRole("button", { name: "Set up a new broadcast" }).click();
    await page.getByRole("button", { name: "Go live" }).waitFor(WAIT);
  }

  beforeAll(async () => {
    world = await startE2eWorld();
    context = await world.newContext();
    page = await context.newPage();
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 30_000);

  test("go live with a pasted YouTube destination, saving it: the key goes once, then only its mask shows", async () => {
    await page.goto("/sign-in?next=/rooms");
    await signUp(page, "Saver");
    await openRoom(page, ROOM);
    // One saved through the API (the routes the panel's actions share), for the live test below.
    const made = await page.evaluate(async (key) => {
      const res = await fetch("/api/video/destinations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "custom", name: "Own server", streamKey: key, customRtmpUrl: "rtmp://live.example.com/app" }),
      });
      return res.status;
    }, OWN_KEY);
    expect(made).toBe(201);

    await page.getByRole("button", { name: "Add YouTube" }).click();
    await page.getByLabel("Name shown to you").fill("My channel");
    await page.getByLabel("Stream key", { exact: true }).fill(YT_KEY);
    await page.getByLabel(/^Save this destination/).check();
    const { unnamed } = await unnamedControls(page);
    expect(unnamed).toEqual([]);
    await page.getByRole("button", { name: "Go live" }).click();
    await page.locator(".badge.live").waitFor(WAIT);
    expect(lastEgressUrls().slice(1)).toEqual([`rtmp://a.rtmp.youtube.com/live2/${YT_KEY}`]);
    expect(await page.content()).not.toContain(YT_KEY);
  });

  test("while live: a saved destination is added by id", async () => {
    await liveSettings(page);
    const add = page.getByRole("form", { name: "Add a saved destination" });
    await add.getByLabel("Add a saved destination").selectOption({ label: "Own server — Custom server · rtmp://live.example.com/app/own-…6789" });
    await add.getByRole("button", { name: "Add to the broadcast" }).click();
    await page.getByRole("list", { name: "Destinations" }).getByRole("listitem").filter({ hasText: "Own server" }).getByText("Live", { exact: true }).waitFor(WAIT);
    expect(lastRpc("UpdateStream")?.addOutputUrls).toEqual([`rtmp://live.example.com/app/${OWN_KEY}`]);
    expect(await page.content()).not.toContain(OWN_KEY);
  });

  test("next broadcast: tick the saved destination instead of pasting; the egress dials its full URL", async () => {
    await endAndSetUpAgain();
    const mine = saved().getByLabel(/^My channel/);
    await mine.waitFor(WAIT);
    expect(await saved().getByText("YouTube · rtmp://a.rtmp.youtube.com/live2/yt-s…cret").count()).toBe(1);
    await mine.check();
    await page.getByRole("button", { name: "Go live" }).click();
    await page.locator(".badge.live").waitFor(WAIT);
    expect(lastEgressUrls().slice(1)).toEqual([`rtmp://a.rtmp.youtube.com/live2/${YT_KEY}`]);
    expect(await page.content()).not.toContain(YT_KEY);
  });

  test("manage: rename one, delete the other behind a confirmation", async () => {
    await endAndSetUpAgain();
    await page.getByText(/^Manage saved destinations/).click();
    await page.getByRole("button", { name: "Rename My channel" }).click();
    await page.getByLabel("New name").fill("Main channel");
    await page.getByRole("button", { name: "Save name" }).click();
    await saved().getByLabel(/^Main channel/).waitFor(WAIT);

    await page.getByRole("button", { name: "Delete Own server" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete “Own server”?" });
    await dialog.getByRole("button", { name: "Keep it" }).click();
    await dialog.waitFor({ state: "hidden" });
    await saved().getByLabel(/^Own server/).waitFor();
    await page.getByRole("button", { name: "Delete Own server" }).click();
    await dialog.getByRole("button", { name: "Delete it and its key" }).click();
    await saved().getByLabel(/^Own server/).waitFor({ state: "detached", ...WAIT });
    expect(await saved().getByRole("checkbox").count()).toBe(1);
  });

  test("no key reached a log", () => {
    expect(world.external).toEqual([]);
    expect(world.appOutput()).not.toContain(YT_KEY);
    expect(world.appOutput()).not.toContain(OWN_KEY);
  });
});
