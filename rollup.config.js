// dist/rudder-fullstory.js: one self-contained, minified ES module (lit included) for CDNs and CMS
// templates. Built from lib/ (tsc's output), so the npm modules and the bundle are the same code.
import {nodeResolve} from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export default {
  input: 'lib/index.js',
  output: {file: 'dist/rudder-fullstory.js', format: 'es', sourcemap: true},
  plugins: [
    // Lit's production build: no dev-mode warnings or checks in what sites ship.
    nodeResolve({exportConditions: ['production', 'browser']}),
    terser({module: true, ecma: 2022, compress: {passes: 2}, format: {comments: false}}),
  ],
};
