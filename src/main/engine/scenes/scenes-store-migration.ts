/**
 * Version 7: scenes and exports as issue 10 needs them, handed to the append-only migration list as
 * { version: 7, ...SCENES_TIMELINE_MIGRATION } (schema/project-schema.ts). See docs/timeline.md.
 *
 * - scenes name their face by (asset_id, face_index) instead of a faces row id: re-analysis
 *   replaces faces rows (new ids), and a scene must never lose its face. A v2 scene whose face row
 *   is gone (active_face_id NULL) cannot be placed on a portrait and is dropped; no earlier build
 *   created scenes (there was no scene API), so this loses nothing a user made.
 * - scenes get their expression source (issue 9's transfer): the asset in expression_asset_id (a
 *   column, so a project copy rewrites it and deleting the asset clears it) and the rest of
 *   ExpressionSource (frame, neutral frame) in expression_source_json; and their timeline:
 *   timeline_json (an array of { parameter, keyframes }) with timeline_revision, raised by every save.
 * - the v2 tracks/keyframes tables go: their rows are folded into timeline_json first. A timeline is
 *   saved and read whole (timeline.save replaces it under one revision check; the evaluator needs
 *   every track), is small (at most 512 tracks), and Theatre.js-shaped keys carry fields the v2
 *   rows lack (type, connectedRight, both handles); no query ever needs one key in SQL. One JSON
 *   value per scene makes a save one UPDATE and the revision check atomic with it.
 * - renders is rebuilt so its CHECK accepts webm, and it records the exported file (a name under
 *   <dataDir>/exports/<projectId>/), its byte size, dimensions and frame count. output_sha256 stays
 *   (nullable) for rows of earlier builds; the garbage collector still reads it.
 * Foreign keys are off while a migration runs, so dropping and renaming tables keeps masks' and
 * renders' references to scenes (SQLite's documented table-rebuild procedure).
 */
export const SCENES_TIMELINE_MIGRATION = {
  description:
    'scenes name their face by asset and face index, hold their timeline and expression source; renders record export files and accept webm',
  sql: `
    CREATE TABLE scenes_v7 (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      -- The portrait and which of its faces: stable across re-analysis, unlike a faces row id.
      asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      face_index INTEGER NOT NULL DEFAULT 0 CHECK (face_index >= 0),
      generator TEXT NOT NULL DEFAULT 'warp',
      layer_mix_json TEXT NOT NULL DEFAULT '{}',
      -- ExpressionSource (src/shared/api/scenes.ts): its asset, and its other fields as JSON; NULL asset: none.
      expression_asset_id TEXT REFERENCES assets(id) ON DELETE SET NULL,
      expression_source_json TEXT,
      duration_ms REAL NOT NULL DEFAULT 3000 CHECK (duration_ms > 0),
      fps REAL NOT NULL DEFAULT 30 CHECK (fps IN (24, 25, 30, 60)),
      -- Track[] (src/shared/api/timeline.ts); replaced whole by each save, which raises the revision.
      timeline_json TEXT NOT NULL DEFAULT '[]',
      timeline_revision INTEGER NOT NULL DEFAULT 0 CHECK (timeline_revision >= 0),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );

    INSERT INTO scenes_v7 (id, project_id, name, asset_id, face_index, generator, layer_mix_json, duration_ms, fps,
      timeline_json, created_at, updated_at)
    SELECT s.id, s.project_id, s.name, f.asset_id, f.face_index, s.generator, s.layer_mix_json,
      CASE WHEN s.duration_ms > 0 THEN s.duration_ms ELSE 3000 END,
      CASE WHEN s.fps IN (24, 25, 30, 60) THEN s.fps ELSE 30 END,
      (SELECT json_group_array(json_object(
          'parameter', t.target,
          'keyframes', json((
            SELECT json_group_array(json_object(
              'id', k.id,
              'time', k.time_ms / 1000.0,
              'value', k.value,
              'handles', json(CASE WHEN json_valid(k.handles_json) AND json_array_length(k.handles_json) = 4
                                   THEN k.handles_json ELSE '[0,0,1,1]' END),
              'connectedRight', json('true'),
              'type', CASE WHEN k.easing = 'hold' THEN 'hold' ELSE 'bezier' END))
            FROM (SELECT * FROM keyframes WHERE track_id = t.id ORDER BY time_ms) AS k))))
        FROM (SELECT * FROM tracks WHERE scene_id = s.id ORDER BY target) AS t),
      s.created_at, s.updated_at
    FROM scenes AS s JOIN faces AS f ON f.id = s.active_face_id;

    DROP TABLE keyframes;
    DROP TABLE tracks;
    -- Masks of dropped (faceless) scenes go with them.
    DELETE FROM masks WHERE scene_id NOT IN (SELECT id FROM scenes_v7);
    DROP TABLE scenes;
    ALTER TABLE scenes_v7 RENAME TO scenes;
    CREATE INDEX scenes_by_project ON scenes(project_id, created_at);
    CREATE INDEX scenes_by_asset ON scenes(asset_id);

    CREATE TABLE renders_v7 (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      scene_id TEXT REFERENCES scenes(id) ON DELETE SET NULL,
      job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
      format TEXT NOT NULL CHECK (format IN ('mp4', 'gif', 'webm', 'png')),
      settings_json TEXT NOT NULL,
      -- The export: a file (or, for png, a folder) under <dataDir>/exports/<project_id>/. NULL only in rows of earlier builds.
      file_name TEXT,
      byte_size INTEGER CHECK (byte_size IS NULL OR byte_size >= 0),
      width INTEGER CHECK (width IS NULL OR width > 0),
      height INTEGER CHECK (height IS NULL OR height > 0),
      frame_count INTEGER CHECK (frame_count IS NULL OR frame_count > 0),
      -- Earlier builds' design kept outputs as blobs; kept nullable so their rows survive.
      output_sha256 TEXT REFERENCES blobs(sha256),
      created_at INTEGER NOT NULL
    );
    INSERT INTO renders_v7 (id, project_id, scene_id, job_id, format, settings_json, output_sha256, created_at)
    SELECT id, project_id, CASE WHEN scene_id IN (SELECT id FROM scenes) THEN scene_id END, job_id, format,
      settings_json, output_sha256, created_at
    FROM renders;
    DROP TABLE renders;
    ALTER TABLE renders_v7 RENAME TO renders;
    CREATE INDEX renders_by_project ON renders(project_id, created_at);
  `,
} as const;
