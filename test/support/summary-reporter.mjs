// Counts every test of every browser session and writes the totals for scripts/test.mjs, which
// prints them as `N passed, N failed` on the last line (the form CI reads).
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {fileURLToPath} from 'node:url';

export const SUMMARY_FILE = fileURLToPath(
  new URL('../../node_modules/.cache/rudder-fullstory/test-summary.json', import.meta.url),
);

export function summaryReporter() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const count = suite => {
    for (const test of suite?.tests ?? []) {
      if (test.skipped) skipped++;
      else if (test.passed) passed++;
      else failed++;
    }
    for (const child of suite?.suites ?? []) count(child);
  };
  return {
    onTestRunFinished({sessions}) {
      for (const session of sessions) {
        count(session.testResults);
        // A file that failed to load or threw outside a test has no test results to count: still a failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) failed++;
      }
    },
    stop() {
      mkdirSync(dirname(SUMMARY_FILE), {recursive: true});
      writeFileSync(SUMMARY_FILE, JSON.stringify({passed, failed, skipped}));
    },
  };
}
