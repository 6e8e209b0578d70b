// `node bench/hygiene-large.mjs` (after `npm run build`): how long hygiene takes on large payloads,
// in headless Chromium. Not part of `npm run bench`: it is for work on src/forward/hygiene.ts, where
// the question is whether a big or hostile payload can cause a long task (over 50 ms, SPEC §10).
// Prints the median and the slowest of BENCH_RUNS runs (default 15) per case, in milliseconds.
// `node bench/hygiene-large.mjs a.js b.js` compares modules (each exporting sanitizeCall), their
// runs interleaved, so that a busy machine slows them alike.
import {nodeResolve} from '@rollup/plugin-node-resolve';
import puppeteer from 'puppeteer-core';
import {rollup} from 'rollup';
import {CHROMIUM_ARGS, findChromium} from '../scripts/browsers.mjs';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 15);

const MODULES = process.argv.slice(2).length ? process.argv.slice(2) : ['lib/forward/hygiene.js'];

async function bundled(input, index) {
  const bundle = await rollup({input, plugins: [nodeResolve()]});
  const {output} = await bundle.generate({format: 'iife', name: `hygiene${index}`});
  return output[0].code;
}

/** Runs in the page: each case builds its properties once, then times `sanitizeCall` on them. */
function measure(runs) {
  const kb = 1024;
  const product = i => ({product_id: `p-${i}`, sku: `SKU-${i}`, name: `Product ${i}`, price: 9.99 + i, quantity: 1});
  const strings = (count, size) =>
    Object.fromEntries(Array.from({length: count}, (_, i) => [`s${i}`, 'x'.repeat(size)]));
  const cases = {
    '500 KB, 20 strings (fits)': () => strings(20, 25 * kb),
    '500 KB, list of 4,500 products (fits)': () => ({
      order_id: 'o-1',
      products: Array.from({length: 4500}, (_, i) => product(i)),
    }),
    '500 KB, 5,000 top-level keys (fits)': () => strings(5000, 90),
    '5 MB, 50 strings of 100 KB (trimmed)': () => strings(50, 100 * kb),
    '5 MB, list of 45,000 products (removed)': () => ({
      order_id: 'o-1',
      products: Array.from({length: 45_000}, (_, i) => product(i)),
    }),
    '5 MB, one string (removed)': () => ({blob: 'x'.repeat(5 * kb * kb), ok: 1}),
    '5 MB, list of 260,000 numbers (removed)': () => ({
      numbers: Array.from({length: 260_000}, (_, i) => i + 0.123456789012),
    }),
    '5 MB, 60,000 top-level keys (trimmed)': () => strings(60_000, 80),
    '10 M holes (removed)': () => ({holes: new Array(1e7)}),
  };
  const modules = Object.keys(window)
    .filter(key => /^hygiene\d+$/.test(key))
    .sort()
    .map(key => window[key]);
  const rows = [];
  for (const [name, make] of Object.entries(cases)) {
    const call = {op: 'trackEvent', options: {name: 'Large', properties: make()}};
    const times = modules.map(() => []);
    const results = [];
    for (let i = 0; i < runs + 2; i++) {
      modules.forEach((module, m) => {
        const start = performance.now();
        results[m] = module.sanitizeCall(call);
        if (i >= 2) times[m].push(performance.now() - start); // two warm-up calls
      });
    }
    modules.forEach((_, m) => {
      const sorted = times[m].sort((a, b) => a - b);
      const {call: sent, repairs} = results[m];
      rows.push({
        name: m === 0 ? name : '',
        median: sorted[Math.floor(sorted.length / 2)],
        max: sorted[sorted.length - 1],
        kept: sent ? Object.keys(sent.options.properties).length : 0,
        repairs: repairs.length,
      });
    });
  }
  return rows;
}

const browser = await puppeteer.launch({executablePath: findChromium(), args: CHROMIUM_ARGS});
try {
  const page = await browser.newPage();
  for (const [index, input] of MODULES.entries()) await page.addScriptTag({content: await bundled(input, index)});
  const rows = await page.evaluate(measure, RUNS);
  console.log(`sanitizeCall on large payloads, headless Chromium, ${RUNS} runs each (ms)`);
  rows.forEach((row, i) => {
    const figures = `${row.median.toFixed(2).padStart(8)} median ${row.max.toFixed(2).padStart(8)} max`;
    const which = MODULES.length > 1 ? `  ${MODULES[i % MODULES.length]}` : '';
    console.log(`${row.name.padEnd(42)} ${figures}   kept ${row.kept}, ${row.repairs} repairs${which}`);
  });
} finally {
  await browser.close();
}
