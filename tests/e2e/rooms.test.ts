// Rooms that belong to someone, as people meet them in Chromium: the owner invites a guest
// with a link, a stranger is kept out, the guest joins with the link and can't go live, is told
// where they stand when the owner goes live (backstage, then on air once brought on stage; docs/ui.md,
// "The guest's view"), a viewer sees who is on stage, leaving the room releases the guest's camera,
// a revoked link stops working, and a removed member is out.
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
  /** What went wrong on the guest's page while in the room: console errors and 4xx/5xx answers. */
  const guestTroubles: string[] = [];

  beforeAll(async () => {
    world = await startE2eWorld();
    ownerContext = await world.newContext();
    guestContext = await world.newContext();
    // Every camera stream the page gets, kept where the test can see whether its tracks stopped.
    await guestContext.addInitScript(() => {
      const media = navigator.mediaDevices;
      const original = media.getUserMedia.bind(media);
      const kept: MediaStream[] = [];
      Object.assign(window, { __golive_streams: kept });
      media.getUserMedia = async (constraints) => {
        const stream = await original(constraints);
        kept.push(stream);
        return stream;
      };
    });
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
    // On a phone the picture's selects show their whole label (it once read "4.5 Mbps vi").
    await owner.setViewportSize({ width: 390, height: 844 });
    const cut = await owner.locator(".picture select").evaluateAll((selects) =>
      selects.flatMap((el) => {
        const select = el as HTMLSelectElement;
        const style = getComputedStyle(select);
        const context = document.createElement("canvas").getContext("2d");
        if (!context) return ["no canvas"];
        context.font = style.font;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16; // the arrow
        const text = select.selectedOptions[0]?.text ?? "";
        return context.measureText(text).width > room ? [`${select.id}: "${text}" needs ${Math.ceil(context.measureText(text).width)} px of ${room}`] : [];
      }),
    );
    expect(cut).toEqual([]);
    await owner.setViewportSize({ width: 1280, height: 860 });
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
    guest.on("console", (m) => void (m.type() === "error" && guestTroubles.push(`console: ${m.text()}`)));
    guest.on("response", (r) => void (r.status() >= 400 && guestTroubles.push(`${r.status()} ${new URL(r.url()).pathname}`)));
    await guest.getByRole("button", { name: "Join team-room" }).click();
    await guest.waitForURL((u) => u.pathname === "/rooms/team-room", WAIT);
    await guest.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    // Not live yet, and where they will be when it starts: backstage, guests' default.
    const cue = guest.locator(".guest-studio").getByRole("status");
    await cue.getByText("Not live yet").waitFor(WAIT);
    await cue.getByText("You're backstage").waitFor(WAIT);
    expect(await guest.getByRole("button", { name: "Go live" }).count()).toBe(0);
    await guest.waitForLoadState("networkidle");
    await screenshot(guest, "15-room-as-guest");

    await owner.reload();
    await (await people(owner)).getByRole("list", { name: "Members" }).getByText("Invited Guest").waitFor(WAIT);
  });

  test("the guest's cue: backstage while the owner is live, on air once brought on stage; a viewer sees the stage too", async () => {
    const cue = guest.locator(".guest-studio").getByRole("status");
    await owner.getByRole("button", { name: "Go live" }).click();
    await owner.locator(".badge.live").waitFor(WAIT);
    await cue.getByText("Backstage — not on air").waitFor(WAIT);
    await cue.getByText("A host can bring you on stage.").waitFor();
    await screenshot(guest, "16-guest-backstage");

    await owner.locator(".stage-list").getByRole("button", { name: "Bring Invited Guest on stage" }).click();
    await cue.getByText("You're live").waitFor(WAIT);
    await cue.getByText("Viewers see and hear you.").waitFor();
    expect(await guest.locator(".guest-studio.on-air").count()).toBe(1);
    await guest.locator(".stage-list").getByRole("listitem").filter({ hasText: "Invited Guest" }).getByText("On stage").waitFor(WAIT);
    await guest.locator(".guest-studio").scrollIntoViewIfNeeded();
    await screenshot(guest, "17-guest-on-air");

    // A viewer: who is on stage, without the controls, and that the room is live.
    const viewerInvite = await owner.request.post("/api/rooms/invites", { data: { room: "team-room", role: "viewer" } });
    expect(viewerInvite.status()).toBe(201);
    const viewer = await (await world.newContext()).newPage();
    await signUp(viewer, "Quiet Viewer");
    await viewer.goto(((await viewerInvite.json()) as { url: string }).url);
    await viewer.getByRole("button", { name: "Join team-room" }).click();
    await viewer.waitForURL((u) => u.pathname === "/rooms/team-room", WAIT);
    const viewerStage = viewer.locator(".stage-list");
    await viewerStage.getByRole("listitem").filter({ hasText: "Room Owner" }).getByText("On stage").waitFor(WAIT);
    await viewerStage.getByRole("listitem").filter({ hasText: "Invited Guest" }).getByText("On stage").waitFor(WAIT);
    expect(await viewer.getByRole("button", { name: /on stage|backstage/ }).count()).toBe(0);
    await viewer.locator(".guest-studio").getByText("Live — you're watching").waitFor(WAIT);
    await viewer.close();

    await owner.getByRole("button", { name: "End stream" }).click();
    await owner.getByRole("dialog", { name: "End the broadcast?" }).getByRole("button", { name: "End stream" }).click();
    await owner.locator(".badge.ended").waitFor(WAIT);
    await cue.getByText("Not live yet").waitFor(WAIT);
    await cue.getByText("You're on stage").waitFor();
    // The whole visit: no console error, no request answered 4xx/5xx (none while the room wasn't live either).
    expect(guestTroubles).toEqual([]);
    guest.removeAllListeners("console");
    guest.removeAllListeners("response");
  });

  test("leaving the room stops the guest's camera", async () => {
    const tracks = () => guest.evaluate(() => ((window as unknown as { __golive_streams: MediaStream[] }).__golive_streams ?? []).flatMap((s) => s.getTracks().map((t) => t.readyState)));
    expect(await tracks()).toContain("live");
    await guest.getByRole("button", { name: "Leave the room" }).click();
    await guest.getByText("You left the room.").waitFor(WAIT);
    await expect.poll(tracks, WAIT).not.toContain("live");
    expect((await tracks()).length).toBeGreaterThan(0);
    await guest.getByRole("button", { name: "Join the room" }).click();
    await guest.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
  });

  test("a revoked link stops working", async () => {
    await (await people(owner)).getByRole("list", { name: "Invite links" }).getByRole("listitem").filter({ hasText: "Guest" }).getByRole("button", { name: "Revoke" }).first().click();
    await (await people(owner)).getByRole("list", { name: "Invite links" }).locator(".state-chip", { hasText: "revoked" }).waitFor(WAIT);
    const stranger = await (await world.newContext()).newPage();
    await signUp(stranger, "Late Stranger");
    await stranger.goto(inviteLink);
    await stranger.getByText("This invite link doesn't work").waitFor(WAIT);
  });

  test("a removed member is out", async () => {
    await (await people(owner)).getByRole("list", { name: "Members" }).getByRole("listitem").filter({ hasText: "Invited Guest" }).getByRole("button", { name: "Remove" }).click();
    await owner.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
    await (await people(owner)).getByRole("list", { name: "Members" }).getByText("Invited Guest").waitFor({ state: "detached", ...WAIT });
    await guest.goto("/rooms/team-room");
    await guest.getByText("You are no longer in this room: its owner removed you.").waitFor(WAIT);
  });
});
