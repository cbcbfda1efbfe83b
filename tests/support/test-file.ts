// The setup integration test files share, registered as Vitest hooks: one test app for the
// whole file (tests/support/test-app.ts) with its users signed up, closed after the last test,
// and the sandbox's faults cleared before each test so one test's fault can't leak into the
// next; or, for tests of the database alone, just a database of the file's own.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createTestDatabase, type TestDatabase } from "./database";
import { startTestApp, type TestApp, type TestAppOptions, type TestUser } from "./test-app";

export type TestFile<Users extends Record<string, string>> = { app: TestApp } & { [K in keyof Users]: TestUser };

/**
 * `useTestApp({ alice: "Alice", bob: "Bob" })`: before the file's tests, starts a test app and
 * signs up one user per entry (key → display name, in order). The fields are set once
 * `beforeAll` has run, so read them inside tests and hooks, not at the top level.
 */
export function useTestApp<const Users extends Record<string, string>>(users: Users, options: TestAppOptions = {}): TestFile<Users> {
  let app: TestApp | undefined;
  const file = {} as TestFile<Users>;
  beforeAll(async () => {
    app = await startTestApp(options);
    const signedUp: Record<string, TestUser> = {};
    for (const [key, name] of Object.entries(users)) signedUp[key] = await app.newUser(name);
    Object.assign(file, signedUp, { app });
  });
  afterAll(() => app?.close());
  beforeEach(() => app?.sandbox.control.clearFaults());
  return file;
}

/** A migrated database of the file's own, with the app's environment pointed at it; closed and dropped after the last test. */
export function useTestDatabase(): void {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, database.env);
  });
  afterAll(async () => {
    const { closeDb } = await import("@/lib/db");
    await closeDb();
    await database?.drop();
  });
}
