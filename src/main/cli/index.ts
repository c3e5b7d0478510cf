import { createEngine } from '../engine/engine';
import { processIo } from './cli-io';
import { runCli } from './run-cli';

/** Entry of `npm run mien -- <command>`: runs one engine command headless and exits. */
const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());

runCli(process.argv.slice(2), { io: processIo, createEngine, signal: interrupt.signal }).then((code) => {
  process.exitCode = code;
});
