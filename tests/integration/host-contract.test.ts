// The host contract (docs/architecture.md, "The host"): a second host, with a stub session
// instead of better-auth, gets golive's routes and actions from createGolive and its
// getSessionUser alone decides who is signed in; writes, and GETs that write, ask it for a
// fresh session. Over real HTTP, against a real database.
import "../support/next-request-scope";
import { createGolive } from "@golive/next";
import type { SessionUser } from "@golive/next/http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { startHandlerServer, type RouteServer } from "../../scripts/lib/harness/route-server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { withRequest } from "../support/server-actions";

const PUBLIC_URL = "https://app.example.test";
// The stub host's people: a request names its user in a header the stub trusts.
const people = new Map<string, SessionUser>([
  ["stub-owner", { id: "stub-owner", name: "Stub Owner" }],
  ["stub-guest", { id: "stub-guest" }],
]);
const asked: { fresh: boolean }[] = [];

const golive = createGolive({
  db: getDb,
  async getSessionUser(headers, { fresh }) {
    asked.push({ fresh });
    return people.get(headers.get("x-stub-user") ?? "") ?? null;
  },
  async getUserNames(ids) {
    return new Map(ids.flatMap((id) => (people.get(id)?.name ? [[id, `${people.get(id)?.name} (stub)`] as const] : [])));
  },
  secret: () => "a stub host's secret of more than thirty-two characters",
  publicUrl: () => PUBLIC_URL,
  signInPath: "/login",
});

const paths: Record<string, keyof typeof golive.routes> = {
  "/api/rooms": "rooms",
  "/api/rooms/invites": "invites",
  "/api/rooms/members": "members",
  "/api/video/livestream": "livestream",
  "/api/livekit/token": "livekitToken",
};

let database: TestDatabase;
let server: RouteServer;

beforeAll(async () => {
  database = await createTestDatabase();
  Object.assign(process.env, database.env);
  server = await startHandlerServer(async (request) => {
    const key = paths[new URL(request.url).pathname];
    const handler = key ? (golive.routes[key] as Partial<Record<string, (r: Request) => Promise<Response>>>)[request.method] : undefined;
    return handler ? handler(request) : new Response(null, { status: 404 });
  });
});
afterAll(async () => {
  await server?.close();
  await closeDb();
  await database?.drop();
});

