// A per-file time limit for web-test-runner. Its own `testsFinishTimeout` is one limit for the
// whole run and, when it fires, names neither the file nor the test that was running. This plugin
// puts `test/support/progress.ts` in front of every test file; that module reports each test's
// start and end. A file still running after `limitMs` ends the run at once with its name, its
// browser and the last test that started, so a hang points at its cause.
import {relative} from 'node:path';

const PROGRESS_MODULE = '/test/support/progress.ts';

export function fileWatchdogPlugin({limitMs}) {
  const running = new Map(); // session id -> {file, browser, startedAt, lastTest, lastAt}
  let timer;

  const overrun = (entry, now) => {
    const last = entry.lastTest
      ? `the last test that started was "${entry.lastTest}", ${Math.round((now - entry.lastAt) / 1000)} s ago`
      : 'no test had started';
    // Straight to the terminal: the runner's reporter redraws the screen and swallows console output.
    process.stderr.write(
      `\n❌ ${entry.file} (${entry.browser}) ran past the per-file limit of ${limitMs / 1000} s: ${last}.\n`,
    );
    process.exit(1);
  };

  return {
    name: 'file-watchdog',
    transform(context) {
      if (!/\.test\.ts$/.test(context.path) || typeof context.body !== 'string') return undefined;
      return `import '${PROGRESS_MODULE}';\n${context.body}`;
    },
    executeCommand({command, payload, session}) {
      if (command !== 'test-progress') return undefined;
      const now = Date.now();
      if (payload.phase === 'done') {
        if (process.env.TEST_FILE_TIMES) {
          const entry = running.get(session.id);
          if (entry) process.stderr.write(`file-time ${now - entry.startedAt} ${entry.browser} ${entry.file}\n`);
        }
        running.delete(session.id);
        return true;
      }
      const entry = running.get(session.id) ?? {
        file: relative(process.cwd(), session.testFile),
        browser: session.browser.name,
        startedAt: now,
      };
      if (payload.phase === 'start') Object.assign(entry, {lastTest: payload.title, lastAt: now});
      running.set(session.id, entry);
      return true;
    },
    serverStart() {
      timer = setInterval(() => {
        const now = Date.now();
        for (const entry of running.values()) if (now - entry.startedAt > limitMs) overrun(entry, now);
      }, 1000);
      timer.unref();
    },
    serverStop() {
      clearInterval(timer);
    },
  };
}
