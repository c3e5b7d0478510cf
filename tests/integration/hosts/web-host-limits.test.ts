import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBinaryRequest } from '../../../src/shared/api';
import { createEngine, type Engine } from '../../../src/main/engine/engine';
import { startWebHost, type WebHost } from '../../../src/main/web/server';
import { WsTestClient } from './ws-test-client';

const MAX_MESSAGE = 64 * 1024;

describe('web host limits across connections', () => {
  let workDir: string;
  let engine: Engine;
  let host: WebHost;
  const clients: WsTestClient[] = [];
  const connect = async () => {
    const client = await WsTestClient.connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'mien-web-limits-'));
    const rendererDir = join(workDir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    engine = await createEngine({ dataDir: join(workDir, 'data'), host: 'web', workers: 1 });
    host = await startWebHost({ engine, rendererDir, port: 0, maxMessageBytes: MAX_MESSAGE });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await host?.close();
    await engine?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** Starts an upload of a whole-limit byte param (first part only) and reports whether the host refused it. */
  const startUpload = async (client: WsTestClient, id: number): Promise<string | null> => {
    const parts = encodeBinaryRequest(
      { id, method: 'system.ping', params: { sentAt: 1 }, bytesParam: 'bytes' },
      new Uint8Array(MAX_MESSAGE),
      1024,
    );
    client.sendBinary(parts[0]!);
    // Requests are answered in order of arrival: once a ping is answered, a refusal would have come.
    expect((await client.request('system.ping', { sentAt: 2 })).ok).toBe(true);
    const answer = client.responses.find((message) => message.id === id);
    return answer && !answer.ok ? answer.error.code : null;
  };

  it('caps the bytes of uploads in flight over all sockets, not per socket', async () => {
    const sockets = [await connect(), await connect(), await connect(), await connect()];
    const outcomes: Array<string | null> = [];
    for (const [index, socket] of sockets.entries()) outcomes.push(await startUpload(socket, 100 + index));
    // Each socket alone is within its own limits; together they would hold 4 x the largest upload.
    expect(outcomes.filter((code) => code === null).length).toBeLessThanOrEqual(2);
    expect(outcomes.filter((code) => code === 'busy').length).toBeGreaterThanOrEqual(2);
    // A closed socket gives its reservation back.
    sockets[0]!.close();
    sockets[1]!.close();
    await Promise.all([sockets[0]!.closed, sockets[1]!.closed]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await startUpload(sockets[2]!, 200)).toBeNull();
  });

  it('caps open preview streams over all sockets, however many ids are made up', async () => {
    const sockets = [await connect(), await connect(), await connect(), await connect(), await connect()];
    for (const [index, socket] of sockets.entries()) {
      for (let n = 0; n < 200; n += 1) {
        socket.sendText(JSON.stringify({ type: 'stream.open', streamId: `bogus-${index}-${n}` }));
      }
    }
    let refused = 0;
    for (const socket of sockets) {
      expect((await socket.request('system.ping', { sentAt: 3 })).ok).toBe(true);
      refused += socket.responses.filter((message) => !message.ok && message.error.code === 'busy').length;
    }
    // 1000 asked for; the host holds a bounded number.
    expect(refused).toBeGreaterThanOrEqual(1000 - 256);
  });
});
