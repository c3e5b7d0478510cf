import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { AddressInfo } from 'node:net';
import {
  ApiError,
  REQUEST_PART_BYTES,
  decodeBinaryMessage,
  encodeBinaryMessage,
  type Frame,
  type Job,
} from '../../../src/shared/api';
import { WebMienClient, type SocketLike } from '../../../src/renderer/client/web-client';
import { resolveWebToken, TOKEN_STORAGE_KEY } from '../../../src/renderer/client/web-token';
import type { ConnectionState } from '../../../src/renderer/client/connection';

/** A scripted stand-in for the web host's /api socket, speaking docs/wire-protocol.md over real WebSockets. */
class ScriptedHost {
  readonly server: WebSocketServer;
  readonly sockets: WebSocket[] = [];
  readonly received: Array<{ text?: unknown; binary?: { header: unknown; payload: Uint8Array } }> = [];
  connections = 0;
  onRequest: (socket: WebSocket, request: { id: number; method: string; params: unknown }) => void = () => {};
  /** Close code to use right after accepting the next connection (e.g. 4401). */
  rejectWith: number | null = null;

  constructor() {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.server.on('connection', (socket) => {
      this.connections += 1;
      if (this.rejectWith !== null) {
        socket.close(this.rejectWith, 'unauthorized');
        return;
      }
      this.sockets.push(socket);
      socket.on('message', (data: RawData, isBinary: boolean) => {
        const bytes = new Uint8Array(data as Buffer);
        if (isBinary) {
          const decoded = decodeBinaryMessage(bytes);
          this.received.push({ binary: decoded });
          const header = decoded.header as {
            id: number;
            method: string;
            params: unknown;
            offset?: number;
            totalBytes?: number;
          };
          // A request in parts is answered once its last part arrived (docs/wire-protocol.md).
          const last =
            header.totalBytes === undefined || (header.offset ?? 0) + decoded.payload.byteLength === header.totalBytes;
          if (last) this.onRequest(socket, header);
        } else {
          const text = JSON.parse(Buffer.from(bytes).toString('utf8'));
          this.received.push({ text });
          if (text.type === 'request') this.onRequest(socket, text);
        }
      });
    });
  }

