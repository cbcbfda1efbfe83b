// Rooms that belong to someone, as people meet them in Chromium: the owner invites a guest
// with a link, a stranger is kept out, the guest joins with the link and can't go live, a
// revoked link stops working, and a removed member is out.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, screenshot, signUp, startE2eWorld, people } from "../support/e2e-app";

const WAIT = { timeout: 15_000 };

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "rooms, roles and invite links, in Chromium", { timeout: 60_000 }, () => {
  let world: E2eWorld;
  let ownerContext: BrowserContext;
  let guestContext: BrowserContext;
  let owner: Page;
  let guest: Page;

  beforeAll(async () => {
    world = await startE2eWorld();
    ownerContext = await world.newContext();
    guestContext = await world.newContext();
    owner = await ownerContext.newPage();
    guest = await guestContext.newPage();
    await signUp(owner, "Room Owner");
    await signUp(guest, "Invited Guest");
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 30_000);

  let inviteLink = "";

  test("the first to open a name owns it, and gets an invite panel", async () => {
    // Nothing on the page fails quietly: no console error, no request answered 4xx/5xx.
    const troubles: string[] = [];
    owner.on("console", (m) => void (m.type() === "error" && troubles.push(`console: ${m.text()}`)));
    owner.on("response", (r) => void (r.status() >= 400 && troubles.push(`${r.status()} ${new URL(r.url()).pathname}`)));
    await owner.goto("/rooms/team-room");
    await owner.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    await (await people(owner)).getByRole("heading", { name: "People in this room" }).waitFor();
    await owner.getByRole("button", { name: "Go live" }).waitFor(WAIT);
    await owner.waitForLoadState("networkidle");
    expect(troubles).toEqual([]);
    owner.removeAllListeners("console");
    owner.removeAllListeners("response");
    await (await people(owner)).getByRole("radio", { name: /Guest/ }).check();
    await (await people(owner)).getByRole("button", { name: "Create invite link" }).click();
    const field = owner.getByRole("textbox", { name: "Invite link (shown once: copy it now)" });
    await field.waitFor(WAIT);
    inviteLink = await field.inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${world.url}/invite/[0-9a-f-]{36}\\.`));
    // Listed at once with the link, never "No invite links yet." in between.
    expect(await owner.getByText("No invite links yet.").count()).toBe(0);
    await (await people(owner)).getByRole("list", { name: "Invite links" }).getByText("Guest").waitFor(WAIT);
    await screenshot(owner, "12-room-owner-invites");
  });

  test("a stranger who knows the name is kept out", async () => {
    await guest.goto("/rooms/team-room");
    await guest.getByText("This room belongs to someone else.").waitFor(WAIT);
    expect(await guest.getByRole("button", { name: "Go live" }).count()).toBe(0);
    await screenshot(guest, "13-room-not-yours");
    const token = await guest.request.get("/api/livekit/token?room=team-room");
    expect(token.status()).toBe(404);
  });

  test("the invite link lands the guest in the room as a guest, who can't go live", async () => {
    await guest.goto(inviteLink);
    await guest.getByText("You are invited as").waitFor(WAIT);
    await screenshot(guest, "14-invite-landing");
    await guest.getByRole("button", { name: "Join team-room" }).click();
    await guest.waitForURL((u) => u.pathname === "/rooms/team-room", WAIT);
    await guest.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    await guest.getByText("Only the room's hosts can take it live.").waitFor(WAIT);
    expect(await guest.getByRole("button", { name: "Go live" }).count()).toBe(0);
    await screenshot(guest, "15-room-as-guest");

    await owner.reload();
    await (await people(owner)).getByRole("list", { name: "Members" }).getByText("Invited Guest").waitFor(WAIT);
  });

  test("a revoked link stops working", async () => {
    await (await people(owner)).getByRole("list", { name: "Invite links" }).getByRole("button", { name: "Revoke" }).first().click();
    await (await people(owner)).getByRole("list", { name: "Invite links" }).locator(".state-chip", { hasText: "revoked" }).waitFor(WAIT);
    const stranger = await (await world.newContext()).newPage();
    await signUp(stranger, "Late Stranger");
    await stranger.goto(inviteLink);
    await stranger.getByText("This invite link doesn't work").waitFor(WAIT);
  });

  test("a removed member is out", async () => {
    await (await people(owner)).getByRole("list", { name: "Members" }).getByRole("button", { name: "Remove" }).click();
    await owner.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
    await (await people(owner)).getByRole("list", { name: "Members" }).getByText("Invited Guest").waitFor({ state: "detached", ...WAIT });
    await guest.goto("/rooms/team-room");
    await guest.getByText("You are no longer in this room: its owner removed you.").waitFor(WAIT);
  });
});
