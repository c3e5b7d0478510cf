import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset, Job, Project, SystemInfo } from '../../../src/shared/api';
import { createEngine, databasePathIn, type Engine } from '../../../src/main/engine/engine';
import { CLOSE_UNAUTHORIZED, startWebHost, type WebHost } from '../../../src/main/web/server';
import { startWebHostHarness, type WebHostHarness } from './web-host-harness';
import { WsTestClient } from './ws-test-client';

const astronautPath = join(import.meta.dirname, '../../fixtures/astronaut.png');

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** GET with the raw path as given (no client-side normalisation of `..`). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web host (real engine, temp data dir)', () => {
  let web: WebHostHarness;
  let workDir: string;
  let engine: Engine;
  let host: WebHost;
  let apiUrl: string;
  let client: WsTestClient;

  beforeAll(async () => {
    web = await startWebHostHarness();
    ({ workDir, engine, host, apiUrl, client } = web);
    // A file next to (outside) the served folder: traversal must never reach it.
    writeFileSync(join(workDir, 'secret.txt'), 'SECRET');
  });

  afterAll(async () => {
    await web?.close();
  });

  it('listens on 127.0.0.1 only and prints a URL with a 48-hex-digit token', async () => {
    const address = host.server.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    expect(address.family).toBe('IPv4');
    expect(host.token).toMatch(/^[0-9a-f]{48}$/);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    // Through a non-loopback address of this machine (if any), nothing answers.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((net) => net && net.family === 'IPv4' && !net.internal);
    if (external) {
      const reached = await new Promise<boolean>((resolve) => {
        const req = httpRequest({ host: external.address, port: host.port, path: '/', timeout: 2000 }, () =>
          resolve(true),
        );
        req.on('error', () => resolve(false));
        req.on('timeout', () => {
          req.destroy();
          resolve(false);
        });
        req.end();
      });
      expect(reached).toBe(false);
    }
  });

  it('closes a socket without token or with a wrong token with 4401', async () => {
    const anonymous = await WsTestClient.connect(apiUrl);
    expect((await anonymous.closed).code).toBe(CLOSE_UNAUTHORIZED);
    const wrong = await WsTestClient.connect(`${apiUrl}?token=${'0'.repeat(48)}`);
    expect((await wrong.closed).code).toBe(CLOSE_UNAUTHORIZED);
    const short = await WsTestClient.connect(`${apiUrl}?token=abc`);
    expect(await short.closed).toEqual({ code: CLOSE_UNAUTHORIZED, reason: 'unauthorized' });
    expect(anonymous.responses.length + wrong.responses.length + short.responses.length).toBe(0);
  });

  it('refuses the upgrade for a foreign Origin or Host, even with the token', async () => {
    await expect(
      WsTestClient.connect(`${apiUrl}?token=${host.token}`, { origin: 'http://evil.example' }),
    ).rejects.toThrow('HTTP 403');
    await expect(
      WsTestClient.connect(`${apiUrl}?token=${host.token}`, { headers: { Host: 'evil.example' } }),
    ).rejects.toThrow('HTTP 403');
    const ownOrigin = await WsTestClient.connect(`${apiUrl}?token=${host.token}`, {
      origin: `http://127.0.0.1:${host.port}`,
    });
    expect((await ownOrigin.request('system.ping', { sentAt: 1 })).ok).toBe(true);
    ownOrigin.close();
  });

  it('accepts the token from the cookie set by loading the printed URL', async () => {
    const page = await get(host.port, `/?token=${host.token}`);
    const cookie = String(page.headers['set-cookie']).split(';')[0] as string;
    expect(cookie).toBe(`mien_token_${host.port}=${host.token}`);
    const viaCookie = await WsTestClient.connect(apiUrl, { headers: { Cookie: cookie } });
    expect((await viaCookie.request('system.ping', { sentAt: 2 })).ok).toBe(true);
    viaCookie.close();
  });

  it('closes a socket that sends an oversized message with 1009 and keeps serving others', async () => {
    const small = await startWebHost({
      engine,
      rendererDir: join(workDir, 'renderer'),
      port: 0,
      maxMessageBytes: 1024,
    });
    try {
      const url = `ws://127.0.0.1:${small.port}/api?token=${small.token}`;
      const greedy = await WsTestClient.connect(url);
      greedy.sendBinary(new Uint8Array(4096));
      expect((await greedy.closed).code).toBe(1009);
      const next = await WsTestClient.connect(url);
      expect((await next.request('system.ping', { sentAt: 4 })).ok).toBe(true);
      next.close();
    } finally {
      await small.close();
    }
  });

  it('assembles byte params sent in parts and refuses broken or oversized part sequences', async () => {
    const { encodeBinaryRequest } = await import('../../../src/shared/api');
    const request = (id: number) => ({ id, method: 'system.ping', params: { sentAt: 1 }, bytesParam: 'bytes' });
    // Out of order: the second part first.
    const parts = encodeBinaryRequest(request(801), new Uint8Array(3000), 1000);
    expect(parts).toHaveLength(3);
    client.sendBinary(parts[1]!);
    expect(await client.response(801)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    // Complete and in order: reaches the engine, whose schema then refuses the extra `bytes` param.
    for (const part of encodeBinaryRequest(request(802), new Uint8Array(3000), 1000)) client.sendBinary(part);
    const complete = await client.response(802);
    expect(complete).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', details: { issues: [{ path: '' }] } },
    });
    expect(!complete.ok && complete.error.message).toMatch(/bytes|Unrecognized/i);

    const small = await startWebHost({
      engine,
      rendererDir: join(workDir, 'renderer'),
      port: 0,
      maxMessageBytes: 2048,
    });
    try {
      const limited = await WsTestClient.connect(`ws://127.0.0.1:${small.port}/api?token=${small.token}`);
      for (const part of encodeBinaryRequest(request(803), new Uint8Array(4096), 1000)) limited.sendBinary(part);
      expect(await limited.response(803)).toMatchObject({ ok: false, error: { code: 'image_too_large' } });
      expect((await limited.request('system.ping', { sentAt: 5 })).ok).toBe(true);
      limited.close();
    } finally {
      await small.close();
    }
  });

  it('creates and lists projects over the socket', async () => {
    const created = Project.parse(await client.call('projects.create', { name: 'Web host test' }));
    expect(created.name).toBe('Web host test');
    const listed = (await client.call<unknown[]>('projects.list', {})).map((p) => Project.parse(p));
    expect(listed.map((p) => p.id)).toContain(created.id);
    await client.waitForEvent((event) => event.event === 'projects.changed');
  });

  it('answers malformed messages with structured errors and keeps the connection', async () => {
    client.sendText('{not json');
    client.sendText('42');
    client.sendText(JSON.stringify({ type: 'request', id: 'seven', method: 'system.ping', params: {} }));
    client.sendBinary(new Uint8Array([1, 2]));
    client.sendText(JSON.stringify({ type: 'stream.open' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const anonymous = client.responses.filter((response) => response.id === -1);
    expect(anonymous).toHaveLength(5);
    for (const response of anonymous) {
      expect(response).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }

    const wrongShape = await (async () => {
      client.sendText(JSON.stringify({ type: 'request', id: 901, params: {} }));
      return client.response(901);
    })();
    expect(wrongShape).toMatchObject({ id: 901, ok: false, error: { code: 'invalid_request' } });

    const unknown = await client.request('projects.explode', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const badParams = await client.request('projects.create', { name: 42 });
    expect(badParams).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', details: { issues: [{ path: 'name' }] } },
    });
    const extraParams = await client.request('projects.list', { surprise: true });
    expect(extraParams).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const missing = await client.request('projects.get', { id: 'no-such-project' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });

    expect(client.socket.readyState).toBe(client.socket.OPEN);
    const ping = await client.request('system.ping', { sentAt: 3 });
    expect(ping).toMatchObject({ ok: true, result: { sentAt: 3 } });
  });

  it('imports astronaut.png sent as a binary request and serves its thumbnail at /media (token required)', async () => {
    const project = Project.parse(await client.call('projects.create', { name: 'Import test' }));
    const bytes = readFileSync(astronautPath);
    const response = await client.requestWithBytes(
      'assets.importBytes',
      { projectId: project.id, fileName: 'astronaut.png' },
      'bytes',
      bytes,
    );
    expect(response.ok).toBe(true);
    const started = Job.parse(response.ok ? response.result : null);
    const finished = await client.waitForEvent((event) => {
      const job = event.event === 'job.updated' ? Job.parse(event.payload) : null;
      return job !== null && job.id === started.id && ['succeeded', 'failed', 'cancelled'].includes(job.state);
    });
    const job = Job.parse(finished.payload);
    expect(job.state, JSON.stringify(job.error)).toBe('succeeded');

    const assets = (await client.call<unknown[]>('assets.list', { projectId: project.id })).map((a) => Asset.parse(a));
    expect(assets).toHaveLength(1);
    const asset = assets[0] as Asset;
    expect(asset.id).toBe(job.result?.assetId);
    const source = await sharp(bytes).metadata();
    expect([asset.width, asset.height]).toEqual([source.width, source.height]);

    const mediaPath = `/media/${asset.thumbnailSha256}`;
    expect((await get(host.port, mediaPath)).status).toBe(401);
    expect((await get(host.port, `${mediaPath}?token=${'f'.repeat(48)}`)).status).toBe(401);
    const thumbnail = await get(host.port, `${mediaPath}?token=${host.token}`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers['content-type']).toMatch(/^image\//);
    expect(thumbnail.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(thumbnail.body).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(256);
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeGreaterThan(32);
    // The cookie works as well as the query token.
    const cookie = `mien_token_${host.port}=${host.token}`;
    expect((await get(host.port, mediaPath, { Cookie: cookie })).status).toBe(200);
    const original = await get(host.port, `/media/${asset.originalSha256}`, { Cookie: cookie });
    expect(original.body.equals(bytes)).toBe(true);

    expect((await get(host.port, `/media/${'0'.repeat(64)}?token=${host.token}`)).status).toBe(404);
    expect((await get(host.port, `/media/not-a-sha?token=${host.token}`)).status).toBe(400);
    expect((await get(host.port, `/media/${'A'.repeat(64)}?token=${host.token}`)).status).toBe(400);
  });

  it('serves statics with the CSP and refuses path traversal', async () => {
    const index = await get(host.port, '/');
    expect(index.status).toBe(200);
    expect(index.body.toString()).toContain('Mien test page');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    const script = await get(host.port, '/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);

    const attacks = [
      '/../secret.txt',
      '/../../etc/passwd',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/%2E%2E/etc/passwd',
      '/assets%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/media/../secret.txt',
      '/media/%2e%2e%2fsecret.txt',
      '/%00',
    ];
    for (const path of attacks) {
      const answer = await get(host.port, path, { Cookie: `mien_token_${host.port}=${host.token}` });
      expect([400, 404], `${path} -> ${answer.status}`).toContain(answer.status);
      expect(answer.body.toString()).not.toContain('SECRET');
      expect(answer.body.toString()).not.toContain('root:');
    }
    expect((await get(host.port, '/nope.js')).status).toBe(404);
    expect((await get(host.port, '/', { Host: 'attacker.example:80' })).status).toBe(403);
  });

  it('delivers a job preview stream as binary frames', async () => {
    const project = Project.parse(await client.call('projects.create', { name: 'Stream test' }));
    // Big enough (and PNG, which has no shrink-on-load) that the job is still running when we subscribe.
    const big = await sharp({ create: { width: 3000, height: 2400, channels: 3, background: '#406080' } })
      .composite([{ input: readFileSync(astronautPath), gravity: 'centre' }])
      .png({ compressionLevel: 1 })
      .toBuffer();
    const streamClient = await WsTestClient.connect(`${apiUrl}?token=${host.token}`);
    const response = await streamClient.requestWithBytes(
      'assets.importBytes',
      { projectId: project.id, fileName: 'big.png' },
      'bytes',
      big,
    );
    const job = Job.parse(response.ok ? response.result : null);
    expect(job.hasPreview).toBe(true);
    streamClient.sendText(JSON.stringify({ type: 'stream.open', streamId: job.id }));
    await streamClient.waitForEvent((event) => {
      const update = event.event === 'job.updated' ? Job.parse(event.payload) : null;
      return update !== null && update.id === job.id && update.state === 'succeeded';
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(streamClient.frames.length).toBeGreaterThanOrEqual(1);
    const seqs = streamClient.frames.map((frame) => frame.header.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    for (const frame of streamClient.frames) {
      expect(frame.header.streamId).toBe(job.id);
      if (frame.header.format === 'rgba') {
        expect(frame.data.byteLength).toBe(frame.header.width * frame.header.height * 4);
      } else {
        const meta = await sharp(frame.data).metadata();
        expect([meta.width, meta.height]).toEqual([frame.header.width, frame.header.height]);
        expect(meta.format).toBe(frame.header.format);
      }
    }
    // Frames keep the picture's aspect ratio (3000 x 2400).
    const last = streamClient.frames.at(-1)!;
    expect(last.header.width / last.header.height).toBeCloseTo(3000 / 2400, 1);
    streamClient.sendText(JSON.stringify({ type: 'stream.close', streamId: job.id }));
    streamClient.close();
  });
});

describe('web host over a corrupt project database', () => {
  it('starts anyway and reports the store problem through system.info and store_corrupt errors', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'mien-web-corrupt-'));
    const dataDir = join(workDir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const rendererDir = join(workDir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    writeFileSync(databasePathIn(dataDir), 'this is not an SQLite database, it is a text file. '.repeat(200));
    const engine = await createEngine({ dataDir, host: 'web', workers: 1 });
    const host = await startWebHost({ engine, rendererDir, port: 0 });
    try {
      const client = await WsTestClient.connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
      const info = SystemInfo.parse(await client.call('system.info', {}));
      expect(info.store).toMatchObject({ ok: false, path: databasePathIn(dataDir) });
      const refused = await client.request('projects.list', {});
      expect(refused).toMatchObject({ ok: false, error: { code: 'store_corrupt' } });
      expect(!refused.ok && refused.error.message).toContain(databasePathIn(dataDir));
      client.close();
    } finally {
      await host.close();
      await engine.close();
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});
