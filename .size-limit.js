// `npm run size` (run in CI): SPEC §10's size budget, checked on the built files, gzip level 9.
//
// SPEC §10: dist/rudder-fullstory.js ≤ 10 kB gzip, Lit included. The code does not meet it yet (see
// README, "Performance"), so CI checks a ratchet: today's size, rounded up. It fails as soon as the
// bundle grows past it; lower it with every cut, never raise it without a reason in the commit.
// `SIZE_BUDGET=spec npm run size` checks the SPEC figure itself.
//
// "element code without lit" is informational since SPEC §10 budgets the bundle all-in: a ratchet
// of its own (never a SPEC figure), so a cut in our code shows apart from Lit's share.
const spec = process.env.SIZE_BUDGET === 'spec';

export default [
  {
    name: 'dist/rudder-fullstory.js',
    path: 'dist/rudder-fullstory.js',
    gzip: true,
    limit: spec ? '10 kB' : '15.3 kB',
  },
  {
    name: 'element code without lit (informational ratchet)',
    path: 'bench/out/without-lit/rudder-fullstory.js',
    gzip: true,
    limit: '13.2 kB',
  },
];
