// The counts a test pass reports, from vitest's JSON report and its exit status. A pass whose
// vitest failed without a failed test to show for it (a global setup that threw, a file that did
// not load, an unhandled error) still counts as failed: a red run never reads "0 failed".

/** @param {null | { numPassedTests: number, numFailedTests: number, numPendingTests: number, numTodoTests: number, numFailedTestSuites?: number }} report */
export function passCounts(report, status) {
  const counts = report
    ? {
        passed: report.numPassedTests,
        failed: report.numFailedTests,
        skipped: report.numPendingTests + report.numTodoTests,
      }
    : { passed: 0, failed: 0, skipped: 0 };
  // A suite that failed as a whole (it did not load, a hook threw) has no failed test of its own.
  const brokenSuites = report?.numFailedTestSuites ?? 0;
  if (counts.failed === 0 && brokenSuites > 0) counts.failed = brokenSuites;
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

/** One pass's line, e.g. `[server-sdk] Node v20.20.2 pass: 180 tests passed, 0 failed, 2 skipped`. */
export function passLine(version, counts, status) {
  const why = status !== 0 ? ` (vitest exited with ${status ?? 'a signal'})` : '';
  return `[server-sdk] Node ${version} pass${why}: ${counts.passed} tests passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}
