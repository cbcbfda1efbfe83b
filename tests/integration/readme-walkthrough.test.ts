// The curl walk-through (docs/reference/api.md, "With curl"), run as written by bash against the
// real route handlers and the sandbox, twice in a row: the first run signs up, the second
// signs in, and every id either run sends comes from an earlier answer.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { listLivestreamsResultSchema, livestreamStatusResultSchema, startLivestreamResultSchema, stopLivestreamResultSchema } from "@golive/next/contract";
import { startTestApp, type TestApp } from "../support/test-app";

const run = promisify(execFile);

function walkThrough(): string {
  const doc = readFileSync(path.resolve("docs/reference/api.md"), "utf8");
  const block = /### With curl[^\n]*\n[\s\S]*?```sh\n([\s\S]*?)\n```/.exec(doc)?.[1];
  if (!block) throw new Error("docs/reference/api.md has no ```sh block under \"### With curl\"");
  return block;
}

const sandboxAnswer = z.object({ result: z.unknown() });
const signUpAnswer = z.object({ token: z.string(), user: z.object({ email: z.string() }) });
const sessionAnswer = z.object({ session: z.object({ userId: z.string() }), user: z.object({ id: z.string(), email: z.string() }) });
const muxStreamAnswer = z.object({ result: z.object({ id: z.string(), status: z.string() }) });

let app: TestApp;
let cwd: string;

beforeAll(async () => {
  // Like `npm run dev`: one client address, no proxy header, the sandbox's MUX signing key.
  app = await startTestApp({ viewerCounts: true, env: { TRUSTED_PROXY_HEADER: "" } });
  cwd = mkdtempSync(path.join(os.tmpdir(), "golive-walkthrough-"));
  mkdirSync(path.join(cwd, ".data"));
  writeFileSync(path.join(cwd, ".data/sandbox-url"), app.sandbox.controlUrl.replace(/\/_sandbox$/, ""));
});
afterAll(async () => {
  await app?.close();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

/** One run of the walk-through: every line it prints, parsed as JSON. */
async function walk(): Promise<unknown[]> {
  // Asynchronous on purpose: the route handlers it calls run in this process.
  const { stdout } = await run("bash", ["-c", walkThrough()], { cwd, env: { ...process.env, APP: app.url }, timeout: 60_000 });
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

describe("the API reference's curl walk-through", () => {
  test("types no id or placeholder by hand", () => {
    expect(walkThrough()).not.toMatch(/<[^>\n]*>/);
  });

  test("runs twice in a row, every step answering what the API reference says", { timeout: 120_000 }, async () => {
    for (const [index, signsUp] of [true, false].entries()) {
      const answers = await walk();
      if (signsUp) expect(signUpAnswer.parse(answers.shift()).user.email).toBe("me@example.com");
      const session = sessionAnswer.parse(answers.shift());
      expect(session.user.email).toBe("me@example.com");
      expect(sandboxAnswer.parse(answers.shift())).toEqual({ result: null }); // joinRoom
      const started = startLivestreamResultSchema.parse(answers.shift());
      expect(sandboxAnswer.parse(answers.shift())).toEqual({ result: null }); // setViewers

      const [deleted, list, removed, added, muxStream, ...statuses] = answers.reverse();
      const lastStatus = livestreamStatusResultSchema.parse(statuses[0]);
      expect(lastStatus).toMatchObject({ livestreamId: started.livestreamId, status: "active", viewerCount: 5 });
      expect(muxStreamAnswer.parse(muxStream).result).toMatchObject({ id: started.muxLiveStreamId, status: "active" });

      const afterAdd = livestreamStatusResultSchema.parse(added);
      expect(afterAdd.layout).toBe("speaker");
      expect(afterAdd.destinations.map((d) => d.type)).toEqual(["mux", "youtube", "twitch"]);
      const twitch = livestreamStatusResultSchema.parse(removed).destinations.find((d) => d.type === "twitch");
      expect(twitch).toMatchObject({ status: "finished", removedAt: expect.any(Date) });

      // The room's broadcasts, newest first: this run's, then the earlier run's (ended).
      const listed = listLivestreamsResultSchema.parse(list).livestreams;
      expect(listed.map((l) => l.status)).toEqual(["active", ...Array<string>(index).fill("completed")]);
      expect(listed[0]?.id).toBe(started.livestreamId);
      expect(stopLivestreamResultSchema.parse(deleted)).toMatchObject({ livestreamId: started.livestreamId, status: "completed" });
    }
  });
});
