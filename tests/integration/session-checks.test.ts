// What an authenticated answer promises about itself and about the session behind it: no
// cache may keep it (Cache-Control: private, no-store, errors included), and a write checks
// the session in the database, so a copied cookie stops writing the moment its owner signs
// out — through the routes, the server actions and better-auth's own endpoints. A read may
// still pass on better-auth's 60 s cookie cache (docs/reference/security.md).
import "../support/next-request-scope";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { claimRoom } from "@/app/actions/rooms";
import { getDb } from "@/lib/db";
import { user as userTable } from "@/lib/db/schema";
import { withRequest } from "../support/server-actions";
import { startTestApp, type TestApp, type TestUser } from "../support/test-app";

let app: TestApp;
let user: TestUser;

beforeAll(async () => {
  app = await startTestApp();
  user = await app.newUser("Cache Control");
});
afterAll(() => app?.close());

describe("every authenticated JSON answer says Cache-Control: private, no-store", () => {
  test.each([
    ["a read", "GET", "/api/rooms", undefined, 200],
    ["a write", "POST", "/api/rooms", { name: "cache-control-room" }, 201],
    ["a 404", "GET", "/api/video/livestream/status?id=00000000-0000-4000-8000-000000000000", undefined, 404],
    ["a 400", "POST", "/api/rooms", "{not json", 400],
  ])("%s", async (_what, method, path, body, status) => {
    const response = await user.request(method, path, body);
    expect(response.status).toBe(status);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });

  test("better-auth's answers too (a session, a renamed user)", async () => {
    const session = await user.request("GET", "/api/auth/get-session");
    expect(session.status).toBe(200);
    expect(session.headers.get("cache-control")).toBe("private, no-store");
    const renamed = await user.request("POST", "/api/auth/update-user", { name: "Cache Control" }, { origin: app.url });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get("cache-control")).toBe("private, no-store");
  });

  test("a 401 (no session) too", async () => {
    const response = await app.anonymous.request("GET", "/api/rooms");
    expect({ status: response.status, body: response.body }).toEqual({ status: 401, body: { error: "Sign in to continue.", code: "unauthorized" } });
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("a copied session cookie stops writing when its owner signs out", () => {
  let copied: string;
  let ownerId: string;
  beforeAll(async () => {
    const owner = await app.newUser("Signs Out");
    ownerId = owner.id;
    // The cookie as someone copied it (session token and better-auth's cached session data).
    copied = owner.cookie;
    expect(copied).toMatch(/session_data=/);
    const out = await owner.request("POST", "/api/auth/sign-out", {}, { origin: app.url });
    expect(out.status).toBe(200);
  });
  const replay = (method: string, path: string, body?: unknown) => app.anonymous.request(method, path, body, { cookie: copied, origin: app.url });
  const unauthorized = { status: 401, body: { error: "Sign in to continue.", code: "unauthorized" } };

  test.each([
    ["POST", "/api/rooms", { name: "after-sign-out" }],
    ["PATCH", "/api/video/livestream", { roomName: "after-sign-out", layout: "grid" }],
    ["DELETE", "/api/video/livestream", { roomName: "after-sign-out" }],
    ["POST", "/api/rooms/invites", { room: "after-sign-out", role: "guest" }],
  ])("%s %s → 401", async (method, path, body) => {
    const response = await replay(method, path, body);
    expect({ status: response.status, body: response.body }).toEqual(unauthorized);
  });

  test("better-auth's own writes: update-user → 401, and the name is unchanged", async () => {
    const response = await replay("POST", "/api/auth/update-user", { name: "Renamed By A Copy" });
    expect(response.status).toBe(401);
    const db = await getDb();
    const [row] = await db.select({ name: userTable.name }).from(userTable).where(eq(userTable.id, ownerId));
    expect(row?.name).toBe("Signs Out");
  });

  test("a server action → unauthorized", async () => {
    const run = await withRequest({ cookie: copied }, () => claimRoom({ name: "after-sign-out-action" }));
    expect(run).toMatchObject({ result: { ok: false, error: "Sign in to continue.", code: "unauthorized" } });
  });

  // The reference host checks golive's reads in the database too (src/lib/golive.ts).
  test.each([["/api/rooms"], ["/api/video/livestream"], ["/api/video/livestream/status?roomName=after-sign-out"]])("GET %s → 401, answering nothing to cache", async (path) => {
    const response = await replay("GET", path);
    expect({ status: response.status, body: response.body }).toEqual(unauthorized);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });

  test("the same requests with a live session still work", async () => {
    expect((await user.request("POST", "/api/rooms", { name: "still-signed-in" })).status).toBe(201);
    const run = await withRequest({ cookie: user.cookie }, () => claimRoom({ name: "still-signed-in-action" }));
    expect(run).toMatchObject({ result: { ok: true } });
    expect((await user.request("POST", "/api/auth/update-user", { name: "Renamed" }, { origin: app.url })).status).toBe(200);
  });
});
