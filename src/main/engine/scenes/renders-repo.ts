import type Database from 'better-sqlite3';
import { ApiError, ExportSettings, type RenderRecord } from '../../../shared/api';

interface RenderRow {
  id: string;
  project_id: string;
  scene_id: string | null;
  job_id: string | null;
  format: RenderRecord['format'];
  settings_json: string;
  file_name: string;
  byte_size: number;
  width: number;
  height: number;
  frame_count: number;
  created_at: number;
}

const toRecord = (row: RenderRow): RenderRecord => ({
  id: row.id,
  projectId: row.project_id,
  sceneId: row.scene_id,
  format: row.format,
  settings: ExportSettings.parse(JSON.parse(row.settings_json)),
  fileName: row.file_name,
  byteSize: row.byte_size,
  width: row.width,
  height: row.height,
  frameCount: row.frame_count,
  createdAt: row.created_at,
});

export interface NewRender extends Omit<RenderRecord, 'createdAt'> {
  jobId: string | null;
}

/**
 * Finished exports (renders, see scenes-store-migration.ts). Rows of earlier builds without a file
 * (file_name NULL: their design kept outputs as blobs, and none was ever written) are not listed.
 */
export class RendersRepo {
  constructor(private readonly db: Database.Database) {}

  list(projectId: string): RenderRecord[] {
    const rows = this.db
      .prepare(
        'SELECT * FROM renders WHERE project_id = ? AND file_name IS NOT NULL ORDER BY created_at DESC, rowid DESC',
      )
      .all(projectId) as RenderRow[];
    return rows.map(toRecord);
  }

  get(id: string): RenderRecord {
    const row = this.db.prepare('SELECT * FROM renders WHERE id = ? AND file_name IS NOT NULL').get(id) as
      RenderRow | undefined;
    if (!row) throw new ApiError('not_found', `There is no export with id ${id}.`);
    return toRecord(row);
  }

  /** File names already taken in a project's exports folder (a new export picks a free one). */
  fileNames(projectId: string): Set<string> {
    return new Set(
      this.db
        .prepare('SELECT file_name FROM renders WHERE project_id = ? AND file_name IS NOT NULL')
        .pluck()
        .all(projectId) as string[],
    );
  }

  insert(render: NewRender, now = Date.now()): RenderRecord {
    this.db
      .prepare(
        `INSERT INTO renders (id, project_id, scene_id, job_id, format, settings_json, file_name, byte_size, width, height,
          frame_count, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        render.id,
        render.projectId,
        render.sceneId,
        render.jobId,
        render.format,
        JSON.stringify(render.settings),
        render.fileName,
        render.byteSize,
        render.width,
        render.height,
        render.frameCount,
        now,
      );
    return this.get(render.id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM renders WHERE id = ?').run(id);
  }
}
