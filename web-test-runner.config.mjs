// Tests run in real headless browsers (Debian's Chromium and Firefox ESR, driven by puppeteer-core:
// nothing is downloaded). TEST_BROWSERS=chromium (or firefox) narrows the run.
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {chromeLauncher} from '@web/test-runner-chrome';
import {defaultReporter} from '@web/test-runner';
import {CHROMIUM_ARGS, FIREFOX_PREFS, findChromium, findFirefox} from './scripts/browsers.mjs';
import {summaryReporter} from './test/support/summary-reporter.mjs';
import {fileWatchdogPlugin} from './test/support/file-watchdog.mjs';
import {cspGroup, cspHeaderMiddleware, nonceRunnerScriptsPlugin} from './test/support/csp.mjs';
import {rudderstackMiddleware} from './scripts/rudderstack-middleware.mjs';
import {unreachableMiddleware} from './scripts/demo-middleware.mjs';

const wanted = (process.env.TEST_BROWSERS ?? 'chromium,firefox').toLowerCase();

// Each runner page (one per concurrently running test file) gets a browser context of its own:
// test files running side by side must not share cookies or storage. The real RudderStack SDKs
// keep their visitor there (v1.1 in cookies; v3 adopts whatever `rl_*` cookies it finds, even
// with memoryStorage), so a v1.1 page in one file used to hand its user to a v3 page in another.
const isolatedPage = async ({browser}) => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.once('close', () => context.close().catch(() => {}));
  return page;
};

// `executeServerCommand('bring-to-front')`: a test that types (sendKeys) first makes its page the
// focused one. Test files run side by side in tabs; keys typed into a background tab go nowhere.
const bringToFrontPlugin = () => ({
  name: 'bring-to-front',
  async executeCommand({command, session}) {
    if (command !== 'bring-to-front') return undefined;
    await session.browser.getPage(session.id).bringToFront();
    return true;
  },
});

// chromeLauncher names every browser it launches without its own puppeteer "Chrome", Firefox
// included: each progress bar is labelled with the browser it really runs.
const named = (name, launcher) => Object.assign(launcher, {name});

const browsers = [];
if (wanted.includes('chromium')) {
  browsers.push(
    named(
      'Chromium',
      chromeLauncher({
        launchOptions: {executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS},
        createPage: isolatedPage,
      }),
    ),
  );
}
if (wanted.includes('firefox') && findFirefox()) {
  browsers.push(
    named(
      'Firefox',
      chromeLauncher({
        launchOptions: {
          browser: 'firefox',
          executablePath: findFirefox(),
          headless: true,
          args: ['--headless'],
          extraPrefsFirefox: FIREFOX_PREFS,
        },
        createPage: isolatedPage,
      }),
    ),
  );
}

export default {
  files: ['test/**/*.test.ts', '!test/csp/**'],
  // test/csp/ runs on runner pages under a strict CSP with Trusted Types, with and without
  // 'strict-dynamic' (SPEC §8).
  groups: [
    cspGroup('csp-nonce', 'test/csp/nonce.test.ts', {strictDynamic: false}),
    cspGroup('csp-strict-dynamic', 'test/csp/strict-dynamic.test.ts', {strictDynamic: true}),
  ],
  // The production build of Lit, as shipped (and without its dev-mode banner in every log).
  nodeResolve: {exportConditions: ['production']},
  rootDir: '.',
  concurrency: 2,
  concurrentBrowsers: 2,
  browsers,
  browserStartTimeout: 60_000,
  testsFinishTimeout: 300_000,
  testFramework: {config: {timeout: 10_000}},
  plugins: [
    esbuildPlugin({ts: true, target: 'es2022', tsconfig: './tsconfig.json'}),
    nonceRunnerScriptsPlugin(),
    bringToFrontPlugin(),
    // A test file still running after this long fails the run at once, naming the file and the
    // last test that started (the slowest file takes about 20 s on a loaded 2-core machine).
    fileWatchdogPlugin({limitMs: Number(process.env.TEST_FILE_LIMIT_MS ?? 120_000)}),
  ],
  // rudderstackMiddleware: the real RudderStack SDKs run offline against it (source config, data plane).
  middleware: [cspHeaderMiddleware(), unreachableMiddleware(), rudderstackMiddleware()],
  // No filterBrowserLogs: every console line a test page prints is reprinted under "Browser logs".
  // A test that provokes a line on purpose (an `error` or `blocked` status, a listener that throws)
  // takes it off the console and asserts it (test/support/console.ts), so what shows is unexpected.
  reporters: [defaultReporter(), summaryReporter()],
};
