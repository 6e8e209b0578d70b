// `npm run lint`: ESLint (flat config) over the sources, tests, scripts and demo, with the Lit and
// web-component rules. Formatting is Prettier's job (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', caughtErrors: 'none'}],
    },
  },
);
