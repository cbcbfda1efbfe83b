// The app for one test file: the harness (scripts/lib/harness/test-app.ts) on a database of
// the file's own (a copy of the migrated template, or in-memory PGlite).
import { startTestApp as startApp, type TestApp, type TestAppOptions } from "../../scripts/lib/harness/test-app";
import { createTestDatabase } from "./database";

export { parseBody } from "../../scripts/lib/harness/test-app";
export type { Credentials, JsonResponse, TestApp, TestAppOptions, TestClient, TestUser } from "../../scripts/lib/harness/test-app";

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  return startApp(await createTestDatabase(), options);
}
