#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into build/native/electron/better_sqlite3.node, which
// the desktop host passes to the engine (sqliteNativeBinding) in development. node_modules keeps
// Node's build, so tests, the web host and the CLI are unaffected. Packaged apps do not need this:
// electron-builder rebuilds native modules for Electron itself.
//
// Needs internet access (node-gyp downloads Electron's headers) and a C++ toolchain
// (python3, make, g++ / Xcode / MSVC). It cannot run on an offline machine.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectRoot } from './lib/build-if-stale.mjs';

const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const target = join(projectRoot, 'build', 'native', 'electron', 'better_sqlite3.node');

function findNodeGyp() {
  for (const candidate of ['node-gyp/bin/node-gyp.js', 'npm/node_modules/node-gyp/bin/node-gyp.js']) {
    try {
      return require.resolve(candidate);
    } catch {
      // try the next location
    }
  }
  const bundled = join(
    dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  );
  return existsSync(bundled) ? bundled : null;
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) {
  console.error(
    'rebuild-electron-native: node-gyp not found (it ships with npm); install it with `npm i -g node-gyp`.',
  );
  process.exit(1);
}

// Build in a scratch copy so node_modules/better-sqlite3 keeps its Node build.
const scratch = mkdtempSync(join(tmpdir(), 'mien-sqlite-electron-'));
try {
  cpSync(sqliteDir, scratch, { recursive: true, filter: (path) => !path.includes(`${join('build', 'Release')}`) });
  console.log(`rebuild-electron-native: building better-sqlite3 for Electron ${electronVersion} in ${scratch}`);
  const result = spawnSync(
    process.execPath,
    [
      nodeGyp,
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      '--dist-url=https://electronjs.org/headers',
      '--runtime=electron',
    ],
    {
      cwd: scratch,
      stdio: 'inherit',
      env: { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion },
    },
  );
  const built = join(scratch, 'build', 'Release', 'better_sqlite3.node');
  if (result.status !== 0 || !existsSync(built)) {
    console.error(
      "rebuild-electron-native: the build failed. It needs internet access to download Electron's headers " +
        '(https://electronjs.org/headers) and a C++ toolchain; it cannot run on an offline machine. ' +
        'Without it, the desktop app cannot open its database in development (the web host and CLI are unaffected).',
    );
    process.exit(1);
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(built, target);
  console.log(`rebuild-electron-native: wrote ${target}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
