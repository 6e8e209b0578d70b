/**
 * Tells the test server which test of this file is running, so its per-file watchdog
 * (test/support/file-watchdog.mjs) can name the file and the last test that started when a file
 * overruns. Imported first into every test file by that plugin; the calls are not awaited, so a
 * test never waits on the server.
 */
import {executeServerCommand} from '@web/test-runner-commands';

const report = (phase: 'start' | 'end' | 'done', title = '') => {
  executeServerCommand('test-progress', {phase, title}).catch(() => {
    /* the server is gone: the run is over */
  });
};

beforeEach(function () {
  report('start', this.currentTest?.fullTitle());
});
afterEach(function () {
  report('end', this.currentTest?.fullTitle());
});
after(() => report('done'));
