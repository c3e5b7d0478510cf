import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Project root (scripts/lib/ -> ../..). */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What `electron-vite build` produces and the hosts need. */
const outputs = [
  'out/main/index.js',
  'out/main/web.js',
  'out/main/cli.js',
  'out/main/worker.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];
/** Inputs whose change makes out/ stale. */
const inputs = ['src', 'electron.vite.config.ts', 'package.json', 'tsconfig.base.json'];

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why out/ must be rebuilt, or null when it is current. */
export function staleReason(root = projectRoot) {
  const missing = outputs.find((file) => !existsSync(join(root, file)));
  if (missing) return `${missing} is missing`;
  const oldestOutput = Math.min(...outputs.map((file) => statSync(join(root, file)).mtimeMs));
  const newestInput = Math.max(
    ...inputs.filter((p) => existsSync(join(root, p))).map((p) => newestMtime(join(root, p))),
  );
  return newestInput > oldestOutput ? 'sources changed since the last build' : null;
}

/** Runs `electron-vite build` when out/ is missing or older than the sources; exits on failure. */
export function buildIfStale(root = projectRoot) {
  const reason = staleReason(root);
  if (!reason) return;
  console.log(`Mien: building the app (${reason})...`);
  const bin = join(
    dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  const result = spawnSync(process.execPath, [bin, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('Mien: the build failed (see above).');
    process.exit(result.status ?? 1);
  }
}
