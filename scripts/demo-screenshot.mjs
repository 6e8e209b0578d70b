// `npm run screenshots`: serves the demo and drives it headlessly as a visitor would, at a desktop
// (1280 px) and a phone (375 px) width. On each it produces a repair, a drop, closes and opens the
// consent gate, then loads the "refused: over quota" scenario; on the SDK demo (real RudderStack
// SDK) it makes calls the site's filters keep from FullStory (`integrations`, `deny-events`) and
// waits for each to be listed with its reason. It checks that no card overlaps another and that axe
// finds no accessibility violation, and fails if either does. It saves:
//   docs/demo.png            the demo at 1280 px after those steps
//   docs/demo-phone.png      the same at 375 px
//   docs/demo-refused.png    the over-quota scenario: ready, not capturing, with its reason
//   docs/debug-panel.png     the debug panel, opened
//   docs/demo-sdk.png        the SDK demo at 1280 px, with the filtered calls and their reasons
import puppeteer from 'puppeteer-core';
import {mkdirSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {CHROMIUM_ARGS, findChromium} from './browsers.mjs';
import {serve} from './serve.mjs';

const PANEL = 'rudder-fullstory >>> section.panel';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const problems = [];

/** Every pair of boxes on the page (cards, the debug panel) that overlap. */
async function overlaps(page) {
  return page.evaluate(() => {
    const panel = document.querySelector('rudder-fullstory')?.shadowRoot?.querySelector('section.panel');
    const boxes = [...document.querySelectorAll('header, main > section'), panel].filter(Boolean).map(node => ({
      name: node.id || node.getAttribute('aria-labelledby') || node.className || node.tagName,
      rect: node.getBoundingClientRect(),
      node,
    }));
    // Containment across the shadow boundary: the panel is inside the card that holds the element.
    const within = (outer, inner) => outer.contains(inner) || outer.contains(inner.getRootNode().host ?? inner);
    const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const found = [];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        if (!within(a.node, b.node) && !within(b.node, a.node) && hit(a.rect, b.rect))
          found.push(`${a.name} × ${b.name}`);
      }
    }
    return found;
  });
}

async function axe(page, label) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations);
  for (const v of violations) problems.push(`${label}: axe ${v.id} (${v.nodes.length}): ${v.help}`);
}

async function check(page, label) {
  for (const pair of await overlaps(page)) problems.push(`${label}: overlap ${pair}`);
  await axe(page, label);
}

const until = (page, fn, arg) => page.waitForFunction(fn, {timeout: 10_000}, arg);

async function journey(page, url, width) {
  await page.setViewport({width, height: 900});
  await page.goto(`${url}/demo/?scenario=normal`);
  await page.waitForSelector('rudder-fullstory[status="ready"][capturing]', {timeout: 10_000});
  for (const id of ['identify', 'track', 'page', 'bad', 'long', 'burst']) await page.click(`#${id}`);
  await until(page, () => /rate-limited/.test(document.querySelector('#drops').textContent));
  await page.click('#consented');
  await page.waitForSelector('rudder-fullstory[status="disabled"]');
  await page.click('#consented');
  await page.waitForSelector('rudder-fullstory[status="ready"]');
  await page.click('#reset');
  await until(page, () => /disabled.*→.*ready/.test(document.querySelector('#history').textContent));
  await check(page, `${width} px`);
}

/** The SDK demo: a call each filter keeps from FullStory, listed with its reason; the panel opened. */
async function sdkJourney(page, url, width) {
  await page.setViewport({width, height: 900});
  await page.goto(`${url}/demo/sdk.html?mode=observer`);
  // Capturing: the data plane's events then carry their replay link (link-events).
  await page.waitForSelector('rudder-fullstory[status="ready"][capturing]', {timeout: 15_000});
  for (const id of ['identify', 'track', 'filtered-fullstory', 'filtered', 'denied']) await page.click(`#${id}`);
  await until(page, () => {
    const listed = document.querySelector('#filtered-calls').textContent;
    return /track: integrations .*\(×2\)/.test(listed) && /track: deny-events/.test(listed);
  });
  await until(page, () => /Order Completed/.test(document.querySelector('#calls').textContent));
  await until(page, () => /Debug Ping/.test(document.querySelector('#dataplane').textContent));
  await check(page, `SDK demo ${width} px`);
  await page.click(`${PANEL} button`);
  await page.waitForSelector(`${PANEL} .details`);
  await check(page, `SDK demo ${width} px, panel open`);
}

const {server, url} = await serve(Number(process.env.PORT) || 0);
const browser = await puppeteer.launch({executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS});
try {
  mkdirSync('docs', {recursive: true});
  const page = await browser.newPage();
  page.on('pageerror', error => problems.push(`page error: ${error.message}`));
  // The blocked scenario's fs.js is unreachable on purpose (scripts/demo-middleware.mjs).
  page.on('requestfailed', request => {
    if (!request.url().includes('/demo/blocked-by-adblock/')) problems.push(`request failed: ${request.url()}`);
  });
  page.on('response', response => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });

  await journey(page, url, 1280);
  console.log('demo state:', JSON.stringify(await page.$eval('rudder-fullstory', el => el.stats)));
  await page.screenshot({path: 'docs/demo.png', fullPage: true});
  await page.setViewport({width: 1280, height: 900, deviceScaleFactor: 2});
  await page.click(`${PANEL} button`);
  const panel = await page.waitForSelector(`${PANEL} .details`).then(() => page.$(PANEL));
  await check(page, 'panel open');
  await panel.screenshot({path: 'docs/debug-panel.png'});

  await journey(page, url, 375);
  await page.screenshot({path: 'docs/demo-phone.png', fullPage: true});

  await page.setViewport({width: 1280, height: 900});
  await page.goto(`${url}/demo/?scenario=quota`);
  await until(page, () => /^capture-over-quota/.test(document.querySelector('rudder-fullstory')?.reason ?? ''));
  await check(page, 'refused');
  console.log('refused:', await page.$eval('rudder-fullstory', el => `${el.status}, ${el.reason}`));
  await page.screenshot({path: 'docs/demo-refused.png', fullPage: true});

  await sdkJourney(page, url, 375);
  await sdkJourney(page, url, 1280);
  console.log('SDK demo, filtered:', await page.$eval('#filtered-calls', list => list.innerText.replace(/\n/g, ' | ')));
  await page.screenshot({path: 'docs/demo-sdk.png', fullPage: true});
} finally {
  await browser.close();
  await server.stop();
}
if (problems.length) {
  console.error(`The demo has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(
  'screenshots: docs/demo.png, docs/demo-phone.png, docs/demo-refused.png, docs/debug-panel.png, docs/demo-sdk.png' +
    ' (no overlap, axe clean)',
);
