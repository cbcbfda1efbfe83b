// Two app processes against one Postgres: all coordination is in the database, so racing
// go-lives for one room across instances still give exactly one broadcast.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, test, inject } from "vitest";
import { startTestApp, type TestApp, type TestUser } from "../support/test-app";

// PGlite lives inside one process; a second instance needs a Postgres server.
const needsPostgres = inject("templateDatabaseUrl") === null;

describe.skipIf(needsPostgres)("two app instances (skipped without DATABASE_URL: PGlite can't be shared between processes)", () => {
  let app: TestApp;
  let user: TestUser;
  let second: ChildProcess;
  let secondUrl: string;

  beforeAll(async () => {
    app = await startTestApp();
    user = await app.newUser();
    second = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/lib/harness/serve-routes.ts"], {
      env: { ...process.env, NODE_ENV: "test" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [chunk] = (await once(second.stdout ?? second, "data")) as [Buffer];
    secondUrl = chunk.toString().trim();
  }, 60_000);
  afterAll(async () => {
    second?.kill("SIGTERM");
    await app?.close();
  });

  test("10 concurrent go-lives split across two processes: one 201, nine 409s, one MUX stream, one egress", async () => {
    app.sandbox.control.joinRoom("two-instances", user.id);
    const viaSecond = (body: unknown) =>
      fetch(`${secondUrl}/api/video/livestream`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: user.cookie },
        body: JSON.stringify(body),
      }).then((r) => r.status);
    const viaFirst = (body: unknown) => user.request("POST", "/api/video/livestream", body).then((r) => r.status);
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? viaFirst : viaSecond)({ roomName: "two-instances" })),
    );
    expect(statuses.sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    expect(app.sandbox.control.muxLiveStreams()).toHaveLength(1);
    expect(app.sandbox.control.egresses()).toHaveLength(1);
  });
});
