import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Layering (docs/architecture.md): imports only point down.
 *   src/shared    -> nothing outside it; no Node built-ins, no DOM, no electron
 *   src/main/engine -> shared, Node, native packages; never electron
 *   src/main/{desktop,web,cli} -> engine, shared
 *   src/preload   -> shared, electron (contextBridge/ipcRenderer)
 *   src/renderer  -> shared, DOM, React, three; never src/main, never Node
 */
import { builtinModules } from 'node:module';

// Bare names go in `paths` (exact match): as gitignore-style patterns, 'events' would also match './events'.
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const restrict = (patterns, message, paths = []) => ({
  'no-restricted-imports': [
    'error',
    { paths: paths.map((name) => ({ name, message })), patterns: [{ group: patterns, message }] },
  ],
});

export default tseslint.config(
  {
    ignores: [
      '.tmp',
      'node_modules',
      'out',
      'dist',
      'resources',
      'coverage',
      'test-results',
      'playwright-report',
      'build/native',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: restrict(
      ['node:*', 'electron', 'electron/*', 'react', 'react-dom', '**/main/**', '**/renderer/**', '**/preload/**'],
      'src/shared is pure: no Node, no DOM, no electron, nothing outside src/shared.',
      nodeBuiltins,
    ),
  },
  {
    files: ['src/main/engine/**/*.ts'],
    rules: restrict(
      ['electron', 'electron/*', '**/desktop/**', '**/web/**', '**/cli/**', '**/renderer/**', '**/preload/**'],
      'The engine never imports electron or a host.',
    ),
  },
  {
    files: ['src/main/web/**/*.ts', 'src/main/cli/**/*.ts'],
    rules: restrict(
      ['electron', 'electron/*', '**/renderer/**', '**/desktop/**'],
      'Web host and CLI run without electron.',
    ),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        ['node:*', 'electron', 'electron/*', '**/main/**', '**/preload/**'],
        'The renderer talks to the engine only through the MienClient API.',
        nodeBuiltins,
      ),
    },
  },
);
