// Whether the browser tests (tests/e2e) can run here, and the one notice `npm test` prints
// when they can't: Vitest's default reporter shows a skipped file as "N skipped" and hides
// the describe title that carries the reason (tests/support/e2e-skip-reporter.ts prints it).
import { existsSync } from "node:fs";
import path from "node:path";

export const CHROMIUM_PATH = "/usr/bin/chromium";
const BUILD_ID = ".next/BUILD_ID";

const HOW_TO_RUN = "then `npx vitest run tests/e2e` (or `npm test`) runs them";

/** Why the e2e tests can't run (and how to enable them), or null when they can. */
export function e2eSkipReasonFor(has: { chromium: boolean; build: boolean }): string | null {
  if (!has.chromium) return `${CHROMIUM_PATH} is missing — install Debian's chromium (apt-get install chromium), ${HOW_TO_RUN}`;
  if (!has.build) return `no production build (${BUILD_ID} is missing) — run \`npx next build\`, ${HOW_TO_RUN}`;
  return null;
}

const reason = e2eSkipReasonFor({ chromium: existsSync(CHROMIUM_PATH), build: existsSync(path.resolve(BUILD_ID)) });
/** The describe title of a skipped e2e file (what `--reporter=verbose` shows), or null when they run. */
export const e2eSkipReason: string | null = reason === null ? null : `e2e skipped: ${reason}`;
/** For the reporter: the cause and the fix alone. */
export const e2eSkipCause: string | null = reason;

/** The notice for a finished run: null unless it skipped files of tests/e2e for `reason`. */
export function e2eSkipNotice(modules: ReadonlyArray<{ moduleId: string; state: string }>, reason: string | null): string | null {
  if (reason === null) return null;
  const skipped = modules.filter((m) => m.state === "skipped" && /[\\/]tests[\\/]e2e[\\/]/.test(m.moduleId)).length;
  if (skipped === 0) return null;
  return `Skipped ${skipped} browser test file${skipped === 1 ? "" : "s"} (tests/e2e): ${reason}`;
}
