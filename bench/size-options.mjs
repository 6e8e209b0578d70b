// `node bench/size-options.mjs` (after `npm run build`): what dist/rudder-fullstory.js would weigh under
// each way of meeting SPEC §10's 10 kB that a product decision could open, so that the decision can be
// taken on figures. Not part of `npm run bench`: nothing here is shipped.
//
// Each option rebuilds the bundle with the dist build's own plugins (same terser options), changing one
// thing:
// - "prose out": every string literal and template part of our code that contains a space is emptied.
//   That is more than moving sentences to a lazily loaded chunk could save (selectors, console prefixes
//   and the code that would fetch and fill them in are counted as gone too): a lower bound.
// - "optional features out": the modules of link-events, consent-ids, custom-integration mode and v1
//   snippets export no-ops. The element's glue for them stays: close to what on-demand chunks would leave.
import {readFileSync} from 'node:fs';
import {rollup} from 'rollup';
import dist from '../rollup.config.js';
import {gzipBytes} from './sizes.mjs';

const OPTIONAL = [
  'rudderstack/link-events.js',
  'rudderstack/consent.js',
  'rudderstack/integration.js',
  'fullstory/v1.js',
];

/** A module whose exported functions and constants do nothing. */
const stubbed = file =>
  [...readFileSync(`lib/${file}`, 'utf8').matchAll(/^export (?:async )?(?:function|const|let|class) (\w+)/gm)]
    .map(([, name]) => `export const ${name} = () => {};`)
    .join('\n');

/** Literal strings (and template parts) with a space in them, as [start, end] of their text. */
function proseRanges(node, ranges = []) {
  if (!node || typeof node !== 'object') return ranges;
  if (Array.isArray(node)) node.forEach(child => proseRanges(child, ranges));
  else if (node.type === 'Literal' && typeof node.value === 'string' && node.value.includes(' ')) {
    ranges.push([node.start + 1, node.end - 1]);
  } else if (node.type === 'TemplateElement' && node.value.raw.includes(' ')) ranges.push([node.start, node.end]);
  else for (const key of Object.keys(node)) if (key !== 'type') proseRanges(node[key], ranges);
  return ranges;
}

function options({prose = true, optional = true}) {
  return {
    name: 'size-options',
    load(id) {
      const file = OPTIONAL.find(name => id.endsWith(`/lib/${name}`));
      return !optional && file ? stubbed(file) : null;
    },
    transform(code, id) {
      if (prose || !id.includes('/lib/')) return null;
      let out = code;
      for (const [start, end] of proseRanges(this.parse(code)).sort((a, b) => b[0] - a[0])) {
        out = out.slice(0, start) + out.slice(end);
      }
      return {code: out, map: null};
    },
  };
}

async function gzipOf(keep) {
  const build = await rollup({input: 'lib/index.js', plugins: [options(keep), ...dist.plugins], onwarn: () => {}});
  try {
    const {output} = await build.generate({...dist.output, dir: undefined});
    return gzipBytes(output.find(chunk => chunk.isEntry).code);
  } finally {
    await build.close();
  }
}

const rows = [
  ['as shipped', {}],
  ['prose out', {prose: false}],
  ['optional features out', {optional: false}],
  ['both', {prose: false, optional: false}],
];
for (const [label, keep] of rows)
  console.log(`${label.padEnd(24)} ${(await gzipOf(keep)).toLocaleString('en')} B gzip`);
