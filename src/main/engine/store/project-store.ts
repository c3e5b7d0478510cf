import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { AssetsRepo } from './assets-repo';
import { blobPath, isSha256, promoteBlob, removeStaleStaging, type StagedBlob } from './blob-files';
import { BlobsRepo } from './blobs-repo';
import { JobsRepo } from './jobs-repo';
import { openProjectDatabase } from './open-database';
import { ProjectsRepo } from './projects-repo';
import type { ProjectSchema } from './schema-definition';

export const DATABASE_FILE = 'mien.sqlite';
export const BLOBS_FOLDER = 'blobs';

export type OpenStoreResult = { ok: true; store: ProjectStore } | { ok: false; path: string; reason: string };

/** A file staged by a job, with the MIME type its blob row will carry. */
export interface StagedFile extends StagedBlob {
  mime: string;
}

/** The store's own repositories, handed to a feature's repository that must update them too. */
export interface CoreRepositories {
  readonly projects: ProjectsRepo;
  readonly assets: AssetsRepo;
  readonly blobs: BlobsRepo;
  readonly jobs: JobsRepo;
}

/**
 * A feature's repository: the one class holding the SQL of its table family (FacesRepo for faces
 * and face_analyses, TrackSetsRepo for track_sets and track_channels, ...). Only repositories see
 * the database; `core` lets one touch a project through ProjectsRepo instead of writing its SQL.
 */
export type RepositoryClass<R> = new (db: Database.Database, core: CoreRepositories) => R;

/** Files with no row younger than this are left alone: another process may be about to record them. */
const ORPHAN_FILE_MIN_AGE_MS = 60 * 60 * 1000;

/** The project database plus the content-addressed blob folder next to it. */
export class ProjectStore implements CoreRepositories {
  readonly projects: ProjectsRepo;
  readonly assets: AssetsRepo;
  readonly blobs: BlobsRepo;
  readonly jobs: JobsRepo;

  private readonly repositories = new Map<RepositoryClass<unknown>, unknown>();

  private constructor(
    /** For the store's own code and tests; features go through repository() and transaction(). */
    readonly db: Database.Database,
    readonly dbPath: string,
    readonly blobsDir: string,
    readonly schemaVersion: number,
    schema: ProjectSchema,
  ) {
    this.projects = new ProjectsRepo(db);
    this.assets = new AssetsRepo(db);
    this.blobs = new BlobsRepo(db, schema.blobReferences);
    this.jobs = new JobsRepo(db);
  }

  /**
   * Opens <dataDir>/mien.sqlite and <dataDir>/blobs, cleaning what a killed process left half-done.
   * `schema` is the engine's composed schema (engine/schema: openProjectStore passes it).
   */
  static open(dataDir: string, options: { schema: ProjectSchema; nativeBinding?: string }): OpenStoreResult {
    const dbPath = path.join(dataDir, DATABASE_FILE);
    const opened = openProjectDatabase(dbPath, options.schema, options.nativeBinding);
    if (!opened.ok) return { ok: false, path: dbPath, reason: opened.reason };
    const store = new ProjectStore(
      opened.db,
      dbPath,
      path.join(dataDir, BLOBS_FOLDER),
      opened.schemaVersion,
      options.schema,
    );
    removeStaleStaging(store.blobsDir);
    store.collectGarbage();
    store.removeOrphanFiles(ORPHAN_FILE_MIN_AGE_MS);
    return { ok: true, store };
  }

  /** The store's one instance of a feature's repository, created on first use. */
  repository<R>(Repo: RepositoryClass<R>): R {
    let repository = this.repositories.get(Repo) as R | undefined;
    if (repository === undefined) {
      repository = new Repo(this.db, this);
      this.repositories.set(Repo, repository);
    }
    return repository;
  }

  /** Runs `work` in one transaction across repositories (inside another transaction it is a savepoint). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  blobPath(sha256: string): string {
    return blobPath(this.blobsDir, sha256);
  }

  /**
   * Moves staged files to their content-addressed names, then records their rows and whatever
   * `record` writes in one transaction. Files come first, so no row ever names a missing file.
   */
  commitFiles<T>(files: readonly StagedFile[], record: () => T): T {
    for (const file of files) promoteBlob(this.blobsDir, file);
    return this.db.transaction(() => {
      for (const file of files) this.blobs.insert(file.sha256, file.byteSize, file.mime);
      return record();
    })();
  }

  /** Drops blob rows and files nothing refers to any more (after deleting assets or projects). */
  collectGarbage(): number {
    const orphans = this.blobs.deleteUnreferenced();
    for (const sha of orphans) fs.rmSync(this.blobPath(sha), { force: true });
    return orphans.length;
  }

  /** Removes old blob files that have no row: left by a process killed between rename and commit. */
  removeOrphanFiles(minAgeMs: number): number {
    if (!fs.existsSync(this.blobsDir)) return 0;
    const known = new Set(this.blobs.allShas());
    const cutoff = Date.now() - minAgeMs;
    let removed = 0;
    for (const prefix of fs.readdirSync(this.blobsDir)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      const folder = path.join(this.blobsDir, prefix);
      for (const name of fs.readdirSync(folder)) {
        if (!isSha256(name) || known.has(name)) continue;
        const filePath = path.join(folder, name);
        if (fs.statSync(filePath).mtimeMs > cutoff) continue;
        fs.rmSync(filePath, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Renames an unusable database (and its -wal/-shm companions) to <name>.corrupt-<timestamp> so a
 * fresh one can be created; nothing is deleted. Returns the new path of the main file.
 */
export function moveDatabaseAside(dbPath: string, at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const movedTo = `${dbPath}.corrupt-${stamp}`;
  if (fs.existsSync(movedTo)) throw new Error(`${movedTo} already exists`);
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(dbPath + suffix)) fs.renameSync(dbPath + suffix, movedTo + suffix);
  }
  return movedTo;
}
