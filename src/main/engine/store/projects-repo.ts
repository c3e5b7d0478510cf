import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ApiError, type Project } from '../../../shared/api';
import { copyProjectContents } from './copy-project';

interface ProjectRow {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
  asset_count: number;
  photo_count: number;
  video_count: number;
  track_file_count: number;
  thumbnail_sha256: string | null;
}

const SELECT_PROJECTS = `
  SELECT p.id, p.name, p.created_at, p.updated_at,
    (SELECT count(*) FROM assets a WHERE a.project_id = p.id) AS asset_count,
    (SELECT count(*) FROM assets a WHERE a.project_id = p.id AND a.kind != 'video') AS photo_count,
    (SELECT count(*) FROM assets a WHERE a.project_id = p.id AND a.kind = 'video') AS video_count,
    (SELECT count(*) FROM track_sets t WHERE t.project_id = p.id AND t.source_kind != 'video') AS track_file_count,
    (SELECT a.thumbnail_sha256 FROM assets a WHERE a.project_id = p.id AND a.kind = 'portrait'
      ORDER BY a.created_at, a.rowid LIMIT 1) AS thumbnail_sha256
  FROM projects p`;

const toProject = (row: ProjectRow): Project => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  assetCount: row.asset_count,
  photoCount: row.photo_count,
  videoCount: row.video_count,
  trackFileCount: row.track_file_count,
  thumbnailSha256: row.thumbnail_sha256,
});

/** Projects: the library's rows, with what they hold (photos, videos, track files) and the first portrait's thumbnail. */
export class ProjectsRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {}

  list(): Project[] {
    const rows = this.db.prepare(`${SELECT_PROJECTS} ORDER BY p.updated_at DESC, p.rowid DESC`).all() as ProjectRow[];
    return rows.map(toProject);
  }

  find(id: string): Project | null {
    const row = this.db.prepare(`${SELECT_PROJECTS} WHERE p.id = ?`).get(id) as ProjectRow | undefined;
    return row ? toProject(row) : null;
  }

  /** Like find, but a missing project is the API's not_found error. */
  get(id: string): Project {
    const project = this.find(id);
    if (!project) throw new ApiError('not_found', `There is no project with id ${id}.`);
    return project;
  }

  create(name: string): Project {
    const id = randomUUID();
    const at = this.now();
    this.db
      .prepare('INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(id, name, at, at);
    return this.get(id);
  }

  rename(id: string, name: string): Project {
    const changed = this.db
      .prepare('UPDATE projects SET name = ?, updated_at = ? WHERE id = ?')
      .run(name, this.now(), id).changes;
    if (changed === 0) throw new ApiError('not_found', `There is no project with id ${id}.`);
    return this.get(id);
  }

  /** Marks a project as changed (now, or at `at`): an asset, a track set, ... was added or removed. */
  touch(id: string, at: number = this.now()): void {
    this.db.prepare('UPDATE projects SET updated_at = ? WHERE id = ?').run(at, id);
  }

  /**
   * Copies a project with all its rows under new ids, in one transaction. Files are not copied:
   * blobs are shared by content hash.
   */
  duplicate(id: string): Project {
    const newId = this.db.transaction(() => {
      const source = this.get(id);
      const copyId = randomUUID();
      const at = this.now();
      this.db
        .prepare('INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)')
        .run(copyId, copyName(source.name), at, at);
      copyProjectContents(this.db, id, copyId);
      return copyId;
    })();
    return this.get(newId);
  }

  /** Deletes a project; assets, faces, scenes, tracks, keyframes, renders and jobs go with it (ON DELETE CASCADE). */
  delete(id: string): void {
    const changed = this.db.prepare('DELETE FROM projects WHERE id = ?').run(id).changes;
    if (changed === 0) throw new ApiError('not_found', `There is no project with id ${id}.`);
  }
}

/** "Portrait" -> "Portrait (copy)"; a copy of a copy keeps one suffix and stays within the 200-char limit. */
export const copyName = (name: string): string => `${name.replace(/ \(copy\)$/, '').slice(0, 190)} (copy)`;
