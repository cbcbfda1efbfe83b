// A private broadcast with live captions, in Chromium against the built app and the sandbox
// (whose MUX checks playback tokens as MUX does): it plays for its owner and for a share-link
// holder without an account, with the captions track, and keeps playing across the renewal of
// its short-lived tokens; a stranger without the link gets a page that says so — never a broken
// player — and once the link is revoked the holder's open page stops playing and says so too.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, screenshot, signUp, startE2eWorld } from "../support/e2e-app";

const ROOM = "private-room";
const WAIT = { timeout: 15_000 };
// Short tokens, so the pages renew them within the test (the default is 600 s).
const TOKEN_SECONDS = 8;

type Playing = { currentTime: number; subtitles: string[] };

/** mux-player's <video> (two shadow roots down): its clock, and its subtitles tracks' languages. */
function playing(page: Page): Promise<Playing | null> {
  return page.evaluate(() => {
    const video = document.querySelector("mux-player")?.shadowRoot?.querySelector("mux-video")?.shadowRoot?.querySelector("video");
    if (!video) return null;
    const subtitles = Array.from(video.textTracks)
      .filter((t) => t.kind === "subtitles" || t.kind === "captions")
      .map((t) => t.language);
    return { currentTime: video.currentTime, subtitles };
  });
}

/** Waits until the page's player has played for two seconds of its own clock. */
async function assertPlays(page: Page): Promise<Playing> {
  await page.locator("mux-player").waitFor(WAIT);
  await expect.poll(async () => (await playing(page))?.currentTime ?? 0, WAIT).toBeGreaterThan(0);
  const first = (await playing(page))?.currentTime ?? 0;
  await expect.poll(async () => ((await playing(page))?.currentTime ?? 0) - first, WAIT).toBeGreaterThanOrEqual(2);
  const state = await playing(page);
  if (!state) throw new Error("the player went away");
  return state;
}

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "a private broadcast with captions, in Chromium", { timeout: 60_000 }, () => {
  let world: E2eWorld;
  let hostContext: BrowserContext;
  let strangerContext: BrowserContext;
  let host: Page;
  let stranger: Page;
  let watchPath = "";
  let shareUrl = "";

  beforeAll(async () => {
    world = await startE2eWorld({ env: { LIVESTREAM_PLAYBACK_TOKEN_SECONDS: String(TOKEN_SECONDS) } });
    hostContext = await world.newContext();
    strangerContext = await world.newContext();
    host = await hostContext.newPage();
    stranger = await strangerContext.newPage();
    await signUp(host, "Private Host");
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 30_000);

  test("go live privately, with English captions", async () => {
    await host.goto(`/rooms/${ROOM}`);
    await host.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    await host.getByRole("radio", { name: /^Private/ }).check();
    await host.getByLabel("Live captions").selectOption("en");
    await screenshot(host, "40-private-before-live");
    await host.getByRole("button", { name: "Go live" }).click();
    await host.locator(".badge.live").waitFor(WAIT);
    await host.getByText("Private", { exact: true }).waitFor();
    await host.getByText("Captions: English").waitFor();
    const playbackUrl = await host.getByLabel("Playback URL", { exact: true }).inputValue();
    // MUX's own URL, never a token in it.
    expect(playbackUrl).toMatch(/^https:\/\/stream\.mux\.com\/\w+\.m3u8$/);
    watchPath = `/watch/${playbackUrl.replace(/^.*\/(\w+)\.m3u8$/, "$1")}`;
  });

  test("the owner's watch page plays it with a token, and the captions track is there", async () => {
    const owner = await hostContext.newPage();
    await owner.goto(watchPath);
    const state = await assertPlays(owner);
    expect(state.subtitles).toContain("en");
    const first = await owner.locator("mux-player").getAttribute("src");
    expect(first).toMatch(/\.m3u8\?token=/);
    await screenshot(owner, "41-private-owner-watching");
    // Half-way through the tokens' life the page renews them; the player plays on with the new ones.
    await expect.poll(() => owner.locator("mux-player").getAttribute("src"), { timeout: TOKEN_SECONDS * 1000 + 5_000 }).not.toBe(first);
    await assertPlays(owner);
    await owner.close();
  });

  test("a stranger without a link gets a page saying it is private, not a player", async () => {
    await stranger.goto(watchPath);
    await stranger.getByRole("heading", { name: `${ROOM} is private` }).waitFor(WAIT);
    await stranger.getByText("Only people the host invited can watch this broadcast.").waitFor();
    expect(await stranger.locator("mux-player").count()).toBe(0);
    await screenshot(stranger, "42-private-refused");
  });

  test("the owner makes a share link; its holder watches without an account, with captions", async () => {
    await host.getByRole("button", { name: "Create share link" }).click();
    const field = host.getByLabel("Share link (shown once: copy it now)", { exact: true });
    await field.waitFor(WAIT);
    shareUrl = await field.inputValue();
    expect(shareUrl).toMatch(new RegExp(`${watchPath}\\?share=`));
    await host.getByRole("list", { name: "Share links" }).getByRole("listitem").first().waitFor();
    await screenshot(host, "43-share-link-made");

    await stranger.goto(shareUrl);
    const state = await assertPlays(stranger);
    expect(state.subtitles).toContain("en");
    await screenshot(stranger, "44-share-link-watching");
  });

  test("revoked: the holder's open page stops playing and says so; the next visit with the link is refused", async () => {
    const links = host.getByRole("list", { name: "Share links" });
    await links.getByRole("button", { name: /^Revoke/ }).first().click();
    await links.getByText("revoked", { exact: true }).waitFor(WAIT);
    // Whichever comes first: the live page's refresh, or the refused renewal.
    await stranger
      .getByText(/This share link doesn't work any more|Your access to this broadcast has ended/)
      .first()
      .waitFor({ timeout: TOKEN_SECONDS * 1000 + 5_000 });
    expect(await stranger.locator("mux-player").count()).toBe(0);
    await stranger.goto(shareUrl);
    await stranger.getByRole("heading", { name: `${ROOM} is private` }).waitFor(WAIT);
    await stranger.getByText("This share link doesn't work any more").waitFor();
    expect(await stranger.locator("mux-player").count()).toBe(0);
    await screenshot(stranger, "45-share-link-revoked");
  });

  test("nothing but loopback was dialled; the share token reached no log", () => {
    expect(world.external).toEqual([]);
    const secret = new URL(shareUrl).searchParams.get("share")?.split(".")[1] ?? "";
    expect(secret.length).toBeGreaterThan(10);
    expect(world.appOutput()).not.toContain(secret);
  });
});
