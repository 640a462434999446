export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites?: number;
}
export interface PassCounts {
  passed: number;
  failed: number;
  skipped: number;
}
export function passCounts(report: VitestReport | null, status: number | null): PassCounts;
export function passLine(version: string, counts: PassCounts, status: number | null): string;
