// Prints, after the run's summary, why the browser tests were skipped and how to run them
// (tests/support/e2e-skip.ts); says nothing when they ran or weren't selected.
import type { Reporter, TestModule, Vitest } from "vitest/node";
import { e2eSkipCause, e2eSkipNotice } from "./e2e-skip";

export default class E2eSkipReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest) {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const notice = e2eSkipNotice(
      testModules.map((m) => ({ moduleId: m.moduleId, state: m.state() })),
      e2eSkipCause,
    );
    if (notice) this.vitest?.logger.log(`\n ${notice}\n`);
  }
}
