// Stream health in a real browser, against the built app and the sandbox: one health line per
// destination, MUX's ingest health, a dropped destination reconnecting with its attempts (never a
// green "Live"), a failed one with a Retry that works. Screenshots of each state go to
// test-results/screenshots (docs/screenshots with `npm run screenshots`).
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, screenshot, openRoom, signUp, startE2eWorld, liveSettings } from "../support/e2e-app";
import { jsonObjectSchema, recordedBody } from "../support/upstream-requests";

const ROOM = "health-room";
const YT_KEY = "yt-health-4d8s-91kq-secret";
const TW_KEY = "live_987654321_healthsecretkey";
const WAIT = { timeout: 15_000 };
// MUX's stats are read at most once per stream per 15 s, and the panel polls every 3 s.
const STATS_WAIT = { timeout: 25_000 };

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "stream health in the studio panel, in Chromium", { timeout: 40_000 }, () => {
  let world: E2eWorld;
  let context: BrowserContext;
  let page: Page;

  const control = () => world.sandbox.control;
  const destinations = () => page.getByRole("list", { name: "Destinations" });
  const row = (name: string) => destinations().getByRole("listitem").filter({ hasText: name });
  const egressId = () => (control().egresses().at(-1)?.egress_id ?? "");
  const updateStreams = () => control().requests({ service: "livekit", rpc: "UpdateStream" }).map((r) => recordedBody(r, jsonObjectSchema));

  beforeAll(async () => {
    world = await startE2eWorld();
    context = await world.newContext();
    page = await context.newPage();
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 30_000);

  test("go live with YouTube, add Twitch: a health line each, and MUX's ingest", async () => {
    await page.goto("/sign-in?next=/rooms");
    await signUp(page, "Streamer");
    await openRoom(page, ROOM);
    await page.getByRole("button", { name: "Add YouTube" }).click();
    await page.getByLabel("Stream key", { exact: true }).fill(YT_KEY);
    await page.getByRole("button", { name: "Go live" }).click();
    await page.locator(".badge.live").waitFor(WAIT);

    await liveSettings(page);
    await page.getByRole("group", { name: "Add a destination while live" }).getByRole("button", { name: "Add Twitch" }).click();
    const form = page.getByRole("form", { name: "Add a Twitch destination" });
    await form.getByLabel("Stream key", { exact: true }).fill(TW_KEY);
    await form.getByRole("button", { name: "Add Twitch to the broadcast" }).click();
    await row("Twitch").getByText("Twitch is live.").waitFor(WAIT);
    await row("YouTube").getByText("YouTube is live.").waitFor();
    await row("Watch page").getByText("Watch page is live.").waitFor();

    const stream = control().muxLiveStreams().find((s) => s.status === "active");
    control().setIngestHealth(stream?.id ?? "", { status: "good", streamDriftSessionAvg: 640 });
    await row("Watch page").getByText("Incoming video: good").waitFor(STATS_WAIT);
    expect(await row("Watch page").locator(".health-line.ok").count()).toBe(2);
    await screenshot(page, "60-health-all-live");
  });

  test("a dropped destination shows its reconnect attempts, amber, never a green Live", async () => {
    // LiveKit retries it every 2 s and reconnects it after 20 s (inside its 30 s window).
    expect(control().dropStreamUrl(egressId(), "twitch", "server closed the connection", 20_000)).toBe(true);
    const twitch = row("Twitch");
    await twitch.getByText(/^Twitch is reconnecting: 1 attempt, last (\d+ s ago|just now)$/).waitFor(WAIT);
    await twitch.getByText("Reconnecting", { exact: true }).waitFor();
    expect(await twitch.getByText("Live", { exact: true }).count()).toBe(0);
    expect(await twitch.locator(".health-line.warn").count()).toBe(1);
    // The line's time moves on between polls.
    await twitch.getByText(/last [3-9] s ago$/).waitFor(WAIT);
    await screenshot(page, "61-health-reconnecting");
  });

  test("a failed destination says why and offers Retry, which re-adds the same URL", async () => {
    expect(control().failStreamUrl(egressId(), "a.rtmp.youtube.com", "connection refused")).toBe(true);
    const youtube = row("YouTube");
    await youtube.getByText("YouTube failed: connection refused").waitFor(WAIT);
    expect(await youtube.locator(".health-line.bad").count()).toBe(1);
    await screenshot(page, "62-health-failed-retry");
    const before = updateStreams().length;
    await youtube.getByRole("button", { name: "Retry YouTube" }).click();
    await youtube.getByText("YouTube is live.").waitFor(WAIT);
    expect(updateStreams().slice(before)).toEqual([{ egressId: egressId(), addOutputUrls: [`rtmp://a.rtmp.youtube.com/live2/${YT_KEY}`] }]);
    expect(await youtube.getByRole("button", { name: "Retry YouTube" }).count()).toBe(0);
    await youtube.getByText("Live", { exact: true }).waitFor();
    expect(await page.content()).not.toContain(YT_KEY);
    await screenshot(page, "63-health-retried");
  });

  test("MUX's warning shows on MUX's line", async () => {
    const stream = control().muxLiveStreams().find((s) => s.status === "active");
    control().liveStreamWarning(stream?.id ?? "", { type: "unsupported_keyframe_interval", message: "Keyframes arrive every 8 s; send one every 2 s." });
    await row("Watch page").getByText(/^Warning, (\d+ s ago|just now): Keyframes arrive every 8 s; send one every 2 s\.$/).waitFor(WAIT);
    await screenshot(page, "64-health-mux-warning");
  });

  test("nothing but loopback was dialled, and no key reached a log", () => {
    expect(world.external).toEqual([]);
    expect(world.appOutput()).not.toContain(YT_KEY);
    expect(world.appOutput()).not.toContain(TW_KEY);
  });
});
