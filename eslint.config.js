// `npm run lint`: ESLint (flat config) over the sources, tests, scripts and demo, with the Lit and
// web-component rules. Formatting is Prettier's job (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The import rules CONTRIBUTING states ("What imports what"), so the folders keep drawing the architecture:
// madge (also in `npm run lint`) catches circles, these a wrong direction. A file gets every rule that
// covers it in one entry, since a later flat-config entry for the same rule replaces an earlier one.
const onlyIndexImportsElement = {regex: '(^|/)element\\.js$', message: 'Only index.ts imports the element.'};
const panelOnDemand = {
  regex: '(^|/)debug-panel\\.js$',
  allowTypeImports: true,
  message: "The debug panel's code is imported on demand (panel-host.ts): import its types only.",
};
const restrictImports = (files, patterns, ignores) => ({
  files,
  ...(ignores && {ignores}),
  rules: {'@typescript-eslint/no-restricted-imports': ['error', {patterns}]},
});
const importRules = [
  restrictImports(['src/**/*.ts'], [onlyIndexImportsElement, panelOnDemand], ['src/index.ts']),
  restrictImports(['src/index.ts'], [panelOnDemand]),
  restrictImports(
    ['src/fullstory/**/*.ts'],
    [
      {
        regex: '^\\.\\./(?!contracts\\.js$|page\\.js$)',
        message: 'The FullStory side imports only fullstory/, contracts.ts and page.ts.',
      },
    ],
  ),
  restrictImports(
    ['src/rudderstack/**/*.ts'],
    [
      {
        regex: '^\\.\\./(?!bus\\.js$|contracts\\.js$|page\\.js$)',
        message:
          'The RudderStack side publishes to the bus: it imports only rudderstack/, bus.ts, contracts.ts and page.ts.',
      },
    ],
  ),
  restrictImports(
    ['src/forward/**/*.ts'],
    [
      {
        regex: '^\\.\\./(?!contracts\\.js$|page\\.js$|rudderstack/sdk\\.js$)',
        message: 'forward/ imports only forward/, contracts.ts, page.ts and rudderstack/sdk.ts.',
      },
    ],
  ),
  restrictImports(
    ['src/contracts.ts', 'src/page.ts'],
    [{regex: '^\\.', allowTypeImports: true, message: 'contracts.ts and page.ts import no code of ours, types only.'}],
  ),
];

export default tseslint.config(
  {ignores: ['lib/', 'dist/', 'node_modules/', 'bench/out/', 'bench/results*', 'bench/.*', 'custom-elements.json']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'demo/**/*.js'],
    ...wc.configs['flat/best-practice'],
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    // A function a newcomer can read in one screen (issue 13): longer ones get split by what they do.
    files: ['src/**/*.ts'],
    rules: {'max-lines-per-function': ['error', {max: 60, skipBlankLines: true, skipComments: true}]},
  },
  ...importRules,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'test/fixtures/**/*.js', 'demo/**/*.js', 'bench/**/*.js'],
    languageOptions: {globals: {...globals.browser}},
  },
  {
    files: ['**/*.mjs', '*.js'],
    languageOptions: {globals: {...globals.node}},
  },
  {
    // These drive a browser: functions passed to puppeteer's evaluate run in the page.
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: {globals: {...globals.node, ...globals.browser}},
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: {globals: {...globals.mocha}},
    rules: {
      // Tests poke at loosely typed globals (the FullStory simulator, SDK internals) on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    rules: {
      // The validators reject control characters on purpose.
      'no-control-regex': 'off',
      // A timer or handle declared before the closures that clear it, assigned after them.
      'prefer-const': ['error', {ignoreReadBeforeAssign: true}],
      // A rest sibling is how keys are left out of a copy (`const {uid, ...rest} = traits`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true},
      ],
    },
  },
);
