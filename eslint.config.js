// ESLint for the page's JavaScript (geo/render/static/, ES modules joined into the page by
// geo/render/bundle.py) and its Node tests (js-tests/). `npx eslint` in `make test`.
import js from '@eslint/js';
import globals from 'globals';
import contract from './js-tests/eslint-contract.mjs';

export default [
  {ignores: ['geo/render/static/vendor/', 'node_modules/', 'build/', '.venv/']},
  js.configs.recommended,
  {
    files: ['geo/render/static/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      // what the page provides besides the modules: the browser, Leaflet, and the vendored libraries
      globals: {...globals.browser, L: 'readonly', mgrs: 'readonly', geodesic: 'readonly'},
    },
    plugins: {contract},
    rules: {
      'contract/reads-declared-keys': 'error',
      'contract/entries': 'error',
      'no-unused-vars': ['error', {args: 'none', caughtErrors: 'none'}],
      eqeqeq: ['error', 'smart'],
      'no-implicit-globals': 'error',
      // the page joins the modules into one classic script (bundle.py): only named imports of
      // sibling modules, on one line, and no default export
      'no-restricted-syntax': ['error',
        {selector: 'ImportDeclaration[source.value!=/^\\.\\/[\\w-]+\\.js$/]', message: 'the page imports only sibling modules (./x.js)'},
        {selector: 'ImportNamespaceSpecifier, ImportDefaultSpecifier', message: 'import {names} only: the modules share one scope in the page'},
        {selector: 'ExportDefaultDeclaration, ExportAllDeclaration, ExportNamedDeclaration[declaration=null]', message: 'export a declaration (export function f / export var X)'}],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {ecmaVersion: 2022, sourceType: 'commonjs', globals: {...globals.node}},
  },
  {
    files: ['js-tests/**/*.mjs', 'eslint.config.js'],
    languageOptions: {ecmaVersion: 2022, sourceType: 'module', globals: {...globals.node}},
  },
];
