// Serves the demo, presses its buttons in headless Chromium and saves a screenshot
// (docs/demo.png by default, or the path given). Used to check the demo and for the README.
import puppeteer from 'puppeteer-core';
import {mkdirSync} from 'node:fs';
import {dirname} from 'node:path';
import {CHROMIUM_ARGS, findChromium} from './browsers.mjs';
import {serve} from './serve.mjs';

const out = process.argv[2] ?? 'docs/demo.png';
const {server, url} = await serve(Number(process.env.PORT) || 0);
const browser = await puppeteer.launch({executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS});
try {
  const page = await browser.newPage();
  await page.setViewport({width: 1100, height: 900});
  await page.goto(`${url}/demo/`);
  await page.waitForSelector('rudder-fullstory[status="ready"]', {timeout: 10_000});
  for (const id of ['identify', 'track', 'page', 'bad', 'reset']) await page.click(`#${id}`);
  await page.waitForFunction(() => document.querySelectorAll('#calls li').length >= 5, {timeout: 5000});
  const state = await page.$eval('rudder-fullstory', el => ({status: el.getAttribute('status'), stats: el.stats}));
  console.log('demo state:', JSON.stringify(state));
  mkdirSync(dirname(out), {recursive: true});
  await page.screenshot({path: out, fullPage: true});
  console.log(`screenshot: ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
