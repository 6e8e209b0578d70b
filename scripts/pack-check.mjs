// `npm run pack:check` (run by CI): builds, checks what `npm pack` would publish, then installs the
// tarball in a scratch project outside the repository and uses it the ways the README documents:
// every entry imported in Node (must do nothing there: SSR), and type-checked under `tsc --strict`
// with both `nodenext` and `bundler` resolution; then the framework typings (lib/frameworks/): a
// React 19 TSX file (tsc), a Vue SFC (vue-tsc, strictTemplates) and a Svelte 5 component
// (svelte-check) that use every attribute and both events, and a misspelled copy of each that must
// fail, so the check cannot pass by checking nothing. Offline: the type checkers, React's types,
// Vue and Svelte come from this repository's node_modules (installed from the lockfile).
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {typingView} from './framework-types.mjs';

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
    `import {subscribe, type RudderMessage, type BusMeta} from 'rudder-fullstory/bus.js';`,
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
    `const stop = subscribe((received: RudderMessage, meta: BusMeta) => received.type.length + meta.seq); stop();`,
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

  frameworks(app);
} finally {
  rmSync(scratch, {recursive: true, force: true});
}
console.log('pack:check: ok');

// --- Framework typings -------------------------------------------------------------------------
/**
 * What a page author writes on the tag, from the manifest (the same view the generators read): so
 * an attribute added to the element is exercised here without anyone listing it.
 */
function authorApi() {
  const manifest = JSON.parse(readFileSync(pkg.customElements, 'utf8'));
  const element = typingView(manifest)
    .modules.flatMap(mod => mod.declarations ?? [])
    .find(declaration => declaration.tagName === 'rudder-fullstory');
  const samples = {org: 'o-1A2B3C-na1', script: 'edge.fullstory.com/s/fs.js', host: 'fullstory.com', namespace: 'FS'};
  const attributes = element.attributes.map(({name, type}) => {
    const text = type?.text ?? 'string';
    const literal = /'([^']*)'|"([^"]*)"/.exec(text);
    if (literal) return {name, kind: 'string', value: literal[1] ?? literal[2], union: true};
    if (/\bnumber\b/.test(text)) return {name, kind: 'other', value: '5000'};
    if (/\bboolean\b/.test(text)) return {name, kind: 'other', value: 'true'};
    return {name, kind: 'string', value: samples[name] ?? `sample-${name}`};
  });
  const events = element.events.map(({name, type}) => ({name, detail: type.text}));
  return {attributes, events};
}

/** `a-b-cd` → `a-b-dc`: a typo a type checker has to catch. */
function misspell(name) {
  return `${name.slice(0, -2)}${name.at(-1)}${name.at(-2)}`;
}

function reactFile({attributes, events}, attribute = name => name) {
  const details = events.map(event => event.detail).join(', ');
  const attrs = attributes.map(({name, kind, value}) =>
    kind === 'string' ? `${attribute(name)}="${value}"` : `${attribute(name)}={${value}}`,
  );
  const handlers = events.map(
    ({name, detail}) => `on${name}={(event: CustomEvent<${detail}>) => console.log(event.detail)}`,
  );
  return `import 'rudder-fullstory';
import type {} from 'rudder-fullstory/react';
import type {${details}} from 'rudder-fullstory/element.js';

export function Analytics() {
  return (
    <rudder-fullstory
      ${[...attrs, ...handlers].join('\n      ')}
    />
  );
}
`;
}

function vueFile({attributes, events}, attribute = name => name) {
  const details = events.map(event => event.detail).join(', ');
  const attrs = attributes.map(({name, kind, value}) =>
    kind === 'string' ? `${attribute(name)}="${value}"` : `:${attribute(name)}="${value}"`,
  );
  const handlers = events.map(({name, detail}, index) => ({name, detail, fn: `on${index}`}));
  return `<script setup lang="ts">
import 'rudder-fullstory';
import type {} from 'rudder-fullstory/vue';
import type {${details}} from 'rudder-fullstory/element.js';
${handlers.map(({fn, detail}) => `const ${fn} = (event: CustomEvent<${detail}>) => console.log(event.detail);`).join('\n')}
</script>

<template>
  <rudder-fullstory
    ${[...attrs, ...handlers.map(({name, fn}) => `@${name}="${fn}"`)].join('\n    ')}
  />
</template>
`;
}

function svelteFile({attributes, events}, attribute = name => name) {
  const details = events.map(event => event.detail).join(', ');
  const attrs = attributes.map(({name, kind, value}) =>
    kind === 'string' ? `${attribute(name)}="${value}"` : `${attribute(name)}={${value}}`,
  );
  const handlers = events.map(({name, detail}, index) => ({name, detail, fn: `on${index}`}));
  return `<script lang="ts">
  import 'rudder-fullstory';
  import type {} from 'rudder-fullstory/svelte';
  import type {${details}} from 'rudder-fullstory/element.js';
  ${handlers.map(({fn, detail}) => `const ${fn} = (event: CustomEvent<${detail}>) => console.log(event.detail);`).join('\n  ')}
</script>

<rudder-fullstory
  ${[...attrs, ...handlers.map(({name, fn}) => `on${name}={${fn}}`)].join('\n  ')}
></rudder-fullstory>
`;
}

function frameworkCompilerOptions() {
  return {
    target: 'es2022',
    lib: ['es2022', 'dom', 'dom.iterable'],
    module: 'esnext',
    moduleResolution: 'bundler',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: [],
  };
}

