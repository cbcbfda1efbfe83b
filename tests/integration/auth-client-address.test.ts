// Who the client is, when no proxy is configured (TRUSTED_PROXY_HEADER unset): a route handler
// has no socket address and `next start` / `next dev` pass a client's own X-Forwarded-For on
// untouched, so no header is believed. Every client then shares one bucket per path, and a new
// X-Forwarded-For on each attempt gets around nothing.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApp, type TestApp } from "../support/test-app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { TRUSTED_PROXY_HEADER: "" } });
  await app.anonymous.request("GET", "/api/auth/get-session");
});
afterAll(() => app?.close());

let n = 0;
const post = async (path: string, body: unknown) => {
  n += 1;
  const response = await fetch(new URL(path, app.url), {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url, "x-forwarded-for": `203.0.113.${n}`, "x-real-ip": `198.51.100.${n}` },
    body: JSON.stringify(body),
  });
  return response.status;
};

test("eight wrong passwords for one account, each with a new X-Forwarded-For: the 4th is already 429", async () => {
  const statuses = [];
  for (let i = 0; i < 8; i++) statuses.push(await post("/api/auth/sign-in/email", { email: "spoofer@example.test", password: `wrong password ${i}` }));
  expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
});

test("sign-ups with a new X-Forwarded-For each share one bucket too", async () => {
  // The sign-in bucket above is another path's; wait out nothing here.
  const statuses = [];
  for (let i = 0; i < 4; i++) {
    statuses.push(await post("/api/auth/sign-up/email", { email: `spoof-${randomBytes(4).toString("hex")}@example.test`, password: "correct horse battery", name: "Spoof" }));
  }
  expect(statuses).toEqual([200, 200, 200, 429]);
});
