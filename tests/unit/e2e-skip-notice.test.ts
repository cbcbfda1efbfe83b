// `npm test` says why the browser tests were skipped and how to run them
// (tests/support/e2e-skip.ts, printed by tests/support/e2e-skip-reporter.ts).
import { describe, expect, test } from "vitest";
import { e2eSkipNotice, e2eSkipReasonFor } from "../support/e2e-skip";

const e2e = (name: string, state: string) => ({ moduleId: `/repo/tests/e2e/${name}.test.ts`, state });

describe("the e2e skip notice", () => {
  test("names the cause and the commands that enable the browser tests", () => {
    expect(e2eSkipReasonFor({ chromium: true, build: false })).toBe(
      "no production build (.next/BUILD_ID is missing) — run `npx next build`, then `npx vitest run tests/e2e` (or `npm test`) runs them",
    );
    expect(e2eSkipReasonFor({ chromium: false, build: true })).toBe(
      "/usr/bin/chromium is missing — install Debian's chromium (apt-get install chromium), then `npx vitest run tests/e2e` (or `npm test`) runs them",
    );
    expect(e2eSkipReasonFor({ chromium: true, build: true })).toBeNull();
  });

  test("is printed once for the skipped e2e files, and only then", () => {
    const reason = e2eSkipReasonFor({ chromium: true, build: false });
    const run = [e2e("sign-in", "skipped"), e2e("go-live", "skipped"), { moduleId: "/repo/tests/unit/env.test.ts", state: "passed" }];
    expect(e2eSkipNotice(run, reason)).toBe(`Skipped 2 browser test files (tests/e2e): ${reason}`);
    expect(e2eSkipNotice([e2e("sign-in", "skipped")], reason)).toBe(`Skipped 1 browser test file (tests/e2e): ${reason}`);
    // They ran, or none was selected, or one was skipped for another cause (a filter): silent.
    expect(e2eSkipNotice([e2e("sign-in", "passed")], reason)).toBeNull();
    expect(e2eSkipNotice([{ moduleId: "/repo/tests/unit/env.test.ts", state: "skipped" }], reason)).toBeNull();
    expect(e2eSkipNotice([e2e("sign-in", "skipped")], null)).toBeNull();
  });
});
