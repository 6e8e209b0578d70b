// `npm run build`: lib/ (ES modules + types, via tsc), custom-elements.json (the analyzer), then
// dist/rudder-fullstory.js and its debug-panel sibling (rollup).
import {spawnSync} from 'node:child_process';
import {rmSync} from 'node:fs';

// A clean slate: a module deleted from src/ must not linger in what gets packed.
rmSync('lib', {recursive: true, force: true});
rmSync('dist', {recursive: true, force: true});

const steps = [
  ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
  ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--quiet'],
  ['node_modules/rollup/dist/bin/rollup', '-c', '--silent'],
];
for (const step of steps) {
  const {status} = spawnSync(process.execPath, step, {stdio: 'inherit'});
  if (status !== 0) process.exit(status ?? 1);
}
