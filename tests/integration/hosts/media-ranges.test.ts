import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset, Job, Project } from '../../../src/shared/api';
import { mediaProtocolResponse } from '../../../src/main/desktop/media-response';
import { findFfmpeg } from '../../../src/main/engine/media/ffmpeg';
import { startWebHostHarness, type WebHostHarness } from './web-host-harness';

/**
 * Byte ranges on stored blobs, as a <video> element asks for them: the web host's /media route
 * (token required) and the desktop mien-media: answer (same module, no Electron needed).
 */

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('media byte ranges (web route and desktop protocol)', () => {
  let web: WebHostHarness;
  let dir: string;
  let clip: Buffer;
  let video: Asset;

  beforeAll(async () => {
    web = await startWebHostHarness();
    dir = mkdtempSync(join(tmpdir(), 'mien-ranges-'));
    const file = join(dir, 'bars.mp4');
    await promisify(execFile)(findFfmpeg().path!, [
      ...['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=1'],
      ...['-pix_fmt', 'yuv420p', file],
    ]);
    clip = readFileSync(file);
    const project = Project.parse(await web.client.call('projects.create', { name: 'Ranges' }));
    const answer = await web.client.requestWithBytes(
      'assets.importBytes',
      { projectId: project.id, fileName: 'bars.mp4' },
      'bytes',
      clip,
    );
    const started = Job.parse(answer.ok ? answer.result : null);
    const finished = await web.client.waitForEvent((event) => {
      const job = event.event === 'job.updated' ? Job.parse(event.payload) : null;
      return job !== null && job.id === started.id && ['succeeded', 'failed', 'cancelled'].includes(job.state);
    });
    expect(Job.parse(finished.payload).state).toBe('succeeded');
    const assets = (await web.client.call<unknown[]>('assets.list', { projectId: project.id })).map((a) =>
      Asset.parse(a),
    );
    video = assets.find((asset) => asset.kind === 'video')!;
    expect(video).toBeDefined();
  }, 60_000);

  afterAll(async () => {
    await web?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores the video blob with a video mime', () => {
    expect(web.engine.resolveBlob(video.originalSha256)?.mime).toBe('video/mp4');
    expect(clip.length).toBeGreaterThan(1000);
  });

  it('web host: answers single ranges with 206 and the exact bytes, 416 past the end, HEAD without a body', async () => {
    const port = web.host.port;
    const path = `/media/${video.originalSha256}?token=${web.host.token}`;
    const size = clip.length;

    const whole = await send(port, path);
    expect(whole.status).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.headers['content-length']).toBe(String(size));
    expect(whole.body.equals(clip)).toBe(true);

    const middle = await send(port, path, { Range: 'bytes=100-299' });
    expect(middle.status).toBe(206);
    expect(middle.headers['content-range']).toBe(`bytes 100-299/${size}`);
    expect(middle.headers['content-length']).toBe('200');
    expect(middle.headers['content-type']).toBe('video/mp4');
    expect(middle.headers['x-content-type-options']).toBe('nosniff');
    expect(middle.body.equals(clip.subarray(100, 300))).toBe(true);

    const open = await send(port, path, { Range: `bytes=${size - 10}-` });
    expect(open.status).toBe(206);
    expect(open.headers['content-range']).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect(open.body.equals(clip.subarray(size - 10))).toBe(true);

    const suffix = await send(port, path, { Range: 'bytes=-7' });
    expect(suffix.status).toBe(206);
    expect(suffix.body.equals(clip.subarray(size - 7))).toBe(true);

    const past = await send(port, path, { Range: `bytes=${size}-` });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${size}`);

    const head = await send(port, path, { Range: 'bytes=0-9' }, 'HEAD');
    expect(head.status).toBe(206);
    expect(head.headers['content-length']).toBe('10');
    expect(head.body.length).toBe(0);
    const headWhole = await send(port, path, {}, 'HEAD');
    expect(headWhole.status).toBe(200);
    expect(headWhole.headers['content-length']).toBe(String(size));
    expect(headWhole.body.length).toBe(0);

    // The cookie works too; no token (or a wrong one) still gets nothing, ranges or not.
    const cookie = `mien_token_${port}=${web.host.token}`;
    const viaCookie = await send(port, `/media/${video.originalSha256}`, { Cookie: cookie, Range: 'bytes=0-3' });
    expect(viaCookie.status).toBe(206);
    expect(viaCookie.body.equals(clip.subarray(0, 4))).toBe(true);
    for (const target of [`/media/${video.originalSha256}`, `/media/${video.originalSha256}?token=${'f'.repeat(48)}`]) {
      const refused = await send(port, target, { Range: 'bytes=0-3' });
      expect(refused.status).toBe(401);
      expect(refused.body.equals(clip.subarray(0, 4))).toBe(false);
      expect((await send(port, target, {}, 'HEAD')).status).toBe(401);
    }
    expect((await send(port, `/media/../${video.originalSha256}?token=${web.host.token}`)).status).not.toBe(206);
  });

  it('desktop protocol: the same ranges as a streamed Response, with the page origin allowed', async () => {
    const size = clip.length;
    const url = `mien-media://blob/${video.originalSha256}`;
    const ask = (headers: Record<string, string> = {}, method = 'GET') =>
      mediaProtocolResponse(web.engine, new Request(url, { method, headers }), 'mien-app://app');

    const whole = await ask();
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('access-control-allow-origin')).toBe('mien-app://app');
    expect(Buffer.from(await whole.arrayBuffer()).equals(clip)).toBe(true);

    const middle = await ask({ Range: 'bytes=100-299' });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe(`bytes 100-299/${size}`);
    expect(middle.headers.get('content-length')).toBe('200');
    expect(Buffer.from(await middle.arrayBuffer()).equals(clip.subarray(100, 300))).toBe(true);

    const suffix = await ask({ Range: 'bytes=-7' });
    expect(Buffer.from(await suffix.arrayBuffer()).equals(clip.subarray(size - 7))).toBe(true);

    const past = await ask({ Range: `bytes=${size + 5}-${size + 9}` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${size}`);

    const head = await ask({ Range: 'bytes=0-9' }, 'HEAD');
    expect(head.status).toBe(206);
    expect(head.body).toBeNull();

    expect((await ask({}, 'POST')).status).toBe(405);
    const unknown = `mien-media://blob/${'0'.repeat(64)}`;
    expect((await mediaProtocolResponse(web.engine, new Request(unknown), 'mien-app://app')).status).toBe(404);
    const traversal = new Request('mien-media://blob/../../secret.txt');
    expect((await mediaProtocolResponse(web.engine, traversal, 'mien-app://app')).status).toBe(400);
  });
});
