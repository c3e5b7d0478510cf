import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIEN_APPLICATION_ID } from './migrations';
import type { ProjectSchema } from './schema-definition';
import { migrate, schemaVersionOf } from './migrate';

export type OpenDatabaseResult =
  { ok: true; db: Database.Database; schemaVersion: number } | { ok: false; reason: string };

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Reads the first bytes without SQLite, so a foreign file is never touched by a write. */
const headerProblem = (filePath: string): string | null => {
  const size = fs.statSync(filePath).size;
  if (size === 0) return null; // SQLite treats an empty file as a new database
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(filePath, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head.equals(SQLITE_HEADER) ? null : 'it is not a SQLite database (its first bytes are not a SQLite header)';
};

/** Why an existing SQLite file is not a Mien database we can use, or null when it is. Reads only. */
const ownershipProblem = (db: Database.Database, latestSchemaVersion: number): string | null => {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = schemaVersionOf(db);
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{
      name: string;
    }>
  ).map((row) => row.name);
  if (applicationId !== 0 && applicationId !== MIEN_APPLICATION_ID) {
    return `it belongs to another application (application_id 0x${applicationId.toString(16)})`;
  }
  if (applicationId === 0 && (version > 0 || tables.length > 0)) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', ...' : '');
    return `it is a SQLite database of another application (tables: ${shown || 'none'})`;
  }
  if (version > latestSchemaVersion) {
    return `it was written by a newer version of Mien (schema ${version}; this version knows up to ${latestSchemaVersion})`;
  }
  const check = db.pragma('quick_check(1)', { simple: true });
  if (check !== 'ok') return `SQLite reports damage in it (${String(check)})`;
  return null;
};

/**
 * Opens (creating if needed) the project database, refusing corrupt or foreign files without
 * modifying or deleting them: the caller reports the reason and offers to move the file aside.
 */
export function openProjectDatabase(
  filePath: string,
  schema: ProjectSchema,
  nativeBinding?: string,
): OpenDatabaseResult {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const existed = fs.existsSync(filePath);
  if (existed) {
    const problem = headerProblem(filePath);
    if (problem) return { ok: false, reason: problem };
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(filePath, nativeBinding ? { nativeBinding } : {});
    if (existed) {
      const problem = ownershipProblem(db, schema.latestVersion);
      if (problem) {
        db.close();
        return { ok: false, reason: problem };
      }
    }
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a killed process (only power loss may drop the last commit).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, schema.migrations);
    return { ok: true, db, schemaVersion: schemaVersionOf(db) };
  } catch (error) {
    db?.close();
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `SQLite could not open it (${message})` };
  }
}
