import type Database from 'better-sqlite3';
import { ApiError, type Asset, type AssetKind } from '../../../shared/api';

interface AssetRow {
  id: string;
  project_id: string;
  kind: AssetKind;
  original_name: string;
  mime: string;
  byte_size: number;
  original_sha256: string;
  working_sha256: string;
  thumbnail_sha256: string;
  width: number;
  height: number;
  working_width: number;
  working_height: number;
  created_at: number;
  /** Video columns (migration 5); undefined on an older schema, NULL for photos. */
  duration_ms?: number | null;
  fps?: number | null;
  frame_count?: number | null;
}

const toAsset = (row: AssetRow): Asset => ({
  id: row.id,
  projectId: row.project_id,
  kind: row.kind,
  originalName: row.original_name,
  mime: row.mime,
  byteSize: row.byte_size,
  originalSha256: row.original_sha256,
  workingSha256: row.working_sha256,
  thumbnailSha256: row.thumbnail_sha256,
  width: row.width,
  height: row.height,
  workingWidth: row.working_width,
  workingHeight: row.working_height,
  createdAt: row.created_at,
  ...(row.kind === 'video'
    ? { durationMs: row.duration_ms ?? null, fps: row.fps ?? null, frameCount: row.frame_count ?? null }
    : {}),
});

/** Assets of a project. Inserting requires its blobs' rows to exist (foreign keys). */
export class AssetsRepo {
  constructor(private readonly db: Database.Database) {}

  list(projectId: string): Asset[] {
    const rows = this.db
      .prepare('SELECT * FROM assets WHERE project_id = ? ORDER BY created_at, rowid')
      .all(projectId) as AssetRow[];
    return rows.map(toAsset);
  }

  find(id: string): Asset | null {
    const row = this.db.prepare('SELECT * FROM assets WHERE id = ?').get(id) as AssetRow | undefined;
    return row ? toAsset(row) : null;
  }

  get(id: string): Asset {
    const asset = this.find(id);
    if (!asset) throw new ApiError('not_found', `There is no asset with id ${id}.`);
    return asset;
  }

  insert(asset: Asset): void {
    const { durationMs, fps, frameCount, ...columns } = asset;
    this.db
      .prepare(
        `INSERT INTO assets (id, project_id, kind, original_name, mime, byte_size, original_sha256, working_sha256,
          thumbnail_sha256, width, height, working_width, working_height, created_at)
        VALUES (@id, @projectId, @kind, @originalName, @mime, @byteSize, @originalSha256, @workingSha256,
          @thumbnailSha256, @width, @height, @workingWidth, @workingHeight, @createdAt)`,
      )
      .run(columns);
    if (asset.kind === 'video') {
      this.db
        .prepare('UPDATE assets SET duration_ms = ?, fps = ?, frame_count = ? WHERE id = ?')
        .run(durationMs ?? null, fps ?? null, frameCount ?? null, asset.id);
    }
  }

  /** Points a re-imported asset at the working copy and thumbnail its import made (the original is the same file). */
  replaceDerivedFiles(id: string, workingSha256: string, thumbnailSha256: string): void {
    const changed = this.db
      .prepare('UPDATE assets SET working_sha256 = ?, thumbnail_sha256 = ? WHERE id = ?')
      .run(workingSha256, thumbnailSha256, id).changes;
    if (changed === 0) throw new ApiError('not_found', `There is no asset with id ${id}.`);
  }

  delete(id: string): void {
    const changed = this.db.prepare('DELETE FROM assets WHERE id = ?').run(id).changes;
    if (changed === 0) throw new ApiError('not_found', `There is no asset with id ${id}.`);
  }
}
