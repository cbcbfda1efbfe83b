// What a person sees when going live can't work (an empty room → 422, a room already live
// in another tab → 409), and the access rules of the routes the room page uses: the LiveKit
// token route and the sandbox presence route.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, screenshot, signUp, startE2eWorld } from "../support/e2e-app";

const WAIT = { timeout: 15_000 };

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "go-live errors and route access, in Chromium", { timeout: 30_000 }, () => {
  let world: E2eWorld;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    world = await startE2eWorld();
    context = await world.newContext();
    page = await context.newPage();
    await signUp(page, "Guest Host");
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 30_000);

  async function openRoom(tab: Page, room: string) {
    await tab.goto(`/rooms/${room}`);
    await tab.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    await tab.getByRole("button", { name: "Go live" }).waitFor();
  }

  test("going live in an empty room says nobody is in it and what to do", async () => {
    await openRoom(page, "empty-room");
    await page.getByRole("button", { name: "Leave the room" }).click();
    await page.getByText("You left the room.").waitFor(WAIT);
    await page.getByRole("button", { name: "Go live" }).click();
    const alert = page.getByRole("alert");
    await alert.getByText("Nobody is in this room yet, so there is nothing to broadcast.").waitFor(WAIT);
    await alert.getByText("Join the room (turn your camera on) and press Go live again.").waitFor();
    await screenshot(page, "10-error-empty-room");

    // Joining again makes it work.
    await page.getByRole("button", { name: "Join the room" }).click();
    await page.getByText("You are in the room (sandbox participant).").waitFor(WAIT);
    await page.getByRole("button", { name: "Go live" }).click();
    await page.locator(".badge.live, .badge.starting").first().waitFor(WAIT);
    // (Next.js keeps its own empty route announcer with role=alert; ours are .error-notice.)
    expect(await page.locator(".error-notice").count()).toBe(0);
  });

  test("a second tab going live in the same room is told the room is already live", async () => {
    const second = await context.newPage();
    await openRoom(page, "busy-room");
    await openRoom(second, "busy-room");
    await page.getByRole("button", { name: "Go live" }).click();
    await page.locator(".badge.live, .badge.starting").first().waitFor(WAIT);

    await second.getByRole("button", { name: "Go live" }).click();
    await second.getByRole("alert").getByText("This room is already live").waitFor(WAIT);
    await screenshot(second, "11-error-already-live");

    // It's this user's own broadcast, so the second tab can pick it up.
    await second.getByRole("button", { name: "Show my broadcast in this room" }).click();
    await second.locator(".badge.live, .badge.starting").first().waitFor(WAIT);
    await second.close();
  });

  test("GET /api/livekit/token: a short-lived join token for this user and room only", async () => {
    const ok = await context.request.get("/api/livekit/token?room=busy-room");
    expect(ok.status()).toBe(200);
    const body = (await ok.json()) as { token: string; serverUrl: string; identity: string; room: string };
    expect(body.serverUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const [, payload = ""] = body.token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as {
      sub: string;
      name: string;
      exp: number;
      nbf: number;
      video: { room: string; roomJoin: boolean };
    };
    expect(claims.sub).toBe(body.identity);
    expect(claims.name).toBe("Guest Host");
    expect(claims.video).toMatchObject({ room: "busy-room", roomJoin: true });
    expect(claims.exp - claims.nbf).toBeLessThanOrEqual(600);

    expect((await context.request.get("/api/livekit/token?room=")).status()).toBe(400);
    expect((await context.request.get("/api/livekit/token?room=a%07b")).status()).toBe(400);
    const anonymous = await fetch(`${world.url}/api/livekit/token?room=busy-room`);
    expect(anonymous.status).toBe(401);
  });

  test("POST /api/sandbox/presence needs a session and a valid body", async () => {
    const anonymous = await fetch(`${world.url}/api/sandbox/presence`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ room: "x", present: true }),
    });
    expect(anonymous.status).toBe(401);
    const bad = await context.request.post("/api/sandbox/presence", { data: { room: "x", present: "yes" } });
    expect(bad.status()).toBe(400);
    const ok = await context.request.post("/api/sandbox/presence", { data: { room: "presence-check", present: true } });
    expect(ok.status()).toBe(200);
    const left = await context.request.post("/api/sandbox/presence", { data: { room: "presence-check", present: false } });
    expect(await left.json()).toMatchObject({ room: "presence-check", present: false });
  });

  test("pages need a session; nothing but loopback was dialled", async () => {
    const stranger = await world.newContext();
    const tab = await stranger.newPage();
    await tab.goto("/rooms/busy-room");
    await tab.waitForURL((u) => u.pathname === "/sign-in", WAIT);
    expect(new URL(tab.url()).searchParams.get("next")).toBe("/rooms/busy-room");
    await stranger.close();
    expect(world.external).toEqual([]);
  });
});
