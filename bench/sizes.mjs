// Size figures for `npm run bench` (SPEC §10). Deterministic: every build below reuses the dist
// build's own plugins (lit's production build, the same terser options), so the figures are the
// bytes a site downloads, and the comparisons are like for like.
import {existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {brotliCompressSync, constants, gzipSync} from 'node:zlib';
import {rollup} from 'rollup';
import dist from '../rollup.config.js';
import withoutLit, {WITHOUT_LIT_FILE} from '../rollup.size.config.js';

const distConfig = [dist].flat()[0];
const OUT = 'bench/out';
/** What a site loads; the debug panel is a sibling chunk that only `debug` imports. */
export const BUNDLE_FILE = 'dist/rudder-fullstory.js';
const DEBUG_PANEL_FILE = 'dist/rudder-fullstory-debug-panel.js';

// The same compressors and levels as size-limit's file plugin, so `npm run size` and the bench agree.
export const gzipBytes = code => gzipSync(code, {level: 9}).length;
export const brotliBytes = code => brotliCompressSync(code, {params: {[constants.BROTLI_PARAM_QUALITY]: 11}}).length;

/** Bundle `input` with the dist build's plugins; returns the minified code of the entry chunk. */
async function bundle(input, external = []) {
  const build = await rollup({input, external, plugins: distConfig.plugins, onwarn: () => {}});
  try {
    const {output} = await build.generate({format: 'es', inlineDynamicImports: true});
    return output[0].code;
  } finally {
    await build.close();
  }
}

/** A throwaway entry module under bench/out (inside the project, so bare imports resolve from node_modules). */
function entry(name, source) {
  mkdirSync(OUT, {recursive: true});
  const file = `${OUT}/${name}.entry.js`;
  writeFileSync(file, source);
  return file;
}

export async function measureSizes() {
  const bundleCode = readFileSync(BUNDLE_FILE);
  const panelCode = existsSync(DEBUG_PANEL_FILE) ? readFileSync(DEBUG_PANEL_FILE) : null;

  const noLitBuild = await rollup({...withoutLit, onwarn: () => {}});
  await noLitBuild.write(withoutLit.output);
  await noLitBuild.close();
  const noLitCode = readFileSync(WITHOUT_LIT_FILE);

  // Where our own bytes go: each module minified on its own (its imports left out), then gzipped.
  const modules = {};
  for (const file of readdirSync('lib', {recursive: true})
    .filter(name => name.endsWith('.js') && !name.startsWith('frameworks'))
    .sort()) {
    const code = await bundle(`lib/${file}`, id => !id.endsWith(`lib/${file}`));
    modules[file] = gzipBytes(code);
  }

  // The alternative a site would otherwise ship: FullStory's own browser SDK, bundled the same way.
  const fullstoryBrowser = await bundle(entry('fullstory-browser', "export * from '@fullstory/browser';\n"));

  // What the base class costs: a minimal element on LitElement against the same element on
  // ReactiveElement (lit without lit-html templates), which src/element.ts uses.
  const litBase = await bundle(
    entry(
      'lit-base',
      "import {LitElement, css, nothing} from 'lit';\n" +
        'class Probe extends LitElement {\n  static styles = css`:host{display:none}`;\n  render() {\n    return nothing;\n  }\n}\n' +
        "customElements.define('probe-element', Probe);\n",
    ),
  );
  const reactiveBase = await bundle(
    entry(
      'reactive-element-base',
      "import {ReactiveElement} from '@lit/reactive-element';\n" +
        'class Probe extends ReactiveElement {\n  createRenderRoot() {\n    return this;\n  }\n}\n' +
        "customElements.define('probe-element', Probe);\n",
    ),
  );

  return {
    bundle_gzip_bytes: gzipBytes(bundleCode),
    bundle_brotli_bytes: brotliBytes(bundleCode),
    bundle_min_bytes: bundleCode.length,
    debug_panel_gzip_bytes: panelCode ? gzipBytes(panelCode) : 0,
    code_without_lit_gzip_bytes: gzipBytes(noLitCode),
    code_without_lit_brotli_bytes: brotliBytes(noLitCode),
    lit_share_gzip_bytes: gzipBytes(bundleCode) - gzipBytes(noLitCode),
    fullstory_browser_gzip_bytes: gzipBytes(fullstoryBrowser),
    fullstory_browser_brotli_bytes: brotliBytes(fullstoryBrowser),
    fullstory_browser_min_bytes: Buffer.byteLength(fullstoryBrowser),
    lit_element_base_gzip_bytes: gzipBytes(litBase),
    reactive_element_base_gzip_bytes: gzipBytes(reactiveBase),
    modules_gzip_bytes: modules,
  };
}
