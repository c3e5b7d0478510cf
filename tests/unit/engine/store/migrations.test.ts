import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersionOf } from '../../../../src/main/engine/store/migrate';
import { MIEN_APPLICATION_ID } from '../../../../src/main/engine/store/migrations';
import { latestSchemaVersion, projectSchema } from '../../../../src/main/engine/schema';
import { openProjectDatabase } from '../../../../src/main/engine/store/open-database';
import { buildDatabaseAtVersion, schemaOf, seedRowsForVersion } from './schema-fixtures';

const migrations = projectSchema.migrations;
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-migrations-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const freshSchema = (): string[] => {
  const db = buildDatabaseAtVersion(path.join(dir, 'reference.sqlite'), latestSchemaVersion);
  const schema = schemaOf(db);
  db.close();
  return schema;
};

describe('migrations', () => {
  it('are numbered 1..N without gaps', () => {
    expect(migrations.map((migration) => migration.version)).toEqual(
      Array.from({ length: migrations.length }, (_, index) => index + 1),
    );
    expect(latestSchemaVersion).toBeGreaterThanOrEqual(2);
  });

  it('migrate an empty database to the latest version with every table, WAL and foreign keys on', () => {
    const opened = openProjectDatabase(path.join(dir, 'mien.sqlite'), projectSchema);
    if (!opened.ok) throw new Error(opened.reason);
    const { db } = opened;
    expect(schemaVersionOf(db)).toBe(latestSchemaVersion);
    expect(db.pragma('application_id', { simple: true })).toBe(MIEN_APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    for (const table of ['projects', 'blobs', 'assets', 'faces', 'scenes', 'masks', 'jobs', 'renders']) {
      expect(tables).toContain(table);
    }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  for (let version = 0; version < latestSchemaVersion; version += 1) {
    it(`migrate a database from version ${version}, keeping its rows and ending with the fresh schema`, () => {
      const filePath = path.join(dir, `v${version}.sqlite`);
      const old = buildDatabaseAtVersion(filePath, version);
      seedRowsForVersion(old, version);
      expect(schemaVersionOf(old)).toBe(version);
      old.close();

      const opened = openProjectDatabase(filePath, projectSchema);
      if (!opened.ok) throw new Error(opened.reason);
      const { db } = opened;
      expect(schemaVersionOf(db)).toBe(latestSchemaVersion);
      expect(schemaOf(db)).toEqual(freshSchema());
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      if (version >= 1) {
        expect(db.prepare('SELECT name FROM projects WHERE id = ?').pluck().get('p1')).toBe('Old');
        expect(db.prepare('SELECT count(*) FROM assets').pluck().get()).toBe(1);
        expect(db.prepare('SELECT state FROM jobs WHERE id = ?').pluck().get('j1')).toBe('succeeded');
      }
      if (version >= 2) {
        // Version 7 names the scene's face by (asset, face index) and folds its tracks into timeline_json.
        const scene = db.prepare('SELECT asset_id, face_index, timeline_json FROM scenes WHERE id = ?').get('s1') as {
          asset_id: string;
          face_index: number;
          timeline_json: string;
        };
        expect(scene).toMatchObject({ asset_id: 'a1', face_index: 0 });
        expect(JSON.parse(scene.timeline_json)).toEqual([
          {
            parameter: 'rig.jawOpen',
            keyframes: [{ id: 'k1', time: 0, value: 0.5, handles: [0, 0, 1, 1], connectedRight: true, type: 'bezier' }],
          },
        ]);
      }
      db.close();
    });
  }

  it('apply each migration in its own transaction: a failing one leaves the previous version intact', () => {
    const db = new Database(path.join(dir, 'broken.sqlite'));
    const broken = [
      ...migrations.slice(0, 1),
      { version: 2, description: 'broken', sql: 'CREATE TABLE half_done (x); SELECT * FROM no_such_table;' },
    ];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(schemaVersionOf(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuse a database from a newer build without changing it', () => {
    const filePath = path.join(dir, 'future.sqlite');
    const db = buildDatabaseAtVersion(filePath, latestSchemaVersion);
    db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    db.close();
    const opened = openProjectDatabase(filePath, projectSchema);
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.reason).toMatch(/newer version of Mien/);
    const check = new Database(filePath);
    expect(schemaVersionOf(check)).toBe(latestSchemaVersion + 1);
    check.close();
  });
});
