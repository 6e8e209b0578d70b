// `npm run pack:check` (run by CI): builds, checks what `npm pack` would publish, then installs the
// tarball in a scratch project outside the repository and uses it the ways the README documents:
// every entry imported in Node (must do nothing there: SSR), and type-checked under `tsc --strict`
// with both `nodenext` and `bundler` resolution.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

const root = resolve('.');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const problems = [];
const step = (name, command, args, options = {}) => {
  const result = spawnSync(command, args, {encoding: 'utf8', ...options});
  if (result.status !== 0) {
    console.error(`pack:check: ${name} failed\n${result.stdout ?? ''}${result.stderr ?? ''}`);
    process.exit(1);
  }
  return result.stdout;
};

step('build', process.execPath, ['scripts/build.mjs'], {stdio: 'inherit'});

// --- What goes in the tarball --------------------------------------------------------------------
const [report] = JSON.parse(step('npm pack --dry-run', 'npm', ['pack', '--dry-run', '--json', '--ignore-scripts']));
const files = new Set(report.files.map(file => file.path));

// Export entries whose module has not been written yet are reported, not failed (see CONTRIBUTING.md).
const pending = [];
const targets = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', pkg.customElements, pkg.jsdelivr]);
targets.add('dist/rudder-fullstory-debug-panel.js');
for (const [entry, target] of Object.entries(pkg.exports)) {
  const paths = typeof target === 'string' ? [target] : Object.values(target);
  const source = /^\.\/lib\/(.*)\.js$/.exec(paths.find(path => path.endsWith('.js')) ?? '');
  if (source && !existsSync(`src/${source[1]}.ts`)) {
    pending.push(entry);
    continue;
  }
  for (const path of paths) targets.add(path.replace(/^\.\//, ''));
}
for (const file of targets) if (!files.has(file)) problems.push(`missing from the package: ${file}`);

const allowed =
  /^(lib\/.+\.(js|d\.ts|js\.map)|dist\/rudder-fullstory[\w-]*\.js(\.map)?|custom-elements\.json|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
for (const file of files) if (!allowed.test(file)) problems.push(`not for users, but packed: ${file}`);

// Every relative import in lib/ must resolve inside the package.
for (const file of files) {
  if (!file.endsWith('.js') || !file.startsWith('lib/')) continue;
  const text = readFileSync(file, 'utf8');
  for (const [, spec] of text.matchAll(/(?:from|import\()\s*['"](\.[^'"]+)['"]/g)) {
    const target = join(file, '..', spec);
    if (!files.has(target)) problems.push(`${file} imports ${spec}, which is not packed`);
  }
}

if (problems.length) {
  console.error(`pack:check: the package is wrong:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `pack:check: ${files.size} files, ${(report.size / 1024).toFixed(1)} KB packed, ${(report.unpackedSize / 1024).toFixed(1)} KB unpacked`,
);
if (pending.length) console.log(`pack:check: skipped (module not in src/ yet): ${pending.join(', ')}`);

// --- A scratch project that installs the tarball -------------------------------------------------
const scratch = mkdtempSync(join(tmpdir(), 'rudder-fullstory-pack-'));
try {
  const tarball = join(
    scratch,
    execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', scratch], {encoding: 'utf8'})
      .trim()
      .split('\n')
      .pop(),
  );
  const app = join(scratch, 'app');
  step('mkdir', 'mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({name: 'scratch', private: true, type: 'module'}));
  step('npm install <tarball>', 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {cwd: app});

  const entries = Object.keys(pkg.exports).filter(entry => entry.endsWith('.js') || entry === '.');
  const imported = entries
    .filter(entry => !pending.includes(entry))
    .map(entry => (entry === '.' ? pkg.name : `${pkg.name}/${entry.slice(2)}`));

  // SSR: importing must not throw, and must not define anything, outside a browser.
  const ssr = `for (const name of ${JSON.stringify(imported)}) await import(name);
if (typeof customElements !== 'undefined' && customElements.get?.('rudder-fullstory') && typeof window === 'undefined') {
  console.log('defined outside a browser (harmless with a DOM shim)');
}
console.log('imported in Node:', ${JSON.stringify(imported.join(', '))});`;
  writeFileSync(join(app, 'ssr.mjs'), ssr);
  process.stdout.write(`pack:check: ${step('import in Node', process.execPath, ['ssr.mjs'], {cwd: app})}`);

  // Types, as a TypeScript user writes them.
  const usage = [
    `import {RudderFullStoryElement as Defined, getBus, publish, TAG_NAME} from 'rudder-fullstory';`,
    `import {RudderFullStoryElement, STATUS_EVENT, DROP_EVENT} from 'rudder-fullstory/element.js';`,
    `import type {StatusEventDetail, DropEventDetail, Stats} from 'rudder-fullstory/element.js';`,
    `import {subscribe, type RudderMessage, type BusEnvelope} from 'rudder-fullstory/bus.js';`,
    ...(pending.includes('./bridge.js')
      ? []
      : [`import * as bridge from 'rudder-fullstory/bridge.js';`, `void bridge;`]),
    `const tag: string = TAG_NAME;`,
    `const same: typeof RudderFullStoryElement = Defined;`,
    `const found: RudderFullStoryElement | null = document.querySelector('rudder-fullstory');`,
    `const made: RudderFullStoryElement = document.createElement('rudder-fullstory');`,
    `made.org = 'o-1A2B3C-na1'; made.debug = true; made.anonymous = 'property';`,
    `const stats: Stats = made.stats; const forwarded: number = stats.forwarded;`,
    `made.addEventListener('rudder-fullstory-status', event => { const detail: StatusEventDetail = event.detail; detail.status.toUpperCase(); });`,
    `document.addEventListener('rudder-fullstory-drop', event => { const detail: DropEventDetail = event.detail; detail.reason.toUpperCase(); });`,
    `window.addEventListener(STATUS_EVENT, () => {}); window.addEventListener(DROP_EVENT, () => {});`,
    `const message: RudderMessage = {type: 'track', event: 'Clicked', properties: {button: 'buy'}};`,
    `publish(message); getBus().publish(message);`,
    `const stop = subscribe((envelope: BusEnvelope) => envelope.message.type); stop();`,
    `export {tag, same, found, forwarded};`,
  ].join('\n');
  writeFileSync(join(app, 'usage.ts'), usage);
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  for (const resolution of ['nodenext', 'bundler']) {
    const module = resolution === 'nodenext' ? 'nodenext' : 'esnext';
    step(
      `tsc --strict (${resolution})`,
      process.execPath,
      [
        tsc,
        '--strict',
        '--noEmit',
        '--skipLibCheck',
        'false',
        '--target',
        'es2022',
        '--lib',
        'es2022,dom,dom.iterable',
        '--module',
        module,
        '--moduleResolution',
        resolution,
        'usage.ts',
      ],
      {cwd: app},
    );
    console.log(`pack:check: types resolve under tsc --strict (${resolution} resolution)`);
  }
} finally {
  rmSync(scratch, {recursive: true, force: true});
}
console.log('pack:check: ok');
