import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const STARTUP_TIMEOUT_MS = 60_000;

export interface RunningWebHost {
  /** The printed http://127.0.0.1:PORT/?token=... URL. */
  url: string;
  stop(): Promise<void>;
}

/** Starts the built web host (out/main/web.js) on a random free port with `dataDir`. */
export async function startWebHost(dataDir: string): Promise<RunningWebHost> {
  const host = spawn(
    process.execPath,
    [join(root, 'out/main/web.js'), '--port', '0', '--data-dir', dataDir, '--no-open'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = await waitForUrl(host);
  return { url, stop: () => stop(host) };
}

/** Resolves with the "Open http://127.0.0.1:PORT/?token=..." URL the host prints once it listens. */
function waitForUrl(host: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let output = '';
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      host.kill('SIGKILL');
      reject(new Error(`the web host printed no URL within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`));
    }, STARTUP_TIMEOUT_MS);
    host.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output);
      if (match?.[1] && !settled) {
        settled = true;
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    // Keep the host's complaints visible in the test output.
    host.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      process.stderr.write(chunk);
    });
    host.once('exit', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`the web host exited (${signal ?? code}) before printing its URL:\n${output}`));
    });
  });
}

async function stop(host: ChildProcess): Promise<void> {
  if (host.exitCode !== null || host.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => host.once('exit', () => resolveExit()));
  host.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolveTimeout) => setTimeout(() => resolveTimeout('timeout'), 10_000));
  if ((await Promise.race([exited, timeout])) === 'timeout') host.kill('SIGKILL');
}
