import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Layering (docs/architecture.md): imports only point down.
 *   src/shared    -> nothing outside it; no Node built-ins, no DOM, no electron, no native packages
 *   src/main/engine -> shared, Node, native packages; never electron, never a host. Inside it, a
 *                    feature folder reaches another only through its index (tools/eslint/feature-doors.js)
 *   src/main/host -> engine, shared: what the desktop and web hosts share; never electron
 *   src/main/{desktop,web,cli} -> host, engine, shared; never each other (desktop alone imports electron)
 *   src/preload   -> shared, electron (contextBridge/ipcRenderer); sandboxed: no Node, no native packages
 *   src/renderer  -> shared, DOM, React, three; never src/main, never Node, no native packages
 * tests/unit/lint/eslint-rules.test.ts lints a forbidden import against each rule.
 */
import { builtinModules } from 'node:module';
import { mienPlugin } from './tools/eslint/feature-doors.js';

// Bare names go in `paths` (exact match): as gitignore-style patterns, 'events' would also match './events'.
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
// Native addons load only in Node (the engine and its workers); a bundle for the page or the sandbox cannot hold them.
const nativePackages = ['sharp', 'onnxruntime-node', 'better-sqlite3'];
const nativePatterns = nativePackages.map((name) => `${name}/*`);
// A folder and everything in it: '../../preload' (its index) as well as '../web/server'.
const folder = (name) => [`**/${name}`, `**/${name}/**`];
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
      [
        'node:*',
        'electron',
        'electron/*',
        'react',
        'react-dom',
        '**/main/**',
        ...folder('renderer'),
        ...folder('preload'),
        ...nativePatterns,
      ],
      'src/shared is pure: no Node, no DOM, no electron, no native packages, nothing outside src/shared.',
      [...nodeBuiltins, ...nativePackages],
    ),
  },
  {
    files: ['src/main/engine/**/*.ts'],
    rules: restrict(
      [
        'electron',
        'electron/*',
        ...folder('host'),
        ...folder('desktop'),
        ...folder('web'),
        ...folder('cli'),
        ...folder('renderer'),
        ...folder('preload'),
      ],
      'The engine never imports electron or a host.',
    ),
  },
  {
    // Engine features talk through their public index; hosts reach the engine through engine.ts.
    files: ['src/main/**/*.ts'],
    plugins: { mien: mienPlugin },
    rules: { 'mien/feature-doors': ['error', { root: 'src/main/engine', doors: ['index', 'tasks'] }] },
  },
  {
    // One repository per table family owns its SQL: elsewhere in the engine, no database handle and no statement.
    files: ['src/main/engine/**/*.ts'],
    ignores: ['src/main/engine/store/**', 'src/main/engine/**/*-repo.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='db']",
          message:
            'Only repositories (*-repo.ts) and the store see the database: use store.repository(SomeRepo) and store.transaction(...).',
        },
        {
          // A statement prepared from SQL text; other prepare() methods (a generator's) are fine.
          selector: "CallExpression[callee.property.name='prepare'][arguments.0.type=/^(Literal|TemplateLiteral)$/]",
          message: 'SQL lives in the repository of its table family (a *-repo.ts file), not here.',
        },
      ],
    },
  },
  {
    files: ['src/main/host/**/*.ts'],
    rules: restrict(
      [
        'electron',
        'electron/*',
        ...folder('desktop'),
        ...folder('web'),
        ...folder('cli'),
        ...folder('renderer'),
        ...folder('preload'),
      ],
      'src/main/host is shared by the desktop and web hosts: no electron, no single host, no renderer.',
    ),
  },
  {
    files: ['src/main/desktop/**/*.ts'],
    rules: restrict(
      [...folder('web'), ...folder('cli'), ...folder('renderer'), ...folder('preload')],
      'The desktop host shares code with the web host only through src/main/host; it never imports the renderer or the preload.',
    ),
  },
  {
    files: ['src/main/web/**/*.ts'],
    rules: restrict(
      ['electron', 'electron/*', ...folder('renderer'), ...folder('desktop'), ...folder('cli'), ...folder('preload')],
      'The web host runs without electron and imports no other host (shared host code lives in src/main/host).',
    ),
  },
  {
    files: ['src/main/cli/**/*.ts'],
    rules: restrict(
      ['electron', 'electron/*', ...folder('renderer'), ...folder('desktop'), ...folder('web'), ...folder('preload')],
      'The CLI runs without electron and imports no other host (shared host code lives in src/main/host).',
    ),
  },
  {
    files: ['src/preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      ['node:*', '**/main/**', ...folder('renderer'), ...nativePatterns],
      'The preload runs sandboxed: it imports only src/shared and electron (contextBridge, ipcRenderer).',
      [...nodeBuiltins, ...nativePackages],
    ),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        ['node:*', 'electron', 'electron/*', '**/main/**', ...folder('preload'), ...nativePatterns],
        'The renderer talks to the engine only through the MienClient API: no Node, no electron, no native packages.',
        [...nodeBuiltins, ...nativePackages],
      ),
    },
  },
);
