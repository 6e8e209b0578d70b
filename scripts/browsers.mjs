// Where the test browsers are: CHROME_PATH / FIREFOX_PATH first, then the usual names on PATH.
// Shared by the test runner config, the browser check and the benchmark.
import {accessSync, constants} from 'node:fs';
import {delimiter, join} from 'node:path';

const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome'];
const FIREFOX_NAMES = ['firefox-esr', 'firefox'];

function onPath(names) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        /* keep looking */
      }
    }
  }
  return undefined;
}

export const findChromium = () => process.env.CHROME_PATH || onPath(CHROMIUM_NAMES);
export const findFirefox = () => process.env.FIREFOX_PATH || onPath(FIREFOX_NAMES);

/** Flags for headless Chromium on a machine without network, possibly as root. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Firefox preferences for test and bench pages. The runner opens one tab per test file running at
 * the same time, so all but one are background tabs (`document.visibilityState === 'hidden'`), and
 * Firefox clamps a hidden tab's timers to one second (`dom.min_background_timeout_value`, plus
 * budget throttling). Every `setTimeout(…, 10)` in a waiting test then takes 1,000 ms: the
 * hygiene corpus, ~125 element runs of two or three waits each, went from seconds to over five
 * minutes, with Firefox idle (0 % CPU) all along. Chromium gets the same treatment from
 * puppeteer's default flags (`--disable-background-timer-throttling`,
 * `--disable-renderer-backgrounding`); Firefox needs it said in prefs.
 */
export const FIREFOX_PREFS = {
  'dom.min_background_timeout_value': 4,
  'dom.min_background_timeout_value_without_budget_throttling': 4,
  'dom.timeout.enable_budget_timer_throttling': false,
  'dom.timeout.throttling_delay': 0,
};
