import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIEN_APPLICATION_ID } from './migrations';
import type { ProjectSchema } from './schema-definition';
import { migrate, schemaVersionOf } from './migrate';

/** Why a database is not open: damaged or foreign, held by another process, or not writable where it must be. */
export type StoreProblem = 'corrupt' | 'in_use' | 'read_only' | 'disk_full';

export type OpenDatabaseResult =
  | {
      ok: true;
      db: Database.Database;
      schemaVersion: number;
      /** Why it was opened read-only (a private snapshot, writes refused), or null when writable. */
      readOnly: string | null;
      /** Removes what opening made besides the database (the read-only snapshot); call after closing it. */
      dispose(): void;
    }
  | { ok: false; problem: StoreProblem; reason: string };

export interface OpenDatabaseOptions {
  nativeBinding?: string;
  /** How long to wait for another connection's lock before calling the database in use (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Open it read-only for this reason (the caller found the folder or file not writable). */
  readOnly?: string | null;
}

const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY']);
const isBusy = (error: unknown): boolean => BUSY_CODES.has(String((error as { code?: unknown }).code));
const isReadOnlyFailure = (error: unknown): boolean => {
  const code = String((error as { code?: unknown }).code);
  return code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM';
};
const isDiskFull = (error: unknown): boolean =>
  ['SQLITE_FULL', 'ENOSPC', 'EDQUOT'].includes(String((error as { code?: unknown }).code));
/** SQLite reports a full disk while setting up WAL's shared memory as a plain I/O error: ask the file system. */
const diskHasNoRoom = (folder: string): boolean => {
  try {
    return fs.statfsSync(folder).bavail === 0;
  } catch {
    return false;
  }
};
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Reads the first bytes without SQLite, so a foreign file is never touched by a write. */
export const headerProblem = (filePath: string): string | null => {
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
 * A database another connection keeps locked past the busy timeout is "in use", never "corrupt";
 * one that cannot be written is opened read-only (see openReadOnlySnapshot).
 */
export function openProjectDatabase(
  filePath: string,
  schema: ProjectSchema,
  options: OpenDatabaseOptions = {},
): OpenDatabaseResult {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const existed = fs.existsSync(filePath);
  if (existed) {
    const problem = headerProblem(filePath);
    if (problem) return { ok: false, problem: 'corrupt', reason: problem };
  }
  if (options.readOnly) return openReadOnlySnapshot(filePath, schema, existed, options.readOnly, options.nativeBinding);
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  let db: Database.Database | undefined;
  try {
    db = new Database(filePath, {
      timeout: busyTimeoutMs,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    if (existed) {
      const problem = ownershipProblem(db, schema.latestVersion);
      if (problem) {
        db.close();
        return { ok: false, problem: 'corrupt', reason: problem };
      }
    }
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a killed process (only power loss may drop the last commit).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, schema.migrations);
    // A write that changes nothing: SQLite silently opens a file it may not write read-only, and
    // only a write tells (an immutable file, a file of another user); better here than mid-job.
    // A full disk refuses it too, but that is not read-only: each later write says disk_full.
    try {
      db.pragma(`user_version = ${schemaVersionOf(db)}`);
    } catch (error) {
      if (!isDiskFull(error)) throw error;
    }
    return { ok: true, db, schemaVersion: schemaVersionOf(db), readOnly: null, dispose: () => undefined };
  } catch (error) {
    db?.close();
    if (isBusy(error)) {
      return {
        ok: false,
        problem: 'in_use',
        reason:
          `another program keeps it locked (SQLite still reported it busy after ${busyTimeoutMs / 1000} s); ` +
          'close the program using it, then try again',
      };
    }
    const ioError = String((error as { code?: unknown }).code).startsWith('SQLITE_IOERR');
    if (isDiskFull(error) || (ioError && diskHasNoRoom(path.dirname(filePath)))) {
      return {
        ok: false,
        problem: 'disk_full',
        reason: `the disk holding it is full, so it cannot be opened (${messageOf(error)}); free some space, then try again`,
      };
    }
    if (isReadOnlyFailure(error) && existed) {
      return openReadOnlySnapshot(
        filePath,
        schema,
        existed,
        `${filePath} cannot be written (${messageOf(error)})`,
        options.nativeBinding,
      );
    }
    return { ok: false, problem: 'corrupt', reason: `SQLite could not open it (${messageOf(error)})` };
  }
}

/**
 * A database in a place Mien may not write. SQLite cannot open a WAL database read-only where it
 * may not create the -shm file beside it (and better-sqlite3 takes no URI, so no immutable=1), so
 * the file (and a -wal left by a process that did not close) is copied to a private folder and
 * that copy is opened with query_only on: everything can be read, nothing can be written, and the
 * user's file is never touched.
 */
function openReadOnlySnapshot(
  filePath: string,
  schema: ProjectSchema,
  existed: boolean,
  why: string,
  nativeBinding: string | undefined,
): OpenDatabaseResult {
  if (!existed) {
    return { ok: false, problem: 'read_only', reason: `${why}, so Mien cannot create its database there` };
  }
  const snapshotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-read-only-'));
  const dispose = () => fs.rmSync(snapshotDir, { recursive: true, force: true });
  let db: Database.Database | undefined;
  try {
    const copy = path.join(snapshotDir, path.basename(filePath));
    fs.copyFileSync(filePath, copy);
    if (fs.existsSync(`${filePath}-wal`)) fs.copyFileSync(`${filePath}-wal`, `${copy}-wal`);
    db = new Database(copy, nativeBinding ? { nativeBinding } : {});
    const problem = ownershipProblem(db, schema.latestVersion);
    if (problem) {
      db.close();
      dispose();
      return { ok: false, problem: 'corrupt', reason: problem };
    }
    const version = schemaVersionOf(db);
    if (version < schema.latestVersion) {
      db.close();
      dispose();
      return {
        ok: false,
        problem: 'read_only',
        reason: `it must be upgraded (schema ${version} to ${schema.latestVersion}) but ${why}`,
      };
    }
    db.pragma('foreign_keys = ON');
    db.pragma('query_only = ON');
    return { ok: true, db, schemaVersion: version, readOnly: why, dispose };
  } catch (error) {
    db?.close();
    dispose();
    return {
      ok: false,
      problem: 'read_only',
      reason: `${why}, and a read-only copy could not be opened (${messageOf(error)})`,
    };
  }
}
