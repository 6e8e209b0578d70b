// SPEC §9, SSR-safe: importing any module of the package in Node (no DOM) neither throws nor
// touches globals. Run by `npm test` with `node --test` over the built lib/.
//
// Each module is imported in a fresh Node process, so one module's import cannot hide another's.
// Lit's Node build (its `node` export condition, which server renderers use) installs its own
// DOM shim and version markers on globalThis; those are Lit's, so for modules that import Lit the
// baseline is taken after importing Lit alone. Everything beyond that is ours, and must be nothing.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const lib = fileURLToPath(new URL('../lib/', import.meta.url));
// Every module, in lib/ and its folders (forward/, fullstory/, rudderstack/, debug/).
const modules = readdirSync(lib, {recursive: true})
  .filter(name => name.endsWith('.js'))
  .sort();

const probe = (module, baseline) => `
const snapshot = () => new Map(Reflect.ownKeys(globalThis).map(key => [key, Object.getOwnPropertyDescriptor(globalThis, key)]));
const same = (a, b) => Object.is(a.value, b.value) && a.get === b.get && a.set === b.set;
${baseline ? `await import(${JSON.stringify(baseline)});` : ''}
const before = snapshot();
const exported = Object.keys(await import(${JSON.stringify(new URL(module, `file://${lib}`).href)}));
const after = snapshot();
const touched = [...after].filter(([key, d]) => !before.has(key) || !same(before.get(key), d)).map(([key]) => String(key));
const removed = [...before.keys()].filter(key => !after.has(key)).map(String);
console.log(JSON.stringify({exported, touched, removed}));
`;

test('there is something to test: lib/ is built', () => {
  assert.ok(modules.includes('index.js') && modules.includes('element.js'), `lib/ has ${modules.join(', ')}`);
});

for (const module of modules) {
  test(`importing lib/${module} in Node neither throws nor touches globals`, () => {
    const run = source =>
      spawnSync(process.execPath, ['--input-type=module', '-e', source], {cwd: lib, encoding: 'utf8'});
    let result = run(probe(module));
    let report = result.status === 0 ? JSON.parse(result.stdout.trim().split('\n').at(-1)) : undefined;
    if (report && report.touched.length > 0) {
      // Perhaps only Lit's own Node shim: measure again with Lit loaded first.
      result = run(probe(module, 'lit'));
      report = result.status === 0 ? JSON.parse(result.stdout.trim().split('\n').at(-1)) : undefined;
    }
    assert.equal(result.status, 0, `import threw:\n${result.stderr}`);
    assert.equal(result.stderr, '', 'import wrote to stderr');
    assert.ok(report.exported.length > 0, 'module exports nothing');
    assert.deepEqual(report.touched, [], 'globals added or changed');
    assert.deepEqual(report.removed, [], 'globals removed');
  });
}
