// `npm run build`: lib/ (ES modules + types, via tsc), custom-elements.json and the framework
// typings in lib/frameworks/ (the analyzer and its plugins), then dist/rudder-fullstory.js and its
// debug-panel sibling (rollup). Ends with what it wrote, with gzip sizes (level 9, as `npm run size`).
import {spawnSync} from 'node:child_process';
import {readFileSync, readdirSync, rmSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';

// A clean slate: a module deleted from src/ must not linger in what gets packed.
rmSync('lib', {recursive: true, force: true});
rmSync('dist', {recursive: true, force: true});

const steps = [
  ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
  // The generators log a line per file even when told not to: kept for a failure only.
  ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--quiet'],
  ['node_modules/rollup/dist/bin/rollup', '-c', '--silent'],
];
for (const step of steps) {
  const {status, stdout, stderr} = spawnSync(process.execPath, step, {encoding: 'utf8'});
  if (status !== 0) {
    process.stdout.write(stdout ?? '');
    process.stderr.write(stderr ?? '');
    process.exit(status ?? 1);
  }
  process.stderr.write(stderr ?? '');
}

const files = dir =>
  readdirSync(dir, {recursive: true})
    .map(name => join(dir, name))
    .filter(path => statSync(path).isFile());
const kB = bytes => `${(bytes / 1000).toFixed(1)} kB`;
const measure = paths => {
  let raw = 0;
  let gzip = 0;
  for (const path of paths) {
    const bytes = readFileSync(path);
    raw += bytes.length;
    gzip += gzipSync(bytes, {level: 9}).length;
  }
  return {raw, gzip};
};
const rows = [];
const row = (label, paths) => {
  const {raw, gzip} = measure(paths);
  rows.push([label, kB(raw), `${kB(gzip)} gzip`]);
};
for (const path of files('dist').filter(path => path.endsWith('.js'))) row(path, [path]);
const lib = files('lib').filter(path => !path.startsWith(join('lib', 'frameworks')));
row(`lib/ (${lib.filter(path => path.endsWith('.js')).length} modules, types, maps)`, lib);
const frameworks = files(join('lib', 'frameworks'));
row(`lib/frameworks/ (${frameworks.length} typings: react, preact, solid, vue, svelte, jsx)`, frameworks);
row('custom-elements.json', ['custom-elements.json']);

const width = [0, 1, 2].map(column => Math.max(...rows.map(cells => cells[column].length)));
console.log('build: wrote');
for (const cells of rows) {
  console.log(`  ${cells[0].padEnd(width[0])}  ${cells[1].padStart(width[1])}  ${cells[2].padStart(width[2])}`);
}
