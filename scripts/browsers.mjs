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
