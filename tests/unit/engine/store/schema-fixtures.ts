import Database from 'better-sqlite3';
import { migrate } from '../../../../src/main/engine/store/migrate';
import { projectSchema } from '../../../../src/main/engine/schema';

const { migrations } = projectSchema;

/**
 * Builds a database exactly as an older build of Mien left it: the migration list applied up to
 * `version` (0 = an empty file). Because migrations are append-only, this is every earlier
 * release's schema without keeping binary fixture files in the repository.
 */
export function buildDatabaseAtVersion(filePath: string, version: number): Database.Database {
  if (version < 0 || version > migrations.length) throw new Error(`no schema version ${version}`);
  const db = new Database(filePath);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations, version);
  return db;
}

/** Rows a user of that version could have made, so a migration test can check nothing is lost. */
export function seedRowsForVersion(db: Database.Database, version: number): void {
  const at = 1_700_000_000_000;
  if (version >= 1) {
    db.prepare('INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run('p1', 'Old', at, at);
    db.prepare('INSERT INTO blobs (sha256, byte_size, mime, created_at) VALUES (?, ?, ?, ?)').run(
      'a'.repeat(64),
      3,
      'image/png',
      at,
    );
    db.prepare(
      `INSERT INTO assets (id, project_id, kind, original_name, mime, byte_size, original_sha256, working_sha256,
        thumbnail_sha256, width, height, working_width, working_height, created_at)
      VALUES ('a1', 'p1', 'portrait', 'me.png', 'image/png', 3, ?, ?, ?, 10, 20, 10, 20, ?)`,
    ).run('a'.repeat(64), 'a'.repeat(64), 'a'.repeat(64), at);
    db.prepare(
      `INSERT INTO jobs (id, kind, project_id, priority, state, title, created_at)
      VALUES ('j1', 'import-photo', 'p1', 'interactive', 'succeeded', 'Import me.png', ?)`,
    ).run(at);
  }
  if (version >= 2) {
    db.prepare(
      `INSERT INTO faces (id, asset_id, frame_index, detector, bbox_json, landmarks, landmark_count, created_at)
      VALUES ('f1', 'a1', NULL, 'test', '[0,0,1,1]', ?, 1, ?)`,
    ).run(Buffer.from(new Float32Array([1, 2, 3]).buffer), at);
  }
  if (version >= 2 && version < 7) {
    db.prepare(
      `INSERT INTO scenes (id, project_id, name, active_face_id, created_at, updated_at)
      VALUES ('s1', 'p1', 'Scene', 'f1', ?, ?)`,
    ).run(at, at);
    db.prepare(`INSERT INTO tracks (id, scene_id, target, created_at) VALUES ('t1', 's1', 'rig.jawOpen', ?)`).run(at);
    db.prepare(`INSERT INTO keyframes (id, track_id, time_ms, value) VALUES ('k1', 't1', 0, 0.5)`).run();
  }
  if (version >= 7) {
    // Version 7 names the face by asset and face index and keeps the timeline in the scene row.
    db.prepare(
      `INSERT INTO scenes (id, project_id, name, asset_id, face_index, timeline_json, created_at, updated_at)
      VALUES ('s1', 'p1', 'Scene', 'a1', 0, ?, ?, ?)`,
    ).run(
      JSON.stringify([
        {
          parameter: 'rig.jawOpen',
          keyframes: [{ id: 'k1', time: 0, value: 0.5, handles: [0, 0, 1, 1], connectedRight: true, type: 'bezier' }],
        },
      ]),
      at,
      at,
    );
  }
}

/** The schema as SQL text, for comparing a migrated database with a freshly created one. */
export function schemaOf(db: Database.Database): string[] {
  return (
    db
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all() as Array<{ type: string; name: string; sql: string | null }>
  ).map((row) => `${row.type} ${row.name}: ${(row.sql ?? '').replace(/\s+/g, ' ')}`);
}
