import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SystemInfo } from '../../../src/shared/api';
import { apiErrorOf, ASTRONAUT, startEngine, type Harness } from './engine-harness';
import { mountReadOnly, whyMountsUnavailable } from './mounts';

/**
 * Tests run as root here, and root ignores file permissions, so chmod cannot provoke this: a
 * read-only bind mount of the data folder, and chattr +i on the database file, refuse root too.
 */
let h: Harness | undefined;
let sourceDir: string | undefined;
const undo: Array<() => void> = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const step of undo.splice(0).reverse()) step();
  if (sourceDir) fs.rmSync(sourceDir, { recursive: true, force: true });
  sourceDir = undefined;
});

if (whyMountsUnavailable) console.warn(`read-only store tests skipped: ${whyMountsUnavailable}`);

/** A data folder with one project, closed cleanly (so no -wal or -shm beside the database). */
async function folderWithOneProject(): Promise<{ dir: string; projectId: string }> {
  sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-read-only-src-'));
  h = await startEngine({ dataDir: sourceDir });
  const project = await h.call('projects.create', { name: 'Look, do not touch' });
  await h.close();
  h = undefined;
  return { dir: sourceDir, projectId: project.id };
}

/** What a read-only store must do: open, show everything, refuse every change naming why. */
async function expectReadOnly(dataDir: string, projectId: string, why: RegExp) {
  h = await startEngine({ dataDir });
  const info = SystemInfo.parse(await h.call('system.info', {}));
  expect(info.store).toMatchObject({ ok: true, path: path.join(dataDir, 'mien.sqlite') });
  expect(info.store.ok && info.store.readOnly).toMatch(why);
  expect((await h.call('projects.list', {})).map((p) => p.id)).toEqual([projectId]);
  const create = await apiErrorOf(h.call('projects.create', { name: 'Nope' }));
  expect(create.code).toBe('read_only');
  expect(create.message).toMatch(why);
  const rename = await apiErrorOf(h.call('projects.rename', { id: projectId, name: 'Nope' }));
  expect(rename.code).toBe('read_only');
  const importing = await apiErrorOf(
    h.call('assets.importBytes', { projectId, fileName: 'a.png', bytes: new Uint8Array(fs.readFileSync(ASTRONAUT)) }),
  );
  expect(importing.code).toBe('read_only');
  expect((await h.call('jobs.list', {})).length).toBe(0);
}

describe.skipIf(whyMountsUnavailable !== null)('a data folder Mien may not write', () => {
  it('on a read-only mount: opens read-only, shows the projects, refuses changes with the path and reason', async () => {
    const { dir, projectId } = await folderWithOneProject();
    const mount = mountReadOnly(dir);
    undo.push(mount.unmount);
    await expectReadOnly(mount.dir, projectId, new RegExp(`${mount.dir}.*read-only file system`));
  }, 60_000);

  it('an empty read-only folder: refused as read_only with the folder and the reason, not as corrupt', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-read-only-empty-'));
    undo.push(() => fs.rmSync(empty, { recursive: true, force: true }));
    const mount = mountReadOnly(empty);
    undo.push(mount.unmount);
    h = await startEngine({ dataDir: mount.dir });
    const info = SystemInfo.parse(await h.call('system.info', {}));
    expect(info.store).toMatchObject({ ok: false, problem: 'read_only' });
    expect(!info.store.ok && info.store.reason).toMatch(new RegExp(`${mount.dir}.*read-only file system`));
    const refused = await apiErrorOf(h.call('projects.list', {}));
    expect(refused.code).toBe('read_only');
    expect((await apiErrorOf(h.call('system.resetStore', {}))).code).toBe('read_only');
  }, 60_000);

  it('an immutable database file (chattr +i) in a writable folder: opens read-only too', async () => {
    const { dir, projectId } = await folderWithOneProject();
    const dbPath = path.join(dir, 'mien.sqlite');
    const chattr = spawnSync('chattr', ['+i', dbPath], { encoding: 'utf8' });
    if (chattr.status !== 0) {
      console.warn(`chattr +i is not supported here (${chattr.stderr.trim()}); immutable-file case not run`);
      return;
    }
    undo.push(() => spawnSync('chattr', ['-i', dbPath]));
    await expectReadOnly(dir, projectId, new RegExp(`${dbPath} cannot be written`));
  }, 60_000);
});