async function call(method: string, path: string, { user, body, origin }: { user?: string; body?: unknown; origin?: string } = {}) {
  const response = await fetch(new URL(path, server.url), {
    method,
    headers: { ...(user ? { "x-stub-user": user } : {}), ...(origin ? { origin } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown, cacheControl: response.headers.get("cache-control") };
}

/** The `fresh` golive asked the host for while `run` ran. */
async function freshOf(run: () => Promise<unknown>): Promise<boolean[]> {
  asked.length = 0;
  await run();
  return asked.map((a) => a.fresh);
}

describe("the host's getSessionUser decides", () => {
  test("no user from it: 401 with the whole body, private", async () => {
    expect(await call("GET", "/api/rooms")).toEqual({ status: 401, body: { error: "Sign in to continue.", code: "unauthorized" }, cacheControl: "private, no-store" });
    expect(await call("POST", "/api/rooms", { user: "someone-the-stub-does-not-know", body: { name: "stub-room" } })).toMatchObject({ status: 401 });
  });

  test("its user: the routes work as that user, with the host's names", async () => {
    expect(await call("POST", "/api/rooms", { user: "stub-owner", body: { name: "stub-room" } })).toMatchObject({ status: 201, body: { room: "stub-room", role: "host", owner: true } });
    expect(await call("GET", "/api/rooms", { user: "stub-owner" })).toMatchObject({ status: 200, body: { rooms: [{ room: "stub-room", role: "host", owner: true }] } });
    expect(await call("GET", "/api/rooms", { user: "stub-guest" })).toMatchObject({ status: 200, body: { rooms: [] } });
    expect(await call("GET", "/api/rooms/members?room=stub-room", { user: "stub-owner" })).toMatchObject({
      status: 200,
      body: { members: [{ userId: "stub-owner", name: "Stub Owner (stub)", owner: true }] },
    });
  });

  test("the server actions read it from the action's request headers", async () => {
    const claim = (user?: string) => withRequest(user ? { "x-stub-user": user } : {}, () => golive.actions.claimRoom({ name: "stub-action-room" }));
    expect(await claim()).toMatchObject({ result: { ok: false, code: "unauthorized", error: "Sign in to continue." } });
    expect(await freshOf(() => claim("stub-guest"))).toEqual([true]);
    expect(await withRequest({ "x-stub-user": "stub-guest" }, () => golive.actions.myRooms())).toMatchObject({
      result: { ok: true, data: [{ room: "stub-action-room", owner: true }] },
    });
  });
});

describe("fresh: true for every write and every GET that writes, false for reads", () => {
  test.each([
    ["POST /api/rooms", "POST", "/api/rooms", { name: "stub-room" }, true],
    ["DELETE /api/rooms/members", "DELETE", "/api/rooms/members", { room: "stub-room", userId: "stub-guest" }, true],
    ["PATCH /api/video/livestream", "PATCH", "/api/video/livestream", { roomName: "stub-room", layout: "grid" }, true],
    ["GET /api/livekit/token (claims a room, grants a seat)", "GET", "/api/livekit/token?room=stub-room", undefined, true],
    ["GET /api/rooms", "GET", "/api/rooms", undefined, false],
    ["GET /api/video/livestream", "GET", "/api/video/livestream", undefined, false],
  ])("%s", async (_what, method, path, body, fresh) => {
    expect(await freshOf(() => call(method, path, { user: "stub-owner", body }))).toEqual([fresh]);
  });
});

describe("the host's publicUrl", () => {
  test("the same-origin check trusts its host, and refuses another site's", async () => {
    expect(await call("POST", "/api/rooms", { user: "stub-owner", origin: PUBLIC_URL, body: { name: "stub-room" } })).toMatchObject({ status: 200 });
    expect(await call("POST", "/api/rooms", { user: "stub-owner", origin: "https://elsewhere.example.test", body: { name: "stub-room" } })).toEqual({
      status: 403,
      body: { error: "Requests from other sites are refused.", code: "forbidden" },
      cacheControl: "private, no-store",
    });
  });

  test("invite links are built on it", async () => {
    const created = await call("POST", "/api/rooms/invites", { user: "stub-owner", body: { room: "stub-room", role: "viewer" } });
    expect(created).toMatchObject({ status: 201 });
    expect((created.body as { url: string }).url).toMatch(new RegExp(`^${PUBLIC_URL}/invite/`));
  });
});

describe("the host's pages: sessionUser and pageUser (docs/architecture.md, \"The host\")", () => {
  test("sessionUser is the request's user through getSessionUser, or null", async () => {
    expect(await withRequest({ "x-stub-user": "stub-guest" }, () => golive.sessionUser())).toMatchObject({ result: { id: "stub-guest" } });
    expect(await withRequest({}, () => golive.sessionUser())).toMatchObject({ result: null });
    expect(await freshOf(() => withRequest({ "x-stub-user": "stub-owner" }, () => golive.pageUser("/rooms/x", { fresh: true })))).toEqual([true]);
  });

  test("pageUser sends a signed-out visit to the host's signInPath, to come back", async () => {
    const run = await withRequest({}, () => golive.pageUser("/rooms/a b"));
    // Next's redirect is an error whose digest carries the target.
    expect("thrown" in run && run.thrown instanceof Error && "digest" in run.thrown ? String(run.thrown.digest) : "rendered").toContain("/login?next=%2Frooms%2Fa%20b");
    expect(golive.signInHref("/watch/p")).toBe("/login?next=%2Fwatch%2Fp");
  });
});
