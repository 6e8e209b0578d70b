// The element's own code without lit, for SPEC §10's "element code without lit" budget (`npm run size`,
// `npm run bench`): the dist build exactly as shipped, except that lit stays external, so the figure
// moves only when our code does.
import dist from './rollup.config.js';

const base = [dist].flat()[0];

export const WITHOUT_LIT_FILE = 'bench/out/without-lit/rudder-fullstory.js';

export default {
  ...base,
  external: [/^lit(\/|$)/, /^lit-html(\/|$)/, /^lit-element(\/|$)/, /^@lit\//],
  output: {dir: 'bench/out/without-lit', entryFileNames: 'rudder-fullstory.js', format: 'es', sourcemap: false},
};
