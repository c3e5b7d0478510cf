import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SystemInfo } from '../../../src/shared/api';
import { apiErrorOf, startEngine, type Harness } from './engine-harness';

let dataDir: string;
let h: Harness | undefined;
const dbPath = () => path.join(dataDir, 'mien.sqlite');
const hashOf = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-corrupt-'));
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Starts an engine on a data folder whose database file was replaced by `write`, and checks it runs degraded. */
const startDegraded = async (write: (file: string) => void, reason: RegExp) => {
  write(dbPath());
  const before = hashOf(dbPath());
  h = await startEngine({ dataDir });
  const info = SystemInfo.parse(await h.call('system.info', {}));
  expect(info.store).toEqual({ ok: false, path: dbPath(), problem: 'corrupt', reason: expect.stringMatching(reason) });
  const error = await apiErrorOf(h.call('projects.list', {}));
  expect(error.code).toBe('store_corrupt');
  expect(error.message).toContain(dbPath());
  expect((await apiErrorOf(h.call('jobs.list', {}))).code).toBe('store_corrupt');
  expect((await apiErrorOf(h.call('assets.list', { projectId: 'x' }))).code).toBe('store_corrupt');
  // Pings still work: the UI can show the error and the way out.
  expect((await h.call('system.ping', { sentAt: 1 })).sentAt).toBe(1);
  expect(hashOf(dbPath())).toBe(before);
  return before;
};

describe('an unusable project database', () => {
  it('made of random bytes: degraded, file untouched; resetStore moves it aside and starts fresh', async () => {
    const originalHash = await startDegraded(
      (file) => fs.writeFileSync(file, randomBytes(8192)),
      /not a SQLite database/,
    );
    fs.writeFileSync(`${dbPath()}-wal`, 'stale wal');
    fs.writeFileSync(`${dbPath()}-shm`, 'stale shm');

    const { movedTo } = await h!.call('system.resetStore', {});
    expect(movedTo).toMatch(/mien\.sqlite\.corrupt-\d{4}-\d{2}-\d{2}T/);
    expect(hashOf(movedTo)).toBe(originalHash);
    expect(fs.readFileSync(`${movedTo}-wal`, 'utf8')).toBe('stale wal');
    expect(fs.readFileSync(`${movedTo}-shm`, 'utf8')).toBe('stale shm');

    const info = SystemInfo.parse(await h!.call('system.info', {}));
    expect(info.store).toMatchObject({ ok: true, path: dbPath() });
    const project = await h!.call('projects.create', { name: 'Fresh start' });
    expect((await h!.call('projects.list', {})).map((p) => p.id)).toEqual([project.id]);
    expect(h!.events.some((e) => e.event === 'projects.changed')).toBe(true);
  });

  it('of another application: refused by its tables, never migrated', async () => {
    await startDegraded((file) => {
      const foreign = new Database(file);
      foreign.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada');");
      foreign.close();
    }, /another application \(tables: contacts\)/);
    const check = new Database(dbPath(), { readonly: true });
    expect(check.prepare('SELECT name FROM contacts').pluck().get()).toBe('Ada');
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    check.close();
  });

  it('with another application id', async () => {
    await startDegraded((file) => {
      const foreign = new Database(file);
      foreign.pragma('application_id = 1234');
      foreign.exec('CREATE TABLE t (x)');
      foreign.close();
    }, /application_id 0x4d2/);
  });

  it('damaged inside (a Mien database with overwritten pages)', async () => {
    await startDegraded((file) => {
      const db = new Database(file);
      db.pragma('journal_mode = DELETE');
      db.exec('CREATE TABLE filler (x TEXT); PRAGMA application_id = 1296647502; PRAGMA user_version = 2;');
      const insert = db.prepare('INSERT INTO filler VALUES (?)');
      db.transaction(() => {
        for (let index = 0; index < 2000; index += 1) insert.run('x'.repeat(200));
      })();
      db.close();
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, randomBytes(4096 * 4), 0, 4096 * 4, 4096 * 2);
      fs.closeSync(fd);
    }, /damage|malformed|SQLite could not open/);
  });

  it('refuses resetStore on a healthy store', async () => {
    h = await startEngine({ dataDir });
    expect((await apiErrorOf(h.call('system.resetStore', {}))).code).toBe('conflict');
  });
});
