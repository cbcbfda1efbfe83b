// Removing a host who is live, as the room's owner does it in Chromium: the owner's studio
// shows the host's broadcast (with End stream), the invite panel warns what removing them will
// do before it happens, the broadcast ends, and the removed host's page says they are no
// longer in the room (docs/architecture.md, "Rooms and roles").
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, screenshot, signUp, startE2eWorld, people } from "../support/e2e-app";

const WAIT = { timeout: 15_000 };
const ROOM = "removal-room";

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "removing a live host, in Chromium", { timeout: 90_000 }, () => {
  let world: E2eWorld;
  let owner: Page;
  let host: Page;

  beforeAll(async () => {
    world = await startE2eWorld();
    owner = await (await world.newContext()).newPage();
    host = await (await world.newContext()).newPage();
    await signUp(owner, "Room Owner");
    await signUp(host, "Live Host");
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 30_000);

  test("an invited host goes live; the owner's studio shows their broadcast with End stream", async () => {
    await owner.goto(`/rooms/${ROOM}`);
    await owner.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    await (await people(owner)).getByRole("radio", { name: /Host/ }).check();
    await (await people(owner)).getByRole("button", { name: "Create invite link" }).click();
    const link = await owner.getByRole("textbox", { name: "Invite link (shown once: copy it now)" }).inputValue();

    await host.goto(link);
    await host.getByRole("button", { name: `Join ${ROOM}` }).click();
    await host.waitForURL((u) => u.pathname === `/rooms/${ROOM}`, WAIT);
    await host.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    await host.getByRole("button", { name: "Go live" }).click();
    await host.locator(".badge.live").waitFor(WAIT);
    await host.getByText("You are live.").waitFor(WAIT);

    await owner.reload();
    await owner.getByText("Live Host is live in your room.").waitFor(WAIT);
    await owner.getByRole("button", { name: "End stream" }).waitFor(WAIT);
    await (await people(owner)).getByRole("list", { name: "Members" }).getByRole("listitem").filter({ hasText: "Live Host" }).getByText("live", { exact: true }).waitFor(WAIT);
    await screenshot(owner, "50-owner-sees-hosts-broadcast");
  });

  test("the owner removes the live host: a warning first, then the broadcast ends and the host's page says they are out", async () => {
    const egress = world.sandbox.control.egresses().find((e) => e.room_name === ROOM);
    expect(egress?.status).toBe("EGRESS_ACTIVE");
    expect(world.sandbox.control.participants(ROOM)).toHaveLength(2);

    await owner.getByRole("button", { name: "Remove Live Host" }).click();
    const dialog = owner.getByRole("dialog");
    await dialog.getByText("Live Host is live in this room: removing them ends their broadcast now and takes them out of the room.").waitFor(WAIT);
    await screenshot(owner, "51-remove-live-host-warning");
    await dialog.getByRole("button", { name: "Remove" }).click();
    await (await people(owner)).getByRole("list", { name: "Members" }).getByText("Live Host").waitFor({ state: "detached", ...WAIT });

    // The broadcast ended as any stop ends it, and LiveKit let the host go.
    expect(world.sandbox.control.egress(egress?.egress_id ?? "")?.status).toBe("EGRESS_COMPLETE");
    expect(world.sandbox.control.participants(ROOM)).toHaveLength(1);
    await owner.locator(".badge.ended").waitFor(WAIT);

    await owner.getByText("Live Host was removed, and their broadcast has ended.").waitFor(WAIT);
    await screenshot(owner, "52-owner-after-removal");

    // The host's page learns it at its studio's next status poll, and says so in words.
    const told = "You are no longer in this room: its owner removed you. To come back, ask them for a new invite link.";
    await host.getByText(told).waitFor(WAIT);
    expect(await host.getByRole("button", { name: "End stream" }).count()).toBe(0);
    expect(await host.getByText("You are in the room (sandbox participant).").count()).toBe(0);
    await screenshot(host, "53-removed-host-told");
    await host.reload();
    await host.getByText(told).waitFor(WAIT);
    expect((await host.request.get(`/api/livekit/token?room=${ROOM}`)).status()).toBe(404);
  });
});
