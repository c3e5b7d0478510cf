import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../../src/shared/api';
import { startWebHostHarness, type WebHostHarness } from './web-host-harness';

function get(port: number, path: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web host: exports (renders.reveal gives a download address)', () => {
  let web: WebHostHarness;
  beforeAll(async () => {
    web = await startWebHostHarness();
  });
  afterAll(async () => {
    await web?.close();
  });

  it('serves a finished export behind the token, as an attachment, and nothing else', async () => {
    const project = (await web.engine.handle('projects.create', { name: 'Downloads' })) as Project;
    // A finished export as the export job leaves it: a file under exports/<project>/ and its row.
    const dataDir = join(web.workDir, 'data');
    const folder = join(dataDir, 'exports', project.id);
    mkdirSync(folder, { recursive: true });
    const bytes = Buffer.from('GIF89a fake but served byte for byte');
    writeFileSync(join(folder, 'Smile été.gif'), bytes);
    const db = new Database(join(dataDir, 'mien.sqlite'));
    try {
      db.prepare(
        `INSERT INTO renders (id, project_id, format, settings_json, file_name, byte_size, width, height, frame_count, created_at)
         VALUES ('r-gif', ?, 'gif', '{"format":"gif"}', 'Smile été.gif', ?, 8, 8, 2, ?),
                ('r-png', ?, 'png', '{"format":"png"}', 'Smile frames', 10, 8, 8, 2, ?)`,
      ).run(project.id, bytes.length, Date.now(), project.id, Date.now());
    } finally {
      db.close();
    }
    mkdirSync(join(folder, 'Smile frames'));

    const { url } = (await web.engine.handle('renders.reveal', { id: 'r-gif' })) as { url: string };
    expect(url).toBe('/exports/r-gif');
    const unauthorised = await get(web.host.port, url);
    expect(unauthorised.status).toBe(401);
    const download = await get(web.host.port, `${url}?token=${web.host.token}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/gif');
    expect(download.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''Smile%20%C3%A9t%C3%A9.gif`);
    expect(download.body.equals(bytes)).toBe(true);

    expect((await get(web.host.port, `/exports/r-png?token=${web.host.token}`)).status).toBe(404);
    expect((await get(web.host.port, `/exports/nope?token=${web.host.token}`)).status).toBe(404);
    await expect(web.engine.handle('renders.reveal', { id: 'r-png' })).rejects.toMatchObject({ code: 'unavailable' });

    await web.engine.handle('renders.delete', { id: 'r-gif' });
    expect((await get(web.host.port, `${url}?token=${web.host.token}`)).status).toBe(404);
  });
});
