// better-auth's own endpoints over real HTTP: what a display name and an email may be
// (bounded, so a 5 MB name can't land in the database and in every LiveKit token), and
// sign-in attempts limited per client (the address TRUSTED_PROXY_HEADER names, here
// x-forwarded-for) and failed sign-ins limited per account, both counted in the database that
// all instances share.
import "../support/next-request-scope";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { rateLimit, user as userTable, signInFailures } from "@/lib/db/schema";
import { lockedMessage } from "@/lib/sign-in-failures";
import { submitSignIn } from "@/app/sign-in/actions";
import { withRequest } from "../support/server-actions";
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
  // One account per test: these are about the per-client limit, not the per-account one below.
  let account = "";
  beforeEach(() => {
    account = email();
  });
  const signIn = (ip: string, password = "wrong password") => post("/api/auth/sign-in/email", { email: account, password }, { "x-forwarded-for": ip });

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

describe("failed sign-ins are limited per account, whatever address they come from", () => {
  const password = "correct horse battery";
  const signInAs = (address: string, attempt: string) => post("/api/auth/sign-in/email", { email: address, password: attempt });
  const lockedBody = { message: lockedMessage(15 * 60), code: "ACCOUNT_LOCKED" };

  async function account(): Promise<string> {
    const address = email();
    expect((await signUp("Locked Out", address)).status).toBe(200);
    return address;
  }

  async function signInRaw(address: string, attempt: string) {
    return fetch(new URL("/api/auth/sign-in/email", app.url), {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url, "x-forwarded-for": nextClientIp() },
      body: JSON.stringify({ email: address, password: attempt }),
    });
  }

  test("5 wrong passwords, each from a new address: the 6th attempt is 429 with Retry-After, and a correct password is refused too", async () => {
    const address = await account();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signInAs(address, `wrong password ${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);

    const sixth = await signInRaw(address, "wrong again");
    expect(sixth.status).toBe(429);
    const retryAfter = Number(sixth.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await sixth.json()).toEqual(lockedBody);

    // The right password, from yet another address, and the email typed differently: still locked.
    const correct = await signInAs(`  ${address.toUpperCase()} `, password);
    expect({ status: correct.status, body: correct.body }).toEqual({ status: 429, body: lockedBody });
    expect(correct.cookie).toBe("");
  });

  test("the count is per account: another account signs in while one is locked", async () => {
    const locked = await account();
    for (let i = 0; i < 6; i++) await signInAs(locked, "wrong password");
    expect((await signInAs(locked, password)).status).toBe(429);
    const other = await account();
    expect((await signInAs(other, password)).status).toBe(200);
  });

  test("a burst of 12 parallel wrong passwords checks at most 5 of them", async () => {
    const address = await account();
    const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => signInAs(address, `parallel ${i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  test("a sign-in that works forgets the failures before it; a malformed attempt doesn't count", async () => {
    const address = await account();
    for (let i = 0; i < 4; i++) expect((await signInAs(address, "wrong password")).status).toBe(401);
    expect((await post("/api/auth/sign-in/email", { email: address })).status).toBe(400); // no password: never checked
    expect((await signInAs(address, password)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await signInAs(address, "wrong password")).status).toBe(401);
    expect((await signInAs(address, password)).status).toBe(429);
  });

  test("the lock is a row in the database (every instance sees it), and ends with its window", async () => {
    const address = await account();
    for (let i = 0; i < 5; i++) await signInAs(address, "wrong password");
    expect((await signInAs(address, password)).status).toBe(429);
    const db = await getDb();
    const [row] = await db.select().from(signInFailures);
    expect(row).toBeDefined();
    // 15 minutes later (as another instance's clock would say too: the window is Postgres's now()).
    await db.update(signInFailures).set({ windowStartedAt: sql`now() - interval '15 minutes'` });
    expect((await signInAs(address, password)).status).toBe(200);
  });

  test("the sign-in form's server action is limited the same way, and says a correct password is refused too", async () => {
    const address = await account();
    const submit = (attempt: string) => {
      const form = new FormData();
      form.set("mode", "sign-in");
      form.set("email", address);
      form.set("password", attempt);
      return withRequest({ origin: app.url, host: new URL(app.url).host, "x-forwarded-for": nextClientIp() }, () =>
        submitSignIn({ mode: "sign-in", error: null, email: "", name: "" }, form),
      );
    };
    for (let i = 0; i < 5; i++) {
      expect(await submit("wrong password")).toMatchObject({ result: { error: "Invalid email or password." } });
    }
    const locked = { result: { mode: "sign-in", error: lockedMessage(15 * 60), email: address, name: "" }, cookies: [] };
    expect(await submit("wrong password")).toEqual(locked);
    expect(await submit(password)).toEqual(locked);
  });
});
