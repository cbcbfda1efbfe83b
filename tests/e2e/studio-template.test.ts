// golive's composite template in Chromium, against the built app and the sandbox (docs/ui.md,
// "The composite template", "Program preview"): the host sets a title, logo and lower third,
// shows Starting soon, goes live, switches to the program, brings a guest on stage, shows a
// banner, Be right back, Ending, ends. The template page is opened as the egress would open it
// (its URL from the recorded egress request, via the sandbox's templateUrl) and signals
// readiness itself: the sandbox here waits for it. Each state is screenshotted, studio and program.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, screenshot, signUp, startE2eWorld, unnamedControls, inReachEverywhere } from "../support/e2e-app";
import { recordedBody, roomCompositeEgressSchema } from "../support/upstream-requests";

const ROOM = "template-room";
const WAIT = { timeout: 15_000 };

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "the composite template and the program preview, in Chromium", { timeout: 45_000 }, () => {
  let world: E2eWorld;
  let hostContext: BrowserContext;
  let guestContext: BrowserContext;
  let egressContext: BrowserContext;
  let host: Page;
  let guest: Page;
  let program: Page;
  let guestId = "";
  let egressId = "";

  const preview = () => host.locator(".program-preview .program");
  /** The template page's frame once it has drawn what the predicate looks for. */
  const programShows = (selector: string) => program.locator(`.program ${selector}`).first().waitFor(WAIT);
  const setField = async (label: string, value: string) => host.getByLabel(label, { exact: true }).fill(value);
  const updateShow = () => host.getByRole("button", { name: "Update the show" }).click();
  const scene = (name: string) => host.getByRole("group", { name: "Scene" }).getByRole("button", { name, exact: true }).click();

  beforeAll(async () => {
    world = await startE2eWorld({ templateReadiness: "signal" });
    hostContext = await world.newContext({ viewport: { width: 1280, height: 900 } });
    guestContext = await world.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.18.7.2" } });
    egressContext = await world.newContext({ viewport: { width: 1280, height: 720 } });
    host = await hostContext.newPage();
    guest = await guestContext.newPage();
    program = await egressContext.newPage();
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 30_000);

  test("the host opens a room and a guest joins it backstage; both are listed for everyone", async () => {
    await signUp(host, "Ada Host");
    await host.goto(`/rooms/${ROOM}`);
    await host.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    const invite = await host.request.post("/api/rooms/invites", { data: { room: ROOM, role: "guest" } });
    expect(invite.status()).toBe(201);
    const { url } = (await invite.json()) as { url: string };

    await signUp(guest, "Grace Guest");
    await guest.goto(url);
    await guest.getByRole("button", { name: `Join ${ROOM}` }).click();
    await guest.waitForURL((u) => u.pathname === `/rooms/${ROOM}`, WAIT);
    await guest.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    guestId = world.sandbox.control.participants(ROOM).find((id) => world.sandbox.control.participantAttributes(ROOM, id)?.["golive.stage"] !== "on") ?? "";
    expect(guestId).not.toBe("");

    const stage = host.locator(".stage-list");
    await stage.getByRole("listitem").filter({ hasText: "Grace Guest" }).getByText("Backstage").waitFor(WAIT);
    await stage.getByRole("listitem").filter({ hasText: "Ada Host" }).getByText("On stage").waitFor(WAIT);
    // The guest sees who is on stage too, without the controls.
    await guest.locator(".stage-list").getByRole("listitem").filter({ hasText: "Ada Host" }).getByText("On stage").waitFor(WAIT);
    expect(await guest.getByRole("button", { name: /on stage|backstage/ }).count()).toBe(0);
    expect((await unnamedControls(host)).unnamed).toEqual([]);
  });

  test("title, logo and lower third, then Starting soon, in the preview before going live (rehearsal)", async () => {
    await setField("Show title", "Friday build");
    await setField("Lower third name", "Ada Host");
    await setField("Lower third second line", "Engineer, golive");
    await setField("Logo address", "/icon.svg");
    await updateShow();
    await preview().locator(".program-title").getByText("Friday build").waitFor(WAIT);
    await preview().locator(".program-lower-name").getByText("Ada Host").waitFor(WAIT);
    await scene("Starting soon");
    await preview().locator(".program-scene-name").getByText("Starting soon").waitFor(WAIT);
    expect(JSON.parse(world.sandbox.control.roomMetadata(ROOM) ?? "{}")).toMatchObject({
      v: 1,
      scene: "starting-soon",
      title: "Friday build",
      lowerThird: { name: "Ada Host", line: "Engineer, golive" },
      logo: { url: "/icon.svg" },
    });
    await screenshot(host, "40-studio-starting-soon");
    // The bar keeps Go live in view at a laptop's and a phone's size, at any scroll.
    expect(await inReachEverywhere(host, host.getByRole("button", { name: "Go live" }))).toEqual([true, true, true, true]);
  });

  test("go live: the egress gets the template's URL; the page it opens draws Starting soon and starts the egress", async () => {
    // The broadcast's title starts as the show's on-screen title, and goes to MUX with it.
    expect(await host.getByLabel("Broadcast title", { exact: true }).inputValue()).toBe("Friday build");
    await host.getByRole("button", { name: "Go live" }).click();
    await expect.poll(() => world.sandbox.control.egresses().length, WAIT).toBe(1);
    expect(world.sandbox.control.muxLiveStreams().map((s) => s.meta)).toContainEqual({ title: "Friday build" });
    const [egress] = world.sandbox.control.egresses();
    egressId = egress?.egress_id ?? "";
    const request = world.sandbox.control.requests({ service: "livekit", rpc: "StartRoomCompositeEgress" }).at(-1);
    expect(recordedBody(request, roomCompositeEgressSchema).customBaseUrl).toBe(`${world.url}/golive/template`);
    // Waiting for its page's START_RECORDING.
    expect(world.sandbox.control.egress(egressId)?.status).toBe("EGRESS_STARTING");

    const opened = (await world.sandbox.control.templateUrl(egressId)) ?? "";
    expect(opened.startsWith(`${world.url}/golive/template?url=`)).toBe(true);
    await program.goto(opened);
    await programShows(".program-scene-name");
    expect(await program.locator(".program-scene-name").textContent()).toBe("Starting soon");
    expect(await program.locator(".program-scene-title").textContent()).toBe("Friday build");
    expect(await program.locator(".program-clock").textContent()).toMatch(/^\d\d:\d\d UTC$/);
    await expect.poll(() => world.sandbox.control.egress(egressId)?.status, WAIT).toBe("EGRESS_ACTIVE");
    await host.locator(".badge.live").waitFor(WAIT);
    await screenshot(program, "41-program-starting-soon");
  });

  test("to the program: the host on stage with the title, lower third and logo; the guest backstage is not drawn", async () => {
    await scene("Live");
    await programShows(`[data-identity]`);
    const tiles = () => program.locator(".program [data-identity]").evaluateAll((els) => els.map((e) => e.querySelector(".program-name")?.textContent));
    await expect.poll(tiles, WAIT).toEqual(["Ada Host"]);
    expect(await program.locator(".program-lower-name").textContent()).toBe("Ada Host");
    expect(await program.locator(".program-logo").getAttribute("src")).toBe("/icon.svg");
    await screenshot(program, "42-program-live-host");
  });

  test("bring the guest on stage: LiveKit gets the attribute, the program draws both", async () => {
    await host.getByRole("button", { name: "Bring Grace Guest on stage" }).click();
    await expect.poll(() => world.sandbox.control.participantAttributes(ROOM, guestId), WAIT).toEqual({ "golive.stage": "on" });
    const tiles = () => program.locator(".program [data-identity]").evaluateAll((els) => els.map((e) => e.querySelector(".program-name")?.textContent));
    await expect.poll(tiles, WAIT).toEqual(["Ada Host", "Grace Guest"]);
    await host.locator(".stage-list").getByRole("listitem").filter({ hasText: "Grace Guest" }).getByText("On stage").waitFor(WAIT);
    await screenshot(host, "43-studio-guest-on-stage");
    await screenshot(program, "44-program-guest-on-stage");
  });

  test("a banner, then Be right back, then Ending", async () => {
    await setField("Banner text", "Questions? Ask in the chat");
    await updateShow();
    await programShows(".program-banner");
    expect(await program.locator(".program-banner").textContent()).toBe("Questions? Ask in the chat");
    await screenshot(program, "45-program-banner");

    await scene("Be right back");
    await expect.poll(() => program.locator(".program-scene-name").textContent(), WAIT).toBe("Be right back");
    expect(await program.locator(".program [data-identity]").count()).toBe(0);
    await screenshot(program, "46-program-be-right-back");

    await scene("Ending");
    await expect.poll(() => program.locator(".program-scene-name").textContent(), WAIT).toBe("Thanks for watching");
    await screenshot(program, "47-program-ending");
    await screenshot(host, "48-studio-ending");
  });

  test("end the stream: End stream is in view at a laptop's and a phone's size", async () => {
    expect(await inReachEverywhere(host, host.getByRole("button", { name: "End stream" }))).toEqual([true, true, true, true]);
    await host.setViewportSize({ width: 390, height: 844 });
    await screenshot(host, "49-studio-phone-live");
    await host.setViewportSize({ width: 1280, height: 800 });
    await host.getByRole("button", { name: "End stream" }).click();
    await host.getByRole("dialog", { name: "End the broadcast?" }).getByRole("button", { name: "End stream" }).click();
    await host.locator(".badge.ended").waitFor(WAIT);
    await expect.poll(() => world.sandbox.control.egress(egressId)?.status, WAIT).toBe("EGRESS_COMPLETE");
  });
});
