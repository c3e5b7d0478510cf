import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiErrorOf, ASTRONAUT, startEngine, type Harness } from './engine-harness';
import { fillDisk, mountTmpfs, whyMountsUnavailable } from './mounts';

let h: Harness | undefined;
let mount: ReturnType<typeof mountTmpfs> | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  mount?.unmount();
  mount = undefined;
});

if (whyMountsUnavailable) console.warn(`disk-full test skipped: ${whyMountsUnavailable}`);

describe.skipIf(whyMountsUnavailable !== null)('a data folder on a full disk (a 3 MiB tmpfs)', () => {
  it('keeps a failed import readable through jobs.get and jobs.list, says disk full, and writes it once space is freed', async () => {
    mount = mountTmpfs('3m');
    const dataDir = path.join(mount.dir, 'data');
    h = await startEngine({ dataDir });
    const project = await h.call('projects.create', { name: 'Full disk' });
    const filler = fillDisk(mount.dir);

    const started = await h.call('assets.importBytes', {
      projectId: project.id,
      fileName: 'astronaut.png',
      bytes: new Uint8Array(fs.readFileSync(ASTRONAUT)),
    });
    const ended = await h.waitForJob(started.id);
    expect(ended.state).toBe('failed');
    expect(ended.error?.code).toBe('disk_full');
    expect(ended.error?.message).toMatch(/disk .*full/i);
    // The job's final record is readable although the database could not take it.
    const fetched = await h.call('jobs.get', { id: started.id });
    expect(fetched).toMatchObject({ state: 'failed', error: { code: 'disk_full' } });
    const listed = await h.call('jobs.list', { projectId: project.id });
    expect(listed.find((job) => job.id === started.id)?.state).toBe('failed');

    // Space comes back: the record lands in the database and survives a restart.
    fs.rmSync(filler);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await h.close();
    h = await startEngine({ dataDir });
    expect(await h.call('jobs.get', { id: started.id })).toMatchObject({
      state: 'failed',
      error: { code: 'disk_full' },
    });
  }, 60_000);

  it('starts on a full disk: says the disk is full (not corrupt), and opens without a restart once space is freed', async () => {
    mount = mountTmpfs('3m');
    const dataDir = path.join(mount.dir, 'data');
    h = await startEngine({ dataDir });
    const project = await h.call('projects.create', { name: 'Before the disk filled' });
    await h.close();
    h = undefined;
    const filler = fillDisk(mount.dir);

    // SQLite cannot even set up its shared memory file on a disk with no room at all.
    h = await startEngine({ dataDir });
    const info = await h.call('system.info', {});
    expect(info.store).toMatchObject({ ok: false, problem: 'disk_full' });
    expect(!info.store.ok && info.store.reason).toMatch(/the disk holding it is full/);
    const refused = await apiErrorOf(h.call('projects.list', {}));
    expect(refused.code).toBe('disk_full');
    expect(refused.message).toContain(path.join(dataDir, 'mien.sqlite'));
    // Nothing was moved aside or deleted.
    expect(fs.readdirSync(dataDir).filter((name) => name.includes('corrupt'))).toEqual([]);

    fs.rmSync(filler);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await h.call('system.info', {})).store).toMatchObject({ ok: true, readOnly: null });
    expect((await h.call('projects.list', {})).map((p) => p.id)).toEqual([project.id]);
  }, 60_000);
});
