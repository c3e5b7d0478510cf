import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

type Row = Record<string, unknown>;
type IdMap = Map<string, string>;

/** Inserts `row` into `table`, with the columns named in `overrides` replaced. */
const insertRow = (db: Database.Database, table: string, row: Row, overrides: Row): void => {
  const merged = { ...row, ...overrides };
  const columns = Object.keys(merged);
  db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`).run(
    merged,
  );
};

/** Copies every row of `rows` with a fresh id, remembering old -> new ids for the rows that point at them. */
const copyRows = (db: Database.Database, table: string, rows: Row[], overridesFor: (row: Row) => Row): IdMap => {
  const ids: IdMap = new Map();
  for (const row of rows) {
    const newId = randomUUID();
    ids.set(String(row.id), newId);
    insertRow(db, table, row, { id: newId, ...overridesFor(row) });
  }
  return ids;
};

const remap = (ids: IdMap, value: unknown): string | null => (value == null ? null : (ids.get(String(value)) ?? null));

/**
 * Copies a project's assets, faces, scenes, masks, tracks and keyframes into another project,
 * rewriting every id and every reference between the copied rows. Jobs and renders stay with the
 * original: they record work done there. Must run inside the caller's transaction.
 */
export function copyProjectContents(db: Database.Database, fromProjectId: string, toProjectId: string): void {
  const assets = db.prepare('SELECT * FROM assets WHERE project_id = ? ORDER BY rowid').all(fromProjectId) as Row[];
  const assetIds = copyRows(db, 'assets', assets, () => ({ project_id: toProjectId }));

  const faces = db
    .prepare('SELECT f.* FROM faces f JOIN assets a ON a.id = f.asset_id WHERE a.project_id = ? ORDER BY f.rowid')
    .all(fromProjectId) as Row[];
  const faceIds = copyRows(db, 'faces', faces, (row) => ({ asset_id: remap(assetIds, row.asset_id) }));

  const scenes = db.prepare('SELECT * FROM scenes WHERE project_id = ? ORDER BY rowid').all(fromProjectId) as Row[];
  const sceneIds = copyRows(db, 'scenes', scenes, (row) => ({
    project_id: toProjectId,
    active_face_id: remap(faceIds, row.active_face_id),
  }));

  for (const [oldSceneId, newSceneId] of sceneIds) {
    const masks = db.prepare('SELECT * FROM masks WHERE scene_id = ? ORDER BY rowid').all(oldSceneId) as Row[];
    copyRows(db, 'masks', masks, () => ({ scene_id: newSceneId }));
    const tracks = db.prepare('SELECT * FROM tracks WHERE scene_id = ? ORDER BY rowid').all(oldSceneId) as Row[];
    const trackIds = copyRows(db, 'tracks', tracks, () => ({ scene_id: newSceneId }));
    for (const [oldTrackId, newTrackId] of trackIds) {
      const keyframes = db
        .prepare('SELECT * FROM keyframes WHERE track_id = ? ORDER BY rowid')
        .all(oldTrackId) as Row[];
      copyRows(db, 'keyframes', keyframes, () => ({ track_id: newTrackId }));
    }
  }
}
