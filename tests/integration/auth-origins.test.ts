// Where sign-in may come from. In development the app works however this machine addresses
// it (localhost, 127.0.0.1, [::1]); a foreign origin is refused everywhere.
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApp, type TestApp } from "../support/test-app";

let app: TestApp;
let port: string;

beforeAll(async () => {
  app = await startTestApp();
  port = new URL(app.url).port;
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
