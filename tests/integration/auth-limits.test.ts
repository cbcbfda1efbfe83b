// better-auth's own endpoints over real HTTP: what a display name and an email may be
// (bounded, so a 5 MB name can't land in the database and in every LiveKit token), and
// sign-in attempts limited per client, counted in the database that all instances share.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { rateLimit, user as userTable } from "@/lib/db/schema";
import { startTestApp, type TestApp } from "../support/test-app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await app.anonymous.request("GET", "/api/auth/get-session"); // loads better-auth before the timed tests
});
afterAll(async () => {
  await app?.close();
});

// Each call is a different client (its own address), as with people signing up from
// their own machines: these tests are about the body, not the per-client limit.
let clients = 0;
const nextClientIp = () => {
  clients += 1;
  return `198.51.100.${clients}`;
};

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(path, app.url), {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url, "x-forwarded-for": nextClientIp(), ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: { message?: string; code?: string; user?: { id: string; name: string } } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // not JSON
  }
  return { status: response.status, body: json, cookie: response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") };
}

const email = () => `limits-${randomBytes(5).toString("hex")}@example.test`;
const signUp = (name: unknown, address: string = email()) => post("/api/auth/sign-up/email", { email: address, password: "correct horse battery", name });

describe("names and emails are bounded", () => {
  test("a 101-character name is refused with 400 and a message that says why", async () => {
    const response = await signUp("n".repeat(101));
    expect(response.status).toBe(400);
    expect(response.body.message).toBe("Name must be at most 100 characters.");
  });

  test("a 1 KB name is refused with 400 (and nothing is stored)", async () => {
    const address = email();
    const response = await signUp("x".repeat(1024), address);
    expect(response.status).toBe(400);
    expect(response.body.message).toBe("Name must be at most 100 characters.");
    const db = await getDb();
    expect(await db.select().from(userTable).where(eq(userTable.email, address))).toEqual([]);
  });

  test("a 1 MB body is refused with 413 before better-auth reads it (and nothing is stored)", async () => {
    const address = email();
    const response = await signUp("x".repeat(1024 * 1024), address);
    expect({ status: response.status, body: response.body }).toEqual({
      status: 413,
      body: { error: "The request body must be at most 16384 bytes.", code: "payload_too_large" },
    });
    const db = await getDb();
    expect(await db.select().from(userTable).where(eq(userTable.email, address))).toEqual([]);
  });

  test("control characters, and a name that is only spaces, are refused", async () => {
    for (const name of ["Evil\nAdmin", "Tab\there", "Bell\u0007", "Right-to-left \u202Eoverride", "\u0085next line"]) {
      const response = await signUp(name);
      expect(response.status, JSON.stringify(name)).toBe(400);
      expect(response.body.message).toBe("Name must not contain control characters.");
    }
    const blank = await signUp("   ");
    expect(blank.status).toBe(400);
    expect(blank.body.message).toBe("Name must not be empty.");
  });

  test("an email over 254 characters is refused with 400", async () => {
    const response = await signUp("Long Email", `${"e".repeat(64)}@${"d".repeat(180)}.example.test`);
    expect(response.status).toBe(400);
    expect(response.body.message).toBe("Email must be at most 254 characters.");
  });

  test("a normal sign-up works; a 100-character name (counted in characters, not bytes) is kept, trimmed", async () => {
    const normal = await signUp("Ada Lovelace");
    expect(normal.status).toBe(200);
    expect(normal.body.user?.name).toBe("Ada Lovelace");

    const longest = `  ${"é".repeat(99)}🎥  `; // 100 characters once trimmed (🎥 is two UTF-16 units)
    const kept = await signUp(longest);
    expect(kept.status).toBe(200);
    expect(kept.body.user?.name).toBe(longest.trim());
  });

  test("update-user applies the same rules, and a valid rename still works", async () => {
    const person = await app.newUser("Before Rename");
    const tooLong = await person.request("POST", "/api/auth/update-user", { name: "r".repeat(101) }, { origin: app.url });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ message: "Name must be at most 100 characters." });
    const control = await person.request("POST", "/api/auth/update-user", { name: "a\u0000b" }, { origin: app.url });
    expect(control.status).toBe(400);

    const renamed = await person.request("POST", "/api/auth/update-user", { name: "  After Rename " }, { origin: app.url });
    expect(renamed.status).toBe(200);
    const db = await getDb();
    const [row] = await db.select({ name: userTable.name }).from(userTable).where(eq(userTable.id, person.id));
    expect(row?.name).toBe("After Rename");
  });
});

describe("sign-in attempts are limited per client, in the database", () => {
  const signIn = (ip: string, password = "wrong password") =>
    post("/api/auth/sign-in/email", { email: "nobody@example.test", password }, { "x-forwarded-for": ip });

  test("the 4th attempt from one client within 10 s is 429; another client is unaffected", async () => {
    const ip = "203.0.113.7";
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await signIn(ip)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);

    // The counter is a row in rate_limit, not one process's memory.
    const db = await getDb();
    const [row] = await db.select().from(rateLimit).where(eq(rateLimit.key, `${ip}|/sign-in/email`));
    expect(row?.count).toBe(3);

    expect((await signIn("203.0.113.8")).status).toBe(401);
  });

  test("a count another instance wrote to the database is honoured here", async () => {
    // What a second app instance leaves behind after three attempts from this client:
    // this instance has never seen the client, yet refuses its first attempt.
    const ip = "203.0.113.9";
    const db = await getDb();
    await db.insert(rateLimit).values({ id: randomBytes(8).toString("hex"), key: `${ip}|/sign-in/email`, count: 3, lastRequest: Date.now() });
    expect((await signIn(ip)).status).toBe(429);

    // And when that instance's window is over, the client may try again.
    await db.update(rateLimit).set({ lastRequest: Date.now() - 11_000 }).where(eq(rateLimit.key, `${ip}|/sign-in/email`));
    expect((await signIn(ip)).status).toBe(401);
  });

  test("sign-up is limited the same way (3 per 10 s per client)", async () => {
    const ip = "203.0.113.10";
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const response = await post("/api/auth/sign-up/email", { email: email(), password: "correct horse battery", name: "Burst" }, { "x-forwarded-for": ip });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
