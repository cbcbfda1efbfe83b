// The sign-in form in a real browser, with JavaScript off and on: it submits by POST (a
// password never lands in a URL or the server log), signs up and in, honours ?next= only
// for this app's own paths, and is rate-limited per client like the JSON API. Every browser
// context is a client of its own (its own x-forwarded-for, as a proxy would set).
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { e2eSkipReason, type E2eWorld, signUp, startE2eWorld } from "../support/e2e-app";

const WAIT = { timeout: 15_000 };
const PASSWORD = "correct horse battery";

describe.skipIf(e2eSkipReason !== null)(e2eSkipReason ?? "the sign-in form, in Chromium", { timeout: 30_000 }, () => {
  let world: E2eWorld;
  let clients = 0;
  const contexts: BrowserContext[] = [];
  // Every URL any page requested or was sent to, to check no password ever appears in one.
  const urls: string[] = [];

  async function client(javaScriptEnabled: boolean): Promise<Page> {
    clients += 1;
    const context = await world.newContext({ javaScriptEnabled, extraHTTPHeaders: { "x-forwarded-for": `192.0.2.${clients}` } });
    contexts.push(context);
    const page = await context.newPage();
    page.on("request", (request) => urls.push(request.url()));
    page.on("framenavigated", (frame) => urls.push(frame.url()));
    return page;
  }

  const email = (who: string) => `${who}-${Date.now().toString(36)}@example.test`;

  async function signedInAs(page: Page, name: string) {
    await page.locator(".user-name").getByText(name, { exact: true }).waitFor(WAIT);
  }

  beforeAll(async () => {
    world = await startE2eWorld();
  }, 90_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await world?.close();
  }, 30_000);

  test("the form is a POST in the server's HTML, before any script runs", async () => {
    const html = await (await fetch(`${world.url}/sign-in?next=%2Frecordings`)).text();
    const form = /<form[^>]*class="card"[^>]*>/.exec(html)?.[0] ?? "";
    expect(form).toMatch(/method="post"/i);
    expect(form).not.toMatch(/method="get"/i);
  });

  test("with JavaScript off: switch to sign-up, create an account, land signed in on ?next=", async () => {
    const page = await client(false);
    const address = email("nojs");
    await page.goto("/sign-in?next=%2Frecordings");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByRole("button", { name: "Create an account" }).click();
    await page.getByRole("heading", { name: "Create an account" }).waitFor(WAIT);
    await page.getByLabel("Name").fill("No Script");
    await page.getByLabel("Email").fill(address);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL((u) => u.pathname === "/recordings", WAIT);
    await page.getByRole("heading", { name: "Recordings" }).waitFor();
    await signedInAs(page, "No Script");

    // Signing in again (another client, still no JavaScript), after a wrong password.
    const again = await client(false);
    await again.goto("/sign-in?next=%2Frooms");
    await again.getByLabel("Email").fill(address);
    await again.getByLabel("Password").fill("not the password");
    await again.getByRole("button", { name: "Sign in" }).click();
    await again.getByRole("alert").getByText("Invalid email or password.").waitFor(WAIT);
    expect(new URL(again.url()).pathname).toBe("/sign-in");
    expect(await again.getByLabel("Email").inputValue()).toBe(address); // kept; the password isn't
    await again.getByLabel("Password").fill(PASSWORD);
    await again.getByRole("button", { name: "Sign in" }).click();
    await again.waitForURL((u) => u.pathname === "/rooms", WAIT);
    await signedInAs(again, "No Script");
  });

  test("with JavaScript on: sign up, and sign in from another browser", async () => {
    const page = await client(true);
    const user = await signUp(page, "Scripted", "/recordings");
    await signedInAs(page, "Scripted");

    const other = await client(true);
    await other.goto("/sign-in?next=%2Frooms");
    await other.getByRole("heading", { name: "Sign in" }).waitFor();
    await other.getByLabel("Email").fill(user.email);
    await other.getByLabel("Password").fill("not the password");
    await other.getByRole("button", { name: "Sign in" }).click();
    await other.getByRole("alert").getByText("Invalid email or password.").waitFor(WAIT);
    await other.getByLabel("Password").fill(user.password);
    await other.getByRole("button", { name: "Sign in" }).click();
    await other.waitForURL((u) => u.pathname === "/rooms", WAIT);
    await signedInAs(other, "Scripted");
  });

  test("Sign out ends the session: the page shows Sign in, and a copy of the old session cookie can't write", async () => {
    const page = await client(true);
    await signUp(page, "Leaving", "/recordings");
    await signedInAs(page, "Leaving");
    const cookies = await page.context().cookies();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((u) => u.pathname === "/", WAIT);
    await page.getByRole("link", { name: "Sign in", exact: true }).waitFor(WAIT);
    // A copy of the cookie from before can't write: the session is gone from the database (a
    // write checks it there, past the cookie cache; docs/architecture.md, "Security model").
    const copied = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const answer = await fetch(`${world.url}/api/rooms`, {
      method: "POST",
      headers: { cookie: copied, origin: world.url, "content-type": "application/json", "x-forwarded-for": "192.0.2.200" },
      body: JSON.stringify({ name: "after-sign-out" }),
    });
    expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 401, body: { error: "Sign in to continue.", code: "unauthorized" } });
  });

  test("?next= with a tab, LF or CR before //evil.example lands on this app, not evil.example", async () => {
    for (const [i, sneaky] of ["%2F%09%2Fevil.example", "%2F%0A%2Fevil.example", "%2F%0D%2Fevil.example"].entries()) {
      const page = await client(i !== 1); // with and without JavaScript
      await page.goto(`/sign-in?next=${sneaky}`);
      expect(await page.locator('input[name="next"]').inputValue()).toBe("/rooms");
      await page.getByRole("button", { name: "Create an account" }).click();
      await page.getByLabel("Name").fill(`Redirect ${i}`);
      await page.getByLabel("Email").fill(email(`redirect${i}`));
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Create account" }).click();
      await page.waitForURL((u) => u.pathname === "/rooms", WAIT);
      expect(new URL(page.url()).origin).toBe(world.url);
    }
    expect(world.external).toEqual([]);
  });

  test("the form is rate-limited like the API: the 4th attempt from one client within 10 s is refused", async () => {
    const page = await client(false);
    await page.goto("/sign-in");
    const messages: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.getByLabel("Email").fill("nobody@example.test");
      await page.getByLabel("Password").fill(`wrong password ${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").waitFor(WAIT);
      messages.push((await page.getByRole("alert").textContent()) ?? "");
    }
    expect(messages.slice(0, 3)).toEqual(["Invalid email or password.", "Invalid email or password.", "Invalid email or password."]);
    expect(messages[3]).toMatch(/^Too many attempts from your network\. Wait \d+ seconds? and try again\.$/);
  });

  test("no password was ever in a URL or in the app's output", () => {
    expect(urls.length).toBeGreaterThan(10);
    const leaks = urls.filter((u) => /password|horse|wrong/i.test(decodeURIComponent(u)));
    expect(leaks).toEqual([]);
    expect(world.appOutput()).not.toMatch(/correct horse battery|not the password|wrong password/);
  });
});
