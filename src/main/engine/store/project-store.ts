import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ApiError, type Asset } from '../../../shared/api';
import { AssetsRepo } from './assets-repo';
import { blobPath, isSha256, promoteBlob, removeStaleStaging, type StagedBlob } from './blob-files';
import { BlobsRepo } from './blobs-repo';
import { lockDataFolder, type DataFolderLock } from './data-folder-lock';
import { JobsRepo } from './jobs-repo';
import { headerProblem, openProjectDatabase, type StoreProblem } from './open-database';
import { ProjectsRepo } from './projects-repo';
import type { ProjectSchema } from './schema-definition';

export const DATABASE_FILE = 'mien.sqlite';
export const BLOBS_FOLDER = 'blobs';

export type OpenStoreResult =
  { ok: true; store: ProjectStore } | { ok: false; path: string; problem: StoreProblem; reason: string };

export interface OpenStoreOptions {
  nativeBinding?: string;
  /** How long to wait for another connection's lock on the database (default 5000 ms). */
  busyTimeoutMs?: number;
}

/** Why Mien may not write `target` (a read-only mount, an immutable file, no permission), or null. */
const writeProblem = (target: string): string | null => {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    const why = code === 'EROFS' ? 'it is on a read-only file system' : `no permission to write it (${code})`;
    return `${target} cannot be written: ${why}`;
  }
};

/** Files in the data folder that are (or were) Mien databases besides the open one: moved-aside copies. */
const otherDatabasesIn = (dataDir: string, dbPath: string): string[] =>
  fs
    .readdirSync(dataDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.startsWith(`${DATABASE_FILE}.`))
    .filter((entry) => !/-(wal|shm|journal)$/.test(entry.name))
    .map((entry) => path.join(dataDir, entry.name))
    .filter((file) => file !== dbPath);

/** A file staged by a job, with the MIME type its blob row will carry. */
export interface StagedFile extends StagedBlob {
  mime: string;
}

