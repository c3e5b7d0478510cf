#!/usr/bin/env node
// `npm start`: builds out/ if needed, then launches the Electron app. Where the Electron binary
// is missing and cannot be downloaded (offline machines, CI), it says why in one line and starts
// the loopback web host instead, printing its URL and opening it when there is a display.
//   --web           skip Electron, start the web host directly
//   other flags     passed to the web host (--port, --data-dir)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale, projectRoot } from './lib/build-if-stale.mjs';
import { locateElectron } from './lib/electron-binary.mjs';

const args = process.argv.slice(2);
const forceWeb = args.includes('--web');
const webArgs = args.filter((arg) => arg !== '--web');

function run(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: projectRoot, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function hasDisplay() {
  if (process.platform !== 'linux' && process.platform !== 'freebsd') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function startWebHost() {
  const openFlag =
    webArgs.includes('--open') || webArgs.includes('--no-open') ? [] : [hasDisplay() ? '--open' : '--no-open'];
  run(process.execPath, [join(projectRoot, 'out', 'main', 'web.js'), ...openFlag, ...webArgs]);
}

buildIfStale();
if (forceWeb) {
  startWebHost();
} else {
  const electron = await locateElectron({ timeoutMs: Number(process.env.MIEN_ELECTRON_TIMEOUT_MS) || 60_000 });
  if (electron.path) {
    if (!hasDisplay()) {
      console.log(
        'Mien: no display (DISPLAY/WAYLAND_DISPLAY unset), so Electron cannot open a window; starting the web host instead.',
      );
      startWebHost();
    } else {
      // Electron loads package.json's "main": out/main/index.js.
      const env = { ...process.env };
      delete env.ELECTRON_RUN_AS_NODE;
      run(electron.path, [projectRoot], env);
    }
  } else {
    console.log(`Mien: the Electron binary is not available (${electron.reason}); starting the web host instead.`);
    startWebHost();
  }
}
