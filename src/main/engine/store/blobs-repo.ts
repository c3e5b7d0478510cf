import type Database from 'better-sqlite3';
import type { BlobReference } from './migrations';

/** Rows describing the content-addressed files; a row exists only once its file is in place. */
export class BlobsRepo {
  constructor(
    private readonly db: Database.Database,
    /** Every column that names blobs (ProjectSchema.blobReferences). */
    private readonly blobReferences: readonly BlobReference[],
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a blob (idempotent: the same content stored twice is one row). */
  insert(sha256: string, byteSize: number, mime: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO blobs (sha256, byte_size, mime, created_at) VALUES (?, ?, ?, ?)')
      .run(sha256, byteSize, mime, this.now());
  }

  mimeOf(sha256: string): string | null {
    const row = this.db.prepare('SELECT mime FROM blobs WHERE sha256 = ?').get(sha256) as { mime: string } | undefined;
    return row?.mime ?? null;
  }

  has(sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').get(sha256) !== undefined;
  }

  allShas(): string[] {
    return (this.db.prepare('SELECT sha256 FROM blobs').pluck().all() as string[]).slice();
  }

  /** Deletes the rows of blobs nothing refers to any more and returns their hashes (the caller removes the files). */
  deleteUnreferenced(): string[] {
    const referenced = this.blobReferences
      .map(({ table, column }) => `SELECT ${column} FROM ${table} WHERE ${column} IS NOT NULL`)
      .join(' UNION ');
    return this.db.transaction(() => {
      const orphans = this.db
        .prepare(`SELECT sha256 FROM blobs WHERE sha256 NOT IN (${referenced})`)
        .pluck()
        .all() as string[];
      const remove = this.db.prepare('DELETE FROM blobs WHERE sha256 = ?');
      for (const sha of orphans) remove.run(sha);
      return orphans;
    })();
  }
}
