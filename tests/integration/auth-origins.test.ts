// Where sign-in may come from. In development the app works however this machine addresses
// it (localhost, 127.0.0.1, [::1]) at its own port; another local port is another site (some
// other dev server or tool a page could run from), and a foreign origin is refused everywhere.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { user as userTable } from "@/lib/db/schema";
import { startTestApp, type TestApp } from "../support/test-app";

let app: TestApp;
let port: string;

beforeAll(async () => {
  app = await startTestApp();
  port = new URL(app.url).port;
  await app.anonymous.request("GET", "/api/auth/get-session"); // loads better-auth before the timed tests
});
afterAll(() => app?.close());

let n = 0;
async function signUpFrom(origin: string) {
  n += 1;
  const response = await fetch(`${app.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin, "x-forwarded-for": `127.0.1.${n}` },
    body: JSON.stringify({ email: `origin-${n}-${Date.now()}@example.test`, password: "correct horse battery", name: "Origin" }),
  });
  return { status: response.status, body: (await response.json()) as { code?: string } };
}

test.each(["localhost", "127.0.0.1", "[::1]"])("sign-up from http://%s at the app's port works in development", async (host) => {
  expect((await signUpFrom(`http://${host}:${port}`)).status).toBe(200);
});

test.each(["http://evil.example", "https://127.0.0.1.evil.example", "null"])("sign-up from %s is refused", async (origin) => {
  const res = await signUpFrom(origin);
  expect(res.status).toBe(403);
});

const otherPort = () => String(Number(port) === 65535 ? 1024 : Number(port) + 1);

test.each(["localhost", "127.0.0.1", "[::1]"])("sign-up from http://%s at another port is refused", async (host) => {
  expect((await signUpFrom(`http://${host}:${otherPort()}`)).status).toBe(403);
});

test("a page on another local port can't rename the signed-in user or revoke their sessions", async () => {
  const person = await app.newUser("Not Renamed");
  for (const host of ["localhost", "127.0.0.1", "[::1]"]) {
    const origin = `http://${host}:${otherPort()}`;
    const renamed = await person.request("POST", "/api/auth/update-user", { name: "Renamed Elsewhere" }, { origin });
    expect(renamed.status, origin).toBe(403);
    const revoked = await person.request("POST", "/api/auth/revoke-sessions", {}, { origin });
    expect(revoked.status, origin).toBe(403);
  }
  const db = await getDb();
  const [row] = await db.select({ name: userTable.name }).from(userTable).where(eq(userTable.id, person.id));
  expect(row?.name).toBe("Not Renamed");
  // The app's own origin still may.
  expect((await person.request("POST", "/api/auth/update-user", { name: "Renamed Here" }, { origin: app.url })).status).toBe(200);
});
