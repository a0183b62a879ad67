import type { Reporter, TestModule } from "vitest/node";

/** Ends the run with one plain line CI can read: `N passed, N failed` (", N skipped" when any). */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of modules) {
      let failedTests = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failedTests++;
        else skipped++;
      }
      failed += failedTests;
      // A file that failed outside its tests (import error, failing hook, the fast project's guard)
      // counts as one failure, even when each of its tests passed.
      if (failedTests === 0 && module.state() === "failed") failed++;
    }
    const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
    process.stdout.write(`\n${line}\n`);
  }
}
