import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './build-if-stale.mjs';

/**
 * The Electron binary if it is already installed, without triggering a download (for tests that
 * must only run where Electron exists). Mirrors node_modules/electron/index.js.
 */
export function installedElectronPath(root = projectRoot) {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(candidate) ? candidate : null;
  }
  if (!relative) return null;
  const candidate = join(packageDir, 'dist', relative);
  return existsSync(candidate) ? candidate : null;
}

/** First "SomethingError: message" line of a failed download's output, the most useful single reason. */
function firstErrorLine(output) {
  const lines = output.split('\n').map((line) => line.trim());
  return (
    lines.find((line) => /^[A-Za-z]*Error\b/.test(line) && !line.includes('Electron failed to install')) ??
    lines.find(Boolean)
  );
}

/**
 * Resolves the Electron binary, letting Electron 45 download it lazily (require('electron') does
 * that) in a child process with a time limit, so a hung or failed download cannot hang us.
 * Resolves to { path } or { reason }.
 */
export function locateElectron({ timeoutMs = 60_000, root = projectRoot } = {}) {
  const installed = installedElectronPath(root);
  if (installed) return Promise.resolve({ path: installed });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', "process.stdout.write('\\nMIEN_ELECTRON=' + require('electron'))"], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ reason: `download did not finish within ${Math.round(timeoutMs / 1000)} s` });
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ reason: error.message });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      const match = /MIEN_ELECTRON=(.+)$/m.exec(output);
      if (code === 0 && match && existsSync(match[1].trim())) resolve({ path: match[1].trim() });
      else resolve({ reason: `download failed: ${firstErrorLine(output) ?? `exit code ${code}`}` });
    });
  });
}