  static async start(): Promise<ScriptedHost> {
    const started = new ScriptedHost();
    await new Promise<void>((resolve) => started.server.once('listening', () => resolve()));
    return started;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/api?token=abc`;
  }

  respond(socket: WebSocket, id: number, result: unknown): void {
    socket.send(JSON.stringify({ type: 'response', id, ok: true, result }));
  }

  broadcast(message: unknown): void {
    for (const socket of this.sockets) if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const sha = (char: string) => char.repeat(64);
const project = (name: string) => ({
  id: 'p1',
  name,
  createdAt: 1,
  updatedAt: 2,
  assetCount: 0,
  photoCount: 0,
  videoCount: 0,
  trackFileCount: 0,
  thumbnailSha256: null,
});
const job = (state: Job['state']): Job => ({
  id: 'j1',
  kind: 'import-photo',
  projectId: 'p1',
  assetId: null,
  priority: 'interactive',
  state,
  title: 'Import a.png',
  progress: { fraction: 0.5, stage: 'Decoding', etaMs: 1200 },
  error: null,
  result: null,
  hasPreview: true,
  createdAt: 1,
  startedAt: 2,
  finishedAt: null,
});

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let host: ScriptedHost;
let client: WebMienClient;
const protocolErrors: string[] = [];

function connect(): WebMienClient {
  protocolErrors.length = 0;
  client = new WebMienClient({
    socketUrl: host.url,
    mediaBase: '',
    token: 'abc',
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    backoff: { initialMs: 20, maxMs: 100, jitter: 0 },
    onProtocolError: (message) => protocolErrors.push(message),
  });
  return client;
}

afterEach(async () => {
  client?.dispose();
  await host?.close();
});

describe('WebMienClient', () => {
  it('matches responses to requests by id and validates results', async () => {
    host = await ScriptedHost.start();
    host.onRequest = (socket, request) => {
      if (request.method === 'projects.create') {
        // Answer out of order on purpose: a later request's response first.
        setTimeout(() => host.respond(socket, request.id, project((request.params as { name: string }).name)), 30);
      } else if (request.method === 'projects.list') {
        host.respond(socket, request.id, []);
      }
    };
    connect();
    const [created, list] = await Promise.all([
      client.call('projects.create', { name: 'Alice' }),
      client.call('projects.list', {}),
    ]);
    expect(created.name).toBe('Alice');
    expect(list).toEqual([]);
    expect(client.state).toBe('open');
  });

  it('rejects with the host ApiError, and with internal on a malformed result', async () => {
    host = await ScriptedHost.start();
    host.onRequest = (socket, request) => {
      if (request.method === 'projects.get') {
        socket.send(
          JSON.stringify({
            type: 'response',
            id: request.id,
            ok: false,
            error: { code: 'not_found', message: 'No project p9.' },
          }),
        );
      } else {
        host.respond(socket, request.id, { name: 42 });
      }
    };
    connect();
    const missing = await client.call('projects.get', { id: 'p9' }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing).toMatchObject({ code: 'not_found', message: 'No project p9.' });
    const malformed = await client.call('projects.list', {}).catch((error: unknown) => error);
    expect(malformed).toMatchObject({ code: 'internal' });
  });

  it('sends small byte params as one binary request with bytesParam', async () => {
    host = await ScriptedHost.start();
    host.onRequest = (socket, request) => host.respond(socket, request.id, job('queued'));
    connect();
    const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3, 255]);
    const queued = await client.call('assets.importBytes', {
      projectId: 'p1',
      kind: 'portrait',
      fileName: 'a.png',
      bytes,
    });
    expect(queued.state).toBe('queued');
    const binary = host.received.find((message) => message.binary)?.binary;
    expect(binary?.header).toMatchObject({
      type: 'request',
      method: 'assets.importBytes',
      bytesParam: 'bytes',
      params: { projectId: 'p1', kind: 'portrait', fileName: 'a.png' },
    });
    expect((binary?.header as { params: Record<string, unknown> }).params.bytes).toBeUndefined();
    expect([...(binary?.payload ?? [])]).toEqual([...bytes]);
  });

  it('sends byte params over 1 MiB as ordered parts that reassemble to the same bytes', async () => {
    host = await ScriptedHost.start();
    host.onRequest = (socket, request) => host.respond(socket, request.id, job('queued'));
    connect();
    const bytes = new Uint8Array(REQUEST_PART_BYTES * 2 + 12345);
    for (let index = 0; index < bytes.length; index += 1) bytes[index] = (index * 31) & 0xff;
    const queued = await client.call('assets.importBytes', { projectId: 'p1', fileName: 'big.png', bytes });
    expect(queued.id).toBe('j1');
    const parts = host.received.flatMap((message) => (message.binary ? [message.binary] : []));
    expect(parts).toHaveLength(3);
    const offsets = parts.map((part) => (part.header as { offset: number }).offset);
    expect(offsets).toEqual([0, REQUEST_PART_BYTES, REQUEST_PART_BYTES * 2]);
    for (const part of parts) expect(part.header).toMatchObject({ bytesParam: 'bytes', totalBytes: bytes.length });
    const joined = new Uint8Array(bytes.length);
    for (const part of parts) joined.set(part.payload, (part.header as { offset: number }).offset);
    expect(Buffer.compare(Buffer.from(joined), Buffer.from(bytes))).toBe(0);
  });

  it('delivers valid events, drops malformed ones and ignores unknown event names', async () => {
    host = await ScriptedHost.start();
    connect();
    await until(() => client.state === 'open');
    const seen: Job[] = [];
    const off = client.on('job.updated', (payload) => seen.push(payload));
    host.broadcast({ type: 'event', event: 'job.updated', payload: job('running') });
    host.broadcast({ type: 'event', event: 'job.updated', payload: { id: 'j1', state: 'bogus' } });
    host.broadcast({ type: 'event', event: 'future.thing', payload: {} });
    await until(() => seen.length === 1 && protocolErrors.length === 1);
    expect(seen[0]?.progress.stage).toBe('Decoding');
    expect(protocolErrors[0]).toMatch(/malformed job.updated/);
    off();
    host.broadcast({ type: 'event', event: 'job.updated', payload: job('succeeded') });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toHaveLength(1);
  });

  it('opens a stream, delivers its binary frames without the type field, and closes it', async () => {
    host = await ScriptedHost.start();
    connect();
    await until(() => client.state === 'open');
    const frames: Frame[] = [];
    const close = client.openStream('j1', (frame) => frames.push(frame));
    await until(() => host.received.some((message) => (message.text as { type?: string })?.type === 'stream.open'));
    const pixels = new Uint8Array(2 * 1 * 4).fill(200);
    const header = { type: 'frame', streamId: 'j1', seq: 3, width: 2, height: 1, timestampMs: 12.5, format: 'rgba' };
    host.sockets[0]?.send(encodeBinaryMessage(header, pixels));
    host.sockets[0]?.send(encodeBinaryMessage({ ...header, streamId: 'other' }, pixels));
    await until(() => frames.length === 1);
    expect(frames[0]?.header).toEqual({
      streamId: 'j1',
      seq: 3,
      width: 2,
      height: 1,
      timestampMs: 12.5,
      format: 'rgba',
    });
    expect([...(frames[0]?.data ?? [])]).toEqual([...pixels]);
    close();
    await until(() => host.received.some((message) => (message.text as { type?: string })?.type === 'stream.close'));
  });

  it('reconnects with back-off, rejects in-flight calls, sends queued ones and reopens streams', async () => {
    host = await ScriptedHost.start();
    let answer = false;
    host.onRequest = (socket, request) => {
      if (answer) host.respond(socket, request.id, []);
    };
    connect();
    const states: ConnectionState[] = [];
    client.onConnectionChange((state) => states.push(state));
    await until(() => client.state === 'open');
    client.openStream('j1', () => {});
    const inFlight = client.call('projects.list', {}).catch((error: unknown) => error);
    await until(() => host.received.some((message) => (message.text as { type?: string })?.type === 'request'));

    host.sockets[0]?.terminate();
    const lost = await inFlight;
    expect(lost).toMatchObject({ code: 'unavailable' });
    answer = true;
    const afterReconnect = await client.call('projects.list', {});
    expect(afterReconnect).toEqual([]);
    expect(host.connections).toBe(2);
    expect(states).toEqual(['open', 'reconnecting', 'open']);
    const opens = host.received.filter((message) => (message.text as { type?: string })?.type === 'stream.open');
    expect(opens).toHaveLength(2);
  });

  it('stops on a 4401 close and rejects calls as unauthorized', async () => {
    host = await ScriptedHost.start();
    host.rejectWith = 4401;
    connect();
    const call = client.call('projects.list', {}).catch((error: unknown) => error);
    await until(() => client.state === 'unauthorized');
    expect(await call).toMatchObject({ code: 'unauthorized' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(host.connections).toBe(1);
  });

  it('builds media URLs with the token', async () => {
    host = await ScriptedHost.start();
    connect();
    expect(client.mediaUrl(sha('a'))).toBe(`/media/${sha('a')}?token=abc`);
  });
});

describe('resolveWebToken', () => {
  const memoryStorage = () => {
    const map = new Map<string, string>();
    return {
      getItem: (key: string) => map.get(key) ?? null,
      setItem: (key: string, value: string) => void map.set(key, value),
      map,
    };
  };

  it('takes the token from the URL and remembers it for a reload without one', () => {
    const storage = memoryStorage();
    expect(resolveWebToken('?token=f00d', storage)).toBe('f00d');
    expect(storage.map.get(TOKEN_STORAGE_KEY)).toBe('f00d');
    expect(resolveWebToken('', storage)).toBe('f00d');
    expect(resolveWebToken('?token=beef', storage)).toBe('beef');
  });

  it('returns null with no token anywhere and survives a throwing storage', () => {
    expect(resolveWebToken('', memoryStorage())).toBeNull();
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(resolveWebToken('?token=1', broken)).toBe('1');
    expect(resolveWebToken('', broken)).toBeNull();
  });
});
