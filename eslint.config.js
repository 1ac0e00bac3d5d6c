/**
 * ESLint for panelnotes: typescript-eslint's recommended type-checked rules on every TypeScript
 * file tsconfig.json covers (server, index, bench, tests), plain recommended rules on the few
 * JavaScript files, and eslint-config-prettier last so layout is Prettier's alone.
 * Run with `npm run lint` (part of `npm test`).
 */
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Build output, installed packages, the user's library and recorded test inputs are not ours to lint.
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'transcripts/', 'tests/fixtures/', 'tests/artifacts/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Express error handlers need all four parameters and rest-destructuring drops fields by naming them: `_` marks both.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // An async function that awaits nothing still returns the promise its interface asks for (route handlers, fetch fakes).
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The text cleaners find control characters on purpose: removing them is their job.
    files: ['index/highlight.ts', 'server/search/snippets.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // Zero-width characters are listed one by one in a class on purpose; the joiner among them joins nothing.
    files: ['server/captions/text.ts'],
    rules: { 'no-misleading-character-class': 'off' },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // jest's asymmetric matchers (expect.any, objectContaining) and supertest's `res.body` are typed `any`; the assertions check the shapes.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Fakes reject the way the real thing does: fetch rejects with the AbortSignal's reason, whatever it is.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
  {
    // The JavaScript files are outside tsconfig.json: no type information, so no type-checked rules.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    // Classic scripts served to the browser as they are (no bundler): browser globals, sloppy-mode `var` style kept.
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  prettier,
);
