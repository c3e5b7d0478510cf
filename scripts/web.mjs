#!/usr/bin/env node
// `npm run web -- [--port N] [--data-dir DIR] [--open]`: builds out/ if it is missing or older
// than src/, then runs the loopback web host (out/main/web.js) with the given flags.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale, projectRoot } from './lib/build-if-stale.mjs';

buildIfStale();
const child = spawn(process.execPath, [join(projectRoot, 'out', 'main', 'web.js'), ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
