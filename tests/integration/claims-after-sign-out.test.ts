// Two GETs write: the LiveKit token route and the room page claim a room nobody owns, and the
// token grants a seat (camera, microphone) in it. So they check the session in the database
// like every other write: a copied cookie stops claiming and joining the moment its owner
// signs out, though the 60 s cookie cache still answers plain reads (docs/reference/security.md).
// The request scope goes first: Next needs it before its modules (the page's) load.
import { withRequest } from "../support/server-actions";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Room } from "@/app/rooms/[roomName]/room";
import { getDb } from "@/lib/db";
import { rooms } from "@golive/next/db";
import { startTestApp, type TestApp } from "../support/test-app";

let app: TestApp;
let copied: string;

beforeAll(async () => {
  app = await startTestApp();
  const owner = await app.newUser("Copied Claimer");
  copied = owner.cookie;
  expect(copied).toMatch(/session_data=/);
  const out = await owner.request("POST", "/api/auth/sign-out", {}, { origin: app.url });
  expect(out.status).toBe(200);
});
afterAll(() => app?.close());

async function ownerOf(name: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db.select({ ownerId: rooms.ownerId }).from(rooms).where(eq(rooms.name, name));
  return row?.ownerId ?? null;
}

describe("a signed-out session's copied cookie", () => {
  test("GET /api/livekit/token → 401: no join token, and the room stays unclaimed", async () => {
    const response = await app.anonymous.request("GET", "/api/livekit/token?room=copied-token-room", undefined, { cookie: copied });
    expect({ status: response.status, body: response.body }).toEqual({ status: 401, body: { error: "Sign in to continue.", code: "unauthorized" } });
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(await ownerOf("copied-token-room")).toBeNull();
    // Someone else can still have the name.
    const other = await app.newUser("Rightful Claimer");
    expect((await other.request("POST", "/api/rooms", { name: "copied-token-room" })).status).toBe(201);
  });

  test("opening /rooms/<name> sends it to sign in, and the room stays unclaimed", async () => {
    const run = await withRequest({ cookie: copied }, () => Room({ params: Promise.resolve({ roomName: "copied-page-room" }) }));
    expect("thrown" in run ? String(run.thrown) : "rendered").toMatch(/NEXT_REDIRECT/);
    expect(await ownerOf("copied-page-room")).toBeNull();
  });
});

describe("a live session", () => {
  test("still gets a token and claims the room", async () => {
    const user = await app.newUser("Live Claimer");
    const response = await user.request("GET", "/api/livekit/token?room=live-token-room");
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ identity: user.id, room: "live-token-room", role: "host" });
    expect(await ownerOf("live-token-room")).toBe(user.id);
  });
});
