import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SystemInfo } from '../../../src/shared/api';
import { holdSqliteLock, type HeldChild } from './child-processes';
import { apiErrorOf, startEngine, type Harness } from './engine-harness';

let dataDir: string;
let h: Harness | undefined;
let holder: HeldChild | undefined;
afterEach(async () => {
  await holder?.release();
  holder = undefined;
  await h?.close();
  h = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a project database locked by another program', () => {
  it('is reported in use (not corrupt), is never offered for moving aside, and opens once the lock is released', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-locked-'));
    // A healthy database with one project, then closed.
    h = await startEngine({ dataDir });
    const project = await h.call('projects.create', { name: 'Kept' });
    await h.close();
    const dbPath = path.join(dataDir, 'mien.sqlite');
    holder = await holdSqliteLock(dbPath);

    h = await startEngine({ dataDir, storeBusyTimeoutMs: 300 });
    const info = SystemInfo.parse(await h.call('system.info', {}));
    expect(info.store).toMatchObject({ ok: false, path: dbPath, problem: 'in_use' });
    expect(!info.store.ok && info.store.reason).toMatch(/another program keeps it locked/);
    const refused = await apiErrorOf(h.call('projects.list', {}));
    expect(refused.code).toBe('store_in_use');
    expect(refused.message).toContain(dbPath);
    expect(refused.message).toMatch(/Nothing is wrong with it/);
    // Moving aside is for damaged files only: the locked file stays where it is.
    expect((await apiErrorOf(h.call('system.resetStore', {}))).code).toBe('store_in_use');
    expect(fs.readdirSync(dataDir).filter((name) => name.includes('corrupt'))).toEqual([]);

    // The other program lets go: the same engine opens it on a later call, without a restart.
    await holder.release();
    holder = undefined;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = SystemInfo.parse(await h.call('system.info', {}));
    expect(after.store).toMatchObject({ ok: true, path: dbPath, readOnly: null });
    expect((await h.call('projects.list', {})).map((p) => p.id)).toEqual([project.id]);
  }, 60_000);
});
