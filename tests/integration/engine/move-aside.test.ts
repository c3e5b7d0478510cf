import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SystemInfo } from '../../../src/shared/api';
import { ASTRONAUT, startEngine, type Harness } from './engine-harness';

let dataDir: string;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const TWO_HOURS_AGO = new Date(Date.now() - 2 * 60 * 60 * 1000);
const astronautSha = createHash('sha256').update(fs.readFileSync(ASTRONAUT)).digest('hex');

/** Every file under `dir` named by a sha256, with its content's hash checked against the name. */
const storedBlobs = (dir: string): string[] =>
  (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile() && /^[0-9a-f]{64}$/.test(entry.name))
    .filter((entry) => {
      const bytes = fs.readFileSync(path.join(entry.parentPath, entry.name));
      return createHash('sha256').update(bytes).digest('hex') === entry.name;
    })
    .map((entry) => entry.name);

/** Imports the astronaut, closes, and ages every blob file past the orphan clean-up's one hour. */
async function folderWithOnePhoto(): Promise<string[]> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-move-aside-'));
  h = await startEngine({ dataDir });
  const project = await h.call('projects.create', { name: 'Photos' });
  const job = await h.call('assets.importBytes', {
    projectId: project.id,
    fileName: 'astronaut.png',
    bytes: new Uint8Array(fs.readFileSync(ASTRONAUT)),
  });
  expect((await h.waitForJob(job.id)).state).toBe('succeeded');
  await h.close();
  h = undefined;
  const blobs = storedBlobs(dataDir);
  expect(blobs).toContain(astronautSha);
  for (const sha of blobs)
    fs.utimesSync(path.join(dataDir, 'blobs', sha.slice(0, 2), sha), TWO_HOURS_AGO, TWO_HOURS_AGO);
  return blobs;
}

describe('moving a damaged database aside', () => {
  it('keeps every photo it named, moved with it, and the fresh start deletes none of them', async () => {
    const blobs = await folderWithOnePhoto();
    // The database gets damaged (its first page overwritten).
    const dbPath = path.join(dataDir, 'mien.sqlite');
    const fd = fs.openSync(dbPath, 'r+');
    fs.writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
    fs.closeSync(fd);

    h = await startEngine({ dataDir });
    expect(SystemInfo.parse(await h.call('system.info', {})).store).toMatchObject({ ok: false, problem: 'corrupt' });
    const moved = await h.call('system.resetStore', {});
    expect(SystemInfo.parse(await h.call('system.info', {})).store.ok).toBe(true);
    await h.close();
    h = undefined;
    // Every file the damaged database named still exists, whole, next to it.
    expect(storedBlobs(dataDir).sort()).toEqual(blobs.sort());
    expect(moved.blobsMovedTo).toBe(`${moved.movedTo}-blobs`);
    expect(storedBlobs(moved.blobsMovedTo!).sort()).toEqual(blobs.sort());
    // And later starts (which clean up orphans) leave them alone too.
    h = await startEngine({ dataDir });
    await h.close();
    h = undefined;
    expect(storedBlobs(dataDir).sort()).toEqual(blobs.sort());
  }, 60_000);

  it('never deletes files a database moved aside by an older Mien still names (it left the blob folder in place)', async () => {
    const blobs = await folderWithOnePhoto();
    // What an older version did: rename the database only, then start a fresh one beside the old blobs.
    const dbPath = path.join(dataDir, 'mien.sqlite');
    fs.renameSync(dbPath, `${dbPath}.corrupt-2026-01-01T00-00-00-000Z`);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
    h = await startEngine({ dataDir });
    expect(SystemInfo.parse(await h.call('system.info', {})).store.ok).toBe(true);
    await h.close();
    h = undefined;
    expect(storedBlobs(path.join(dataDir, 'blobs')).sort()).toEqual(blobs.sort());
  }, 60_000);

  it('deletes no unrecorded file while another database in the folder cannot be read to prove it unreferenced', async () => {
    const blobs = await folderWithOnePhoto();
    const dbPath = path.join(dataDir, 'mien.sqlite');
    fs.renameSync(dbPath, `${dbPath}.corrupt-2026-01-01T00-00-00-000Z`);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
    fs.writeFileSync(`${dbPath}.corrupt-2026-01-01T00-00-00-000Z`, 'damaged beyond reading');
    h = await startEngine({ dataDir });
    await h.close();
    h = undefined;
    expect(storedBlobs(path.join(dataDir, 'blobs')).sort()).toEqual(blobs.sort());
  }, 60_000);

  it('still removes an old file that no database in the folder names', async () => {
    await folderWithOnePhoto();
    const stray = Buffer.from('left by a process killed between rename and commit');
    const sha = createHash('sha256').update(stray).digest('hex');
    const strayPath = path.join(dataDir, 'blobs', sha.slice(0, 2), sha);
    fs.mkdirSync(path.dirname(strayPath), { recursive: true });
    fs.writeFileSync(strayPath, stray);
    fs.utimesSync(strayPath, TWO_HOURS_AGO, TWO_HOURS_AGO);
    h = await startEngine({ dataDir });
    await h.close();
    h = undefined;
    expect(fs.existsSync(strayPath)).toBe(false);
    expect(storedBlobs(dataDir)).toContain(astronautSha);
  }, 60_000);
});
