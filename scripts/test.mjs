// `npm test`: make sure the browsers are there, type-check, build, run the Node and browser tests, then print the
// `N passed, N failed` line last (web-test-runner's own summary comes after any reporter output).
import {spawnSync} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';
import {SUMMARY_FILE} from '../test/support/summary-reporter.mjs';

const run = (command, args) => spawnSync(command, args, {stdio: 'inherit', shell: false}).status ?? 1;

if (run(process.execPath, ['scripts/ensure-browsers.mjs']) !== 0) process.exit(1);
if (run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
// The bundle is under test too (test/dist.test.ts loads it in a plain page).
if (run(process.execPath, ['scripts/build.mjs']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
// Node-side tests (SSR safety of lib/), counted into the same last line as the browser tests.
// One summary line; the whole TAP report only when something failed.
const node = spawnSync(process.execPath, ['--test', '--test-reporter=tap', 'test/ssr.node.mjs'], {encoding: 'utf8'});
const tapCount = name => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(node.stdout)?.[1] ?? 0);
const nodePassed = tapCount('pass');
const nodeFailed = tapCount('fail') || (node.status !== 0 ? 1 : 0);
if (nodeFailed) {
  process.stdout.write(node.stdout);
  process.stderr.write(node.stderr);
}
console.log(`Node (SSR, test/ssr.node.mjs): ${nodePassed} passed, ${nodeFailed} failed\n`);

rmSync(SUMMARY_FILE, {force: true});
const status = run(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', ...process.argv.slice(2)]);

let summary;
try {
  summary = JSON.parse(readFileSync(SUMMARY_FILE, 'utf8'));
} catch {
  summary = {passed: 0, failed: 1, skipped: 0}; // the runner died before reporting: that is a failure
}
const failed = summary.failed + (status !== 0 && summary.failed === 0 ? 1 : 0) + nodeFailed;
const passed = summary.passed + nodePassed;
console.log(`${passed} passed, ${failed} failed${summary.skipped ? `, ${summary.skipped} skipped` : ''}`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);
