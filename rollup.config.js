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
    terser({module: true, ecma: 2022, compress: {passes: 2}, format: {comments: false}}),
  ],
};
