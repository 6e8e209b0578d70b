// `npm run size` (run in CI): SPEC §10's size budgets, checked on the built files, gzip level 9.
//
// SPEC §10: dist/rudder-fullstory.js ≤ 8 kB, the element's own code (without lit) ≤ 3 kB. The code
// does not meet them yet (see README, "Performance"), so CI checks a ratchet: today's size, rounded
// up. It fails as soon as the bundle grows past it; lower it with every cut, never raise it without
// a reason in the commit. `SIZE_BUDGET=spec npm run size` checks the SPEC figures themselves.
const spec = process.env.SIZE_BUDGET === 'spec';

export default [
  {
    name: 'dist/rudder-fullstory.js',
    path: 'dist/rudder-fullstory.js',
    gzip: true,
    limit: spec ? '8 kB' : '17.3 kB',
  },
  {
    name: 'element code without lit',
    path: 'bench/out/without-lit/rudder-fullstory.js',
    gzip: true,
    limit: spec ? '3 kB' : '14.9 kB',
  },
];
