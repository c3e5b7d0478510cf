import type Database from 'better-sqlite3';
import { MIEN_APPLICATION_ID, type Migration } from './migrations';

export const schemaVersionOf = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number;

/**
 * Brings the database from its user_version up to `targetVersion`, one migration per transaction,
 * so a crash mid-way leaves it at the last completed version. Foreign keys are off while a
 * migration runs (the documented SQLite procedure for table rebuilds) and checked before commit.
 * Returns the versions it applied.
 */
export function migrate(db: Database.Database, migrationList: readonly Migration[], targetVersion?: number): number[] {
  const target = targetVersion ?? migrationList.length;
  const current = schemaVersionOf(db);
  if (current > migrationList.length) {
    throw new Error(`schema version ${current} is newer than this build knows (${migrationList.length})`);
  }
  const applied: number[] = [];
  const foreignKeysWereOn = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    for (const migration of migrationList.slice(current, target)) {
      db.transaction(() => {
        if (migration.version === 1) db.pragma(`application_id = ${MIEN_APPLICATION_ID}`);
        db.exec(migration.sql);
        const violations = db.pragma('foreign_key_check') as unknown[];
        if (violations.length > 0) {
          throw new Error(`migration ${migration.version} left ${violations.length} foreign key violations`);
        }
        db.pragma(`user_version = ${migration.version}`);
      })();
      applied.push(migration.version);
    }
  } finally {
    if (foreignKeysWereOn) db.pragma('foreign_keys = ON');
  }
  return applied;
}
