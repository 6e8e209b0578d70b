// Runs before the tests: makes sure the browsers they need are there. On a Debian machine where we
// are root (CI, fresh dev machines of this project) it installs Debian's packages; anywhere else it
// says exactly what to install, and fails.
import {execSync} from 'node:child_process';
import {findChromium, findFirefox} from './browsers.mjs';

const wanted = [
  {name: 'Chromium', find: findChromium, pkg: 'chromium', env: 'CHROME_PATH'},
  {name: 'Firefox', find: findFirefox, pkg: 'firefox-esr', env: 'FIREFOX_PATH'},
].filter(browser =>
  (process.env.TEST_BROWSERS ?? 'chromium,firefox').toLowerCase().includes(browser.name.toLowerCase()),
);

const missing = wanted.filter(browser => !browser.find());
if (missing.length > 0) {
  const pkgs = missing.map(browser => browser.pkg).join(' ');
  const canInstall = process.getuid?.() === 0 && hasApt();
  if (canInstall) {
    console.log(`Installing ${pkgs} (Debian packages) for the browser tests…`);
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs}`, {stdio: 'inherit'});
  }
  const still = wanted.filter(browser => !browser.find());
  if (still.length > 0) {
    for (const browser of still) {
      console.error(
        `${browser.name} not found. Install it (Debian: sudo apt-get install ${browser.pkg}) or point ${browser.env} at its binary.`,
      );
    }
    process.exit(1);
  }
}

function hasApt() {
  try {
    execSync('command -v apt-get', {stdio: 'ignore'});
    return true;
  } catch {
    return false;
  }
}
