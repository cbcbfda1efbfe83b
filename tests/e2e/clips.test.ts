// Clips and MP4s in Chromium against the sandbox (docs/architecture.md, "Clips"): "Clip last 30 s"
// while live plays the instant clip at once in the studio panel; on the recordings page the
// recording's "Download MP4" says "Preparing MP4…" and then downloads a real MP4 (its bytes open
// with an `ftyp` box).
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, screenshot, signUp, startE2eWorld } from "../support/e2e-app";

const ROOM = "clips-room";
const WAIT = { timeout: 20_000 };

/** currentTime of the <video> inside the clip's mux-player. */
function clipTime(page: Page): Promise<number> {
  return page.evaluate(() => {
    const player = document.querySelector(".live-clips mux-player");
    const video = player?.shadowRoot?.querySelector("mux-video")?.shadowRoot?.querySelector("video");
    return video?.currentTime ?? 0;
  });
}

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "clips and MP4s, in Chromium", { timeout: 90_000 }, () => {
  let world: E2eWorld;
  let host: Page;

  beforeAll(async () => {
    world = await startE2eWorld();
    const context = await world.newContext();
    host = await context.newPage();
    await signUp(host, "Clip Host");
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 30_000);

  test("while live, Clip last 30 s makes an instant clip that plays at once", async () => {
    await host.goto(`/rooms/${ROOM}`);
    await host.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    await host.getByRole("button", { name: "Go live" }).click();
    await host.locator(".badge.live").waitFor(WAIT);
    await host.waitForTimeout(6_000);
    await host.getByRole("button", { name: "Clip last 30 s" }).click();
    const clips = host.getByRole("list", { name: "Clips made now" });
    await clips.getByRole("listitem").first().waitFor(WAIT);
    const src = await clips.locator("mux-player").getAttribute("src");
    expect(src).toMatch(new RegExp(`^${world.sandbox.muxBaseUrl}/stream/\\w+\\.m3u8\\?program_start_time=\\d+&program_end_time=\\d+$`));
    await expect.poll(() => clipTime(host), WAIT).toBeGreaterThan(0.5);
    await screenshot(host, "60-live-clip-playing");
  });

  test("the recordings page: the clip under its recording; Download MP4 → Preparing MP4… → a real MP4", async () => {
    await host.getByRole("button", { name: "End stream" }).click();
    await host.getByRole("dialog", { name: "End the broadcast?" }).getByRole("button", { name: "End stream" }).click();
    await host.locator(".badge.ended").waitFor(WAIT);

    await host.goto("/recordings");
    const item = host.getByRole("list", { name: "Your broadcasts, newest first" }).getByRole("listitem").first();
    const section = item.getByRole("region", { name: `Clips and downloads of ${ROOM}` });
    await section.getByRole("list", { name: "Clips of Recording" }).getByRole("listitem").first().waitFor(WAIT);
    await section.locator(".part-line").getByRole("button", { name: "Download MP4" }).click();
    await section.getByText("Preparing MP4…").waitFor(WAIT);
    await screenshot(host, "61-recordings-preparing-mp4");
    const link = section.locator(".part-line").getByRole("link", { name: "Download MP4" });
    await link.waitFor(WAIT);
    const [download] = await Promise.all([host.waitForEvent("download", WAIT), link.click()]);
    expect(download.suggestedFilename()).toBe(`${ROOM}-recording.mp4`);
    const bytes = await readFile((await download.path()) ?? "");
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    await screenshot(host, "62-recordings-clips-and-mp4");
  });
});
