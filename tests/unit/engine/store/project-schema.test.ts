import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProjectStore, projectSchema } from '../../../../src/main/engine/schema';
import type { CoreRepositories, ProjectStore } from '../../../../src/main/engine/store/project-store';
import { defineProjectSchema } from '../../../../src/main/engine/store/schema-definition';

const step = (description: string) => ({ description, sql: 'SELECT 1;' });

describe('defineProjectSchema', () => {
  it('accepts versions 1..N in order and names the latest', () => {
    const schema = defineProjectSchema({
      migrations: [
        { version: 1, ...step('a') },
        { version: 2, ...step('b') },
      ],
      blobReferences: [{ table: 't', column: 'c', sinceVersion: 2 }],
    });
    expect(schema.latestVersion).toBe(2);
  });

  it('refuses a gap, a repeat or a reordering, naming the migration', () => {
    const twoThenOne = [
      { version: 2, ...step('second') },
      { version: 1, ...step('first') },
    ];
    expect(() => defineProjectSchema({ migrations: twoThenOne, blobReferences: [] })).toThrow(
      /"second" has version 2 at position 1/,
    );
    const gap = [
      { version: 1, ...step('a') },
      { version: 3, ...step('skips 2') },
    ];
    expect(() => defineProjectSchema({ migrations: gap, blobReferences: [] })).toThrow(/"skips 2"/);
  });

  it('refuses a blob reference to a version the list does not have', () => {
    expect(() =>
      defineProjectSchema({
        migrations: [{ version: 1, ...step('a') }],
        blobReferences: [{ table: 'renders', column: 'output_sha256', sinceVersion: 2 }],
      }),
    ).toThrow(/renders\.output_sha256 names unknown version 2/);
  });

  it("composes the engine's schema from the store's and the features' migrations", () => {
    expect(projectSchema.migrations.map((migration) => migration.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const migration of projectSchema.migrations) expect(migration.sql.trim(), migration.description).not.toBe('');
  });
});

describe('ProjectStore repositories', () => {
  let dataDir: string;
  let store: ProjectStore;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-repositories-'));
    const opened = openProjectStore(dataDir);
    if (!opened.ok) throw new Error(opened.reason);
    store = opened.store;
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  class CountingRepo {
    static created = 0;
    constructor(
      readonly db: Database.Database,
      readonly core: CoreRepositories,
    ) {
      CountingRepo.created += 1;
    }
    projectCount(): number {
      return this.db.prepare('SELECT count(*) FROM projects').pluck().get() as number;
    }
  }

  it('creates one instance of a repository per store and hands it the core repositories', () => {
    const first = store.repository(CountingRepo);
    expect(store.repository(CountingRepo)).toBe(first);
    expect(CountingRepo.created).toBe(1);
    expect(first.core.projects).toBe(store.projects);
    store.projects.create('One');
    expect(first.projectCount()).toBe(1);
  });

  it('runs a transaction across repositories and rolls all of it back when it throws', () => {
    expect(() =>
      store.transaction(() => {
        store.projects.create('Lost');
        throw new Error('half way');
      }),
    ).toThrow('half way');
    expect(store.repository(CountingRepo).projectCount()).toBe(0);
    expect(store.transaction(() => store.projects.create('Kept').name)).toBe('Kept');
  });
});
