// dist/rudder-fullstory.js: one self-contained, minified ES module (lit included) for CDNs and CMS
// templates. Built from lib/ (tsc's output), so the npm modules and the bundle are the same code.
// The debug panel is a sibling file, rudder-fullstory-debug-panel.js, that only an element with
// `debug` imports (relative to the main file's own URL): the default path does not pay for it.
import {nodeResolve} from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export default {
  input: 'lib/index.js',
  output: {
    dir: 'dist',
    format: 'es',
    sourcemap: true,
    entryFileNames: 'rudder-fullstory.js',
    // No hash: the file sits next to the main one under the same versioned CDN path.
    chunkFileNames: 'rudder-fullstory-[name].js',
  },
  plugins: [
    // Lit's production build: no dev-mode warnings or checks in what sites ship.
    nodeResolve({exportConditions: ['production', 'browser']}),
    terser({
      module: true,
      ecma: 2022,
      toplevel: true,
      // No unsafe_arrows / unsafe_methods: on today's code they cost bytes (object arrows written out as
      // methods with `return`), and without them every function keeps the kind its source gave it.
      compress: {passes: 3},
      // Internal properties end with `_` (CONTRIBUTING): renamed. Nothing in src/contracts.ts does, so
      // the names other copies of the library read on the page are never touched.
      mangle: {properties: {regex: /^[A-Za-z]\w*_$/}},
      format: {comments: false},
    }),
  ],
};
