// `npm run build`: lib/ (ES modules + types, via tsc) then dist/rudder-fullstory.js (rollup).
import {spawnSync} from 'node:child_process';

const steps = [
  ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
  ['node_modules/rollup/dist/bin/rollup', '-c', '--silent'],
];
for (const step of steps) {
  const {status} = spawnSync(process.execPath, step, {stdio: 'inherit'});
  if (status !== 0) process.exit(status ?? 1);
}
