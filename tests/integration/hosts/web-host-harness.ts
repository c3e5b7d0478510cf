import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../src/main/engine/engine';
import { startWebHost, type WebHost } from '../../../src/main/web/server';
import { WsTestClient } from './ws-test-client';

export interface WebHostHarness {
  /** Temporary folder holding `renderer/` (the served page) and `data/` (the engine's store). */
  workDir: string;
  rendererDir: string;
  engine: Engine;
  host: WebHost;
  /** ws://127.0.0.1:<port>/api, without the token. */
  apiUrl: string;
  /** A socket already authorised with the host's token. */
  client: WsTestClient;
  close(): Promise<void>;
}

/**
 * A real engine (one worker) on a temporary data folder behind a web host on a free port, serving a
 * tiny test page, with one authorised client socket open. `close` undoes all of it.
 */
export async function startWebHostHarness(): Promise<WebHostHarness> {
  const workDir = mkdtempSync(join(tmpdir(), 'mien-web-host-'));
  const rendererDir = join(workDir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Mien test page</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  let engine: Engine | undefined;
  let host: WebHost | undefined;
  let client: WsTestClient | undefined;
  const close = async () => {
    client?.close();
    await host?.close();
    await engine?.close();
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    engine = await createEngine({ dataDir: join(workDir, 'data'), host: 'web', workers: 1 });
    host = await startWebHost({ engine, rendererDir, port: 0 });
    const apiUrl = `ws://127.0.0.1:${host.port}/api`;
    client = await WsTestClient.connect(`${apiUrl}?token=${host.token}`);
    return { workDir, rendererDir, engine, host, apiUrl, client, close };
  } catch (error) {
    await close();
    throw error;
  }
}