/** The error for an asset whose file was deleted or moved outside Mien; the UI offers Re-import and Remove. */
export const fileMissingError = (asset: Asset, file: string): ApiError =>
  new ApiError(
    'file_missing',
    `The file behind this ${asset.kind === 'video' ? 'video' : 'photo'} (${asset.originalName}) is missing: ` +
      `${file} was deleted or moved outside Mien. Re-import it or remove it from the project.`,
    { assetId: asset.id, projectId: asset.projectId, path: file },
  );

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
    /** Why the store is open read-only (nothing may be written), or null. */
    readonly readOnly: string | null,
    private readonly lock: DataFolderLock | null,
    private readonly disposeDatabase: () => void,
    schema: ProjectSchema,
  ) {
    this.projects = new ProjectsRepo(db);
    this.assets = new AssetsRepo(db);
    this.blobs = new BlobsRepo(db, schema.blobReferences);
    this.jobs = new JobsRepo(db);
  }

  /**
   * Opens <dataDir>/mien.sqlite and <dataDir>/blobs, cleaning what a killed process left half-done.
   * Takes the data folder's lock first: while another live process holds it, nothing is opened or
   * cleaned ('in_use'). A folder or file Mien may not write is opened read-only and never cleaned.
   * `schema` is the engine's composed schema (engine/schema: openProjectStore passes it).
   */
  static open(dataDir: string, options: OpenStoreOptions & { schema: ProjectSchema }): OpenStoreResult {
    const dbPath = path.join(dataDir, DATABASE_FILE);
    const readOnly = writeProblem(dataDir) ?? writeProblem(dbPath);
    let lock: DataFolderLock | null = null;
    if (!readOnly) {
      try {
        fs.mkdirSync(dataDir, { recursive: true });
      } catch (error) {
        return {
          ok: false,
          path: dbPath,
          problem: 'read_only',
          reason: `${dataDir} cannot be created (${(error as Error).message})`,
        };
      }
      const locked = lockDataFolder(dataDir);
      if (!locked.ok) return { ok: false, path: dbPath, problem: 'in_use', reason: `the folder is ${locked.message}` };
      lock = locked.lock;
    }
    const opened = openProjectDatabase(dbPath, options.schema, { ...options, readOnly });
    if (!opened.ok) {
      lock?.release();
      return { ok: false, path: dbPath, problem: opened.problem, reason: opened.reason };
    }
    const store = new ProjectStore(
      opened.db,
      dbPath,
      path.join(dataDir, BLOBS_FOLDER),
      opened.schemaVersion,
      opened.readOnly,
      lock,
      opened.dispose,
      options.schema,
    );
    if (!store.readOnly) {
      removeStaleStaging(store.blobsDir);
      store.collectGarbage();
      store.removeOrphanFiles(ORPHAN_FILE_MIN_AGE_MS);
    }
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

  /** The first of an asset's files that is gone (deleted or moved outside Mien), or null when all are there. */
  missingFileOf(asset: Asset): string | null {
    for (const sha of [asset.originalSha256, asset.workingSha256, asset.thumbnailSha256]) {
      const file = this.blobPath(sha);
      if (!fs.existsSync(file)) return file;
    }
    return null;
  }

  /**
   * Path of an asset's working file, for work that reads it. Throws ApiError('file_missing') when
   * it is gone, instead of letting a decoder fail with "Input file is missing" or "No video stream".
   */
  workingFileOf(asset: Asset): string {
    const file = this.blobPath(asset.workingSha256);
    if (!fs.existsSync(file)) throw fileMissingError(asset, file);
    return file;
  }

  /** Refuses (file_missing) when any file behind the project's assets is gone: a copy would share the dangling reference. */
  requireProjectFiles(projectId: string): void {
    for (const asset of this.assets.list(projectId)) {
      const missing = this.missingFileOf(asset);
      if (missing) throw fileMissingError(asset, missing);
    }
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

  /**
   * Drops blob rows nothing refers to any more (after deleting assets or projects), and their files
   * where no other database of the folder may still name them (see blobsKnownElsewhere).
   */
  collectGarbage(): number {
    const orphans = this.blobs.deleteUnreferenced();
    const elsewhere = orphans.length > 0 ? this.blobsKnownElsewhere() : new Set<string>();
    for (const sha of orphans) {
      if (elsewhere && !elsewhere.has(sha)) fs.rmSync(this.blobPath(sha), { force: true });
    }
    return orphans.length;
  }

  /**
   * The blobs named by the other databases in the data folder (copies moved aside, by this version
   * with their own blob folder or by an older one that left the files here), or null when one of
   * them cannot be read: then no file can be proven unreferenced, and none is deleted.
   */
  private blobsKnownElsewhere(): Set<string> | null {
    const known = new Set<string>();
    for (const file of otherDatabasesIn(path.dirname(this.dbPath), this.dbPath)) {
      // Moved aside by moveDatabaseAside with its blob folder: it names files there, not here.
      if (fs.existsSync(`${file}-${BLOBS_FOLDER}`)) continue;
      let other: Database.Database | undefined;
      try {
        // A file that is not SQLite is never handed to SQLite (it could write a -shm beside it).
        const notSqlite = headerProblem(file);
        if (notSqlite) throw new Error(notSqlite);
        other = new Database(file, { readonly: true, fileMustExist: true });
        for (const sha of other.prepare('SELECT sha256 FROM blobs').pluck().all() as string[]) known.add(sha);
      } catch (error) {
        console.warn(
          `[engine] ${file} cannot be read (${(error as Error).message}); ` +
            'no blob file is deleted while it may still refer to them',
        );
        return null;
      } finally {
        other?.close();
      }
    }
    return known;
  }

  /** Removes old blob files that have no row here or in another database of the folder: left by a process killed between rename and commit. */
  removeOrphanFiles(minAgeMs: number): number {
    if (!fs.existsSync(this.blobsDir)) return 0;
    const elsewhere = this.blobsKnownElsewhere();
    if (!elsewhere) return 0;
    const known = new Set([...this.blobs.allShas(), ...elsewhere]);
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
    this.disposeDatabase();
    this.lock?.release();
  }
}

/**
 * Renames an unusable database (and its -wal/-shm companions) to <name>.corrupt-<timestamp>, and
 * its blob folder to <name>.corrupt-<timestamp>-blobs, so a fresh one can be created; nothing is
 * deleted, and the photos stay beside the database that names them (a fresh database would see
 * them as files nobody refers to). Returns the new paths.
 */
export function moveDatabaseAside(
  dbPath: string,
  at: Date = new Date(),
): { movedTo: string; blobsMovedTo: string | null } {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const movedTo = `${dbPath}.corrupt-${stamp}`;
  const blobsDir = path.join(path.dirname(dbPath), BLOBS_FOLDER);
  const blobsMovedTo = `${movedTo}-${BLOBS_FOLDER}`;
  for (const target of [movedTo, blobsMovedTo]) {
    if (fs.existsSync(target)) throw new Error(`${target} already exists`);
  }
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(dbPath + suffix)) fs.renameSync(dbPath + suffix, movedTo + suffix);
  }
  if (!fs.existsSync(blobsDir)) return { movedTo, blobsMovedTo: null };
  fs.renameSync(blobsDir, blobsMovedTo);
  return { movedTo, blobsMovedTo };
}