/** A type check that must pass (`good`) or fail naming `mustName` (`bad`). */
function expect(label, outcome, result, mustName) {
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (outcome === 'pass' && result.status !== 0) {
    console.error(`pack:check: ${label} failed\n${output}`);
    process.exit(1);
  }
  if (outcome === 'fail' && (result.status === 0 || !mustName.every(name => output.includes(name)))) {
    console.error(
      `pack:check: ${label} should fail on ${mustName.join(', ')}, but ${result.status === 0 ? 'passed' : 'failed otherwise'}\n${output}`,
    );
    process.exit(1);
  }
}

function frameworks(app) {
  const compilerOptions = frameworkCompilerOptions();
  const api = authorApi();
  // The generated JSX types must name every attribute: TypeScript does not report an unknown
  // *hyphenated* JSX attribute (it treats it like data-*), so a missing one would go unnoticed in React.
  const jsx = readFileSync(join(app, 'node_modules', pkg.name, 'lib/frameworks/jsx.d.ts'), 'utf8');
  const missing = api.attributes.filter(({name}) => !new RegExp(`^\\s*"?${name}"?\\?:`, 'm').test(jsx));
  if (missing.length) {
    console.error(`pack:check: lib/frameworks/jsx.d.ts lacks ${missing.map(({name}) => name).join(', ')}`);
    process.exit(1);
  }

  // React's types, Vue and Svelte from the repository (no download).
  for (const name of ['@types/react', 'vue', 'svelte']) {
    const link = join(app, 'node_modules', name);
    mkdirSync(dirname(link), {recursive: true});
    if (!existsSync(link)) symlinkSync(join(root, 'node_modules', name), link, 'dir');
  }
  const bin = path => join(root, 'node_modules', path);
  const run = (args, cwd = app) => spawnSync(process.execPath, args, {cwd, encoding: 'utf8'});

  // React 19: a hyphenated typo is not an error in TSX (see above), so the misspelled file has a
  // typo in a plain attribute and an invalid value in a hyphenated one whose type is a union of
  // string literals (free-text attributes such as app-host take any string).
  const plain = api.attributes.find(({name}) => !name.includes('-'));
  const choice = api.attributes.find(({name, union}) => name.includes('-') && union);
  const badReact = reactFile(api, name => (name === plain.name ? misspell(name) : name)).replace(
    `${choice.name}="${choice.value}"`,
    `${choice.name}="not-a-${choice.name}"`,
  );
  for (const [file, text, outcome, mustName] of [
    ['react.tsx', reactFile(api), 'pass', []],
    ['react-misspelled.tsx', badReact, 'fail', [misspell(plain.name), `not-a-${choice.name}`]],
  ]) {
    const dir = join(app, file.replace(/\.tsx$/, ''));
    mkdirSync(dir);
    writeFileSync(join(dir, file), text);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({compilerOptions: {...compilerOptions, jsx: 'react-jsx'}, include: [file]}),
    );
    expect(`React 19 (${file}, tsc)`, outcome, run([bin('typescript/bin/tsc'), '-p', dir]), mustName);
  }
  console.log(
    `pack:check: React 19 TSX type-checks ${api.attributes.length} attributes and ${api.events.length} events`,
  );

  // Vue: strictTemplates, as a project that wants its templates checked sets it.
  const hyphenated = api.attributes.find(({name}) => name.includes('-')) ?? plain;
  const vueName = name => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
  for (const [file, text, outcome, mustName] of [
    ['Usage.vue', vueFile(api), 'pass', []],
    [
      'Misspelled.vue',
      vueFile(api, name => (name === hyphenated.name ? misspell(name) : name)),
      'fail',
      [vueName(misspell(hyphenated.name))],
    ],
  ]) {
    const dir = join(app, file.replace(/\.vue$/, '').toLowerCase() + '-vue');
    mkdirSync(dir);
    writeFileSync(join(dir, file), text);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {...compilerOptions, jsx: 'preserve'},
        vueCompilerOptions: {strictTemplates: true},
        include: [file],
      }),
    );
    expect(`Vue (${file}, vue-tsc)`, outcome, run([bin('vue-tsc/bin/vue-tsc.js'), '-p', dir]), mustName);
  }
  console.log(`pack:check: Vue SFC type-checks under vue-tsc --strictTemplates`);

  // Svelte 5.
  for (const [file, text, outcome, mustName] of [
    ['Usage.svelte', svelteFile(api), 'pass', []],
    [
      'Misspelled.svelte',
      svelteFile(api, name => (name === hyphenated.name ? misspell(name) : name)),
      'fail',
      [misspell(hyphenated.name)],
    ],
  ]) {
    const dir = join(app, file.replace(/\.svelte$/, '').toLowerCase() + '-svelte');
    mkdirSync(dir);
    writeFileSync(join(dir, file), text);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({compilerOptions, include: [file]}));
    const args = [bin('svelte-check/bin/svelte-check'), '--tsconfig', './tsconfig.json', '--output', 'human'];
    expect(`Svelte (${file}, svelte-check)`, outcome, run([...args, '--fail-on-warnings'], dir), mustName);
  }
  console.log(`pack:check: Svelte component type-checks under svelte-check`);
  console.log(
    `pack:check: and each fails on a misspelled attribute (${misspell(plain.name)}, ${misspell(hyphenated.name)})`,
  );
}
