// `npm run screenshots`: serves the demo, presses its buttons in headless Chromium and saves two
// screenshots for the README: the demo page with the debug panel closed (docs/demo.png by default,
// or the first path given), then the debug panel opened (docs/debug-panel.png, or the second path).
import puppeteer from 'puppeteer-core';
import {mkdirSync} from 'node:fs';
import {dirname} from 'node:path';
import {CHROMIUM_ARGS, findChromium} from './browsers.mjs';
import {serve} from './serve.mjs';

const out = process.argv[2] ?? 'docs/demo.png';
const panelOut = process.argv[3] ?? 'docs/debug-panel.png';
const PANEL = 'rudder-fullstory >>> section.panel';
const {server, url} = await serve(Number(process.env.PORT) || 0);
const browser = await puppeteer.launch({executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS});
try {
  const page = await browser.newPage();
  await page.setViewport({width: 1100, height: 900});
  await page.goto(`${url}/demo/`);
  await page.waitForSelector('rudder-fullstory[status="ready"]', {timeout: 10_000});
  for (const id of ['identify', 'track', 'page', 'bad', 'reset']) await page.click(`#${id}`);
  await page.waitForFunction(() => document.querySelectorAll('#calls li').length >= 5, {timeout: 5000});
  // The panel renders after each burst of calls: wait until it shows the element's own counts.
  await page.waitForFunction(
    () => {
      const el = document.querySelector('rudder-fullstory');
      const text = el.shadowRoot.querySelector('section.panel')?.textContent ?? '';
      return text.includes(`${el.stats.forwarded} sent · ${el.stats.dropped} dropped`);
    },
    {timeout: 5000},
  );
  const state = await page.$eval('rudder-fullstory', el => ({status: el.getAttribute('status'), stats: el.stats}));
  console.log('demo state:', JSON.stringify(state));
  mkdirSync(dirname(out), {recursive: true});
  await page.screenshot({path: out, fullPage: true});
  console.log(`screenshot: ${out}`);

  await page.click(`${PANEL} button`);

  await page.setViewport({width: 1100, height: 900, deviceScaleFactor: 2});
  const panel = await page.waitForSelector(PANEL);
  console.log('debug panel:', JSON.stringify(await panel.evaluate(node => node.innerText)));
  mkdirSync(dirname(panelOut), {recursive: true});
  await panel.screenshot({path: panelOut});
  console.log(`screenshot: ${panelOut}`);
} finally {
  await browser.close();
  await server.stop();
}
