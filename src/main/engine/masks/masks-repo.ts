import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { MaskInfo } from '../../../shared/api';
import { MASK_ATLAS_SIZE } from '../../../shared/masks';
import type { CoreRepositories } from '../store';

interface MaskRow {
  scene_id: string;
  layer: string;
  blob_sha256: string;
  width: number;
  height: number;
  updated_at: number;
  byte_size: number;
}

const toInfo = (row: MaskRow): MaskInfo => ({
  sceneId: row.scene_id,
  layer: row.layer,
  sha256: row.blob_sha256,
  width: MASK_ATLAS_SIZE,
  height: MASK_ATLAS_SIZE,
  byteSize: row.byte_size,
  updatedAt: row.updated_at,
});

const SELECT = `SELECT m.scene_id, m.layer, m.blob_sha256, m.width, m.height, m.updated_at, b.byte_size
  FROM masks m JOIN blobs b ON b.sha256 = m.blob_sha256`;

/** Per-layer masks of scenes (the masks table of schema v2); the pixels are blobs. */
export class MasksRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly core: CoreRepositories,
  ) {}

  list(sceneId: string): MaskInfo[] {
    return (this.db.prepare(`${SELECT} WHERE m.scene_id = ? ORDER BY m.layer`).all(sceneId) as MaskRow[]).map(toInfo);
  }

  get(sceneId: string, layer: string): MaskInfo | null {
    const row = this.db.prepare(`${SELECT} WHERE m.scene_id = ? AND m.layer = ?`).get(sceneId, layer) as
      MaskRow | undefined;
    return row ? toInfo(row) : null;
  }

  /** Points a layer's mask at a stored blob (replacing any earlier one) and touches the project. */
  set(projectId: string, sceneId: string, layer: string, sha256: string, now = Date.now()): MaskInfo {
    this.db
      .prepare(
        `INSERT INTO masks (id, scene_id, layer, blob_sha256, width, height, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (scene_id, layer) DO UPDATE SET blob_sha256 = excluded.blob_sha256,
           width = excluded.width, height = excluded.height, updated_at = excluded.updated_at`,
      )
      .run(randomUUID(), sceneId, layer, sha256, MASK_ATLAS_SIZE, MASK_ATLAS_SIZE, now);
    this.core.projects.touch(projectId, now);
    return this.get(sceneId, layer)!;
  }

  /** Removes a layer's mask; false when it had none. */
  clear(projectId: string, sceneId: string, layer: string, now = Date.now()): boolean {
    const removed =
      this.db.prepare('DELETE FROM masks WHERE scene_id = ? AND layer = ?').run(sceneId, layer).changes > 0;
    if (removed) this.core.projects.touch(projectId, now);
    return removed;
  }
}
