// The host-left guardrail in Chromium, with a short window (docs/architecture.md, "Guardrails";
// docs/ui.md, "The studio panel"): a host who leaves the room sees the countdown, coming back
// cancels it, and leaving for good (a guest still in the room) ends the broadcast with its reason, as a stop does.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, screenshot, signUp, startE2eWorld, people } from "../support/e2e-app";

const WAIT = { timeout: 15_000 };
const ROOM = "guardrail-room";
const WINDOW_SECONDS = 8;

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "the host-left guardrail, in Chromium", { timeout: 60_000 }, () => {
  let world: E2eWorld;
  let page: Page;
  let guest: Page;
  const countdown = () => page.getByRole("timer");

  beforeAll(async () => {
    // The check runs with the in-process schedule, every second here.
    world = await startE2eWorld({ env: { LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS: String(WINDOW_SECONDS), RECONCILE_INTERVAL_SECONDS: "1" } });
    page = await (await world.newContext()).newPage();
    guest = await (await world.newContext()).newPage();
    await signUp(page, "Leaving Host");
    await signUp(guest, "Staying Guest");
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 30_000);

  test("the host leaves: a countdown; the host comes back: it is gone and the broadcast goes on", async () => {
    await page.goto(`/rooms/${ROOM}`);
    await page.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    // A guest stays in the room throughout: without anyone in it, the room would close (and
    // its egress end) the moment the host left.
    await (await people(page)).getByRole("radio", { name: /Guest/ }).check();
    await (await people(page)).getByRole("button", { name: "Create invite link" }).click();
    await guest.goto(await page.getByRole("textbox", { name: "Invite link (shown once: copy it now)" }).inputValue());
    await guest.getByRole("button", { name: `Join ${ROOM}` }).click();
    await guest.waitForURL((u) => u.pathname === `/rooms/${ROOM}`, WAIT);
    await guest.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    await page.getByRole("button", { name: "Go live" }).click();
    await page.locator(".badge.live").waitFor(WAIT);
    expect(await countdown().count()).toBe(0);

    await page.getByRole("button", { name: "Leave the room" }).click();
    await countdown().waitFor(WAIT);
    expect(await countdown().getAttribute("data-kind")).toBe("host-left");
    expect(await countdown().locator("[aria-hidden=true]").textContent()).toMatch(/^Ends in 0:0\d unless a host returns$/);
    await screenshot(page, "26-guardrail-countdown");

    await page.getByRole("button", { name: "Join the room" }).click();
    await countdown().waitFor({ state: "detached", ...WAIT });
    // Past the window the broadcast is still live: the return cancelled the stop.
    await page.waitForTimeout((WINDOW_SECONDS + 2) * 1000);
    expect(await page.locator(".badge.live").count()).toBe(1);
  });

  test("the host leaves for good: the broadcast ends when the window does, saying why", async () => {
    const egress = world.sandbox.control.egresses().find((e) => e.room_name === ROOM && e.status === "EGRESS_ACTIVE");
    expect(egress).toBeDefined();
    const left = Date.now();
    await page.getByRole("button", { name: "Leave the room" }).click();
    await countdown().waitFor(WAIT);
    await page.locator(".badge.ended").waitFor({ timeout: (WINDOW_SECONDS + 15) * 1000 });
    // LiveKit stamps its events in whole seconds, and the window runs from the leave's stamp.
    expect(Date.now() - left).toBeGreaterThanOrEqual((WINDOW_SECONDS - 1) * 1000);
    await page.getByText(`Stopped: no host in the room for ${WINDOW_SECONDS} seconds. The recording is kept.`).waitFor(WAIT);
    expect(await countdown().count()).toBe(0);
    // Stopped as a stop does: the egress ended.
    expect(world.sandbox.control.egress(egress?.egress_id ?? "")?.status).toBe("EGRESS_COMPLETE");
    await screenshot(page, "27-guardrail-ended");
  });
});
