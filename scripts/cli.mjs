#!/usr/bin/env node
// `npm run mien -- <command>`: runs the CLI straight from TypeScript source through tsx, so it is
// always current and needs no build (the engine starts its worker threads through tsx as well).
// `npm run mien -- help` lists the commands.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from './lib/build-if-stale.mjs';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const child = spawn(
  process.execPath,
  ['--import', tsx, join(projectRoot, 'src', 'main', 'cli', 'index.ts'), ...process.argv.slice(2)],
  // npm runs scripts from the project root; INIT_CWD is where the user typed the command, so
  // relative file paths (import <projectId> ./photo.jpg) mean what the user meant.
  { stdio: 'inherit', cwd: process.env.INIT_CWD || process.cwd() },
);
// Ctrl-C reaches the child through the terminal's process group; it cancels a running import.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
