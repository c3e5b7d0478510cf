/**
 * The store's own migrations (projects, blobs, assets, jobs, and the v2 tables the later features
 * build on). The ordered list of every migration, the store's and the features', is composed in
 * engine/schema (project-schema.ts): the store never imports a feature.
 * Never edit a released migration; add the next one there.
 * Timestamps are integer milliseconds since the epoch; ids are UUID strings.
 */

/** A migration's SQL before the schema gives it its place (version) in the list. */
export interface MigrationStep {
  description: string;
  sql: string;
}

/** Migration N takes a database from user_version N-1 to N. */
export interface Migration extends MigrationStep {
  version: number;
}

/** A column holding sha256 references to blobs: the garbage collector keeps any blob named in one. */
export interface BlobReference {
  table: string;
  column: string;
  /** The schema version that created the column. */
  sinceVersion: number;
}

/** Version 1. */
export const PROJECTS_AND_BLOBS_MIGRATION: MigrationStep = {
  description: 'projects, content-addressed blobs, assets and jobs',
  sql: `
      CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      -- One row per file under blobs/<aa>/<sha256>; inserted only after the file is in place.
      CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        byte_size INTEGER NOT NULL CHECK (byte_size >= 0),
        mime TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE assets (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('portrait', 'expression', 'video')),
        original_name TEXT NOT NULL,
        mime TEXT NOT NULL,
        byte_size INTEGER NOT NULL,
        original_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
        working_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
        thumbnail_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        working_width INTEGER NOT NULL CHECK (working_width > 0),
        working_height INTEGER NOT NULL CHECK (working_height > 0),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX assets_by_project ON assets(project_id, created_at);

      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
        priority TEXT NOT NULL CHECK (priority IN ('interactive', 'batch')),
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
        title TEXT NOT NULL,
        progress_fraction REAL NOT NULL DEFAULT 0,
        progress_stage TEXT NOT NULL DEFAULT '',
        eta_ms REAL,
        error_code TEXT,
        error_message TEXT,
        result_json TEXT,
        has_preview INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER
      );
      CREATE INDEX jobs_by_state ON jobs(state);
      CREATE INDEX jobs_by_project ON jobs(project_id, created_at);
    `,
};

/** Version 2. */
export const SCENES_MIGRATION: MigrationStep = {
  description: 'faces, scenes with masks, tracks, keyframes and renders',
  sql: `
      -- Landmarks and rig fits, per photo (frame_index NULL) or per frame of a video asset.
      CREATE TABLE faces (
        id TEXT PRIMARY KEY,
        asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        frame_index INTEGER CHECK (frame_index IS NULL OR frame_index >= 0),
        face_index INTEGER NOT NULL DEFAULT 0,
        detector TEXT NOT NULL,
        bbox_json TEXT NOT NULL,
        score REAL,
        -- Float32 x,y,z triplets in working-image pixels.
        landmarks BLOB NOT NULL,
        landmark_count INTEGER NOT NULL,
        rig_fit_json TEXT,
        created_at INTEGER NOT NULL
      );
      -- Photos have one row per face_index; NULL frame_index would defeat a plain UNIQUE.
      CREATE UNIQUE INDEX faces_per_frame ON faces(asset_id, ifnull(frame_index, -1), face_index);

      CREATE TABLE scenes (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        active_face_id TEXT REFERENCES faces(id) ON DELETE SET NULL,
        generator TEXT NOT NULL DEFAULT 'warp',
        layer_mix_json TEXT NOT NULL DEFAULT '{}',
        duration_ms INTEGER NOT NULL DEFAULT 3000,
        fps REAL NOT NULL DEFAULT 30,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX scenes_by_project ON scenes(project_id);

      -- Per-layer alpha masks; the pixels are a blob (8-bit grey PNG).
      CREATE TABLE masks (
        id TEXT PRIMARY KEY,
        scene_id TEXT NOT NULL REFERENCES scenes(id) ON DELETE CASCADE,
        layer TEXT NOT NULL,
        blob_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (scene_id, layer)
      );

      -- One track per animated parameter, e.g. 'rig.jawOpen' or 'layer.3.alpha'.
      CREATE TABLE tracks (
        id TEXT PRIMARY KEY,
        scene_id TEXT NOT NULL REFERENCES scenes(id) ON DELETE CASCADE,
        target TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (scene_id, target)
      );

      CREATE TABLE keyframes (
        id TEXT PRIMARY KEY,
        track_id TEXT NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
        time_ms REAL NOT NULL CHECK (time_ms >= 0),
        value REAL NOT NULL,
        easing TEXT NOT NULL DEFAULT 'linear',
        handles_json TEXT,
        UNIQUE (track_id, time_ms)
      );

      CREATE TABLE renders (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        scene_id TEXT REFERENCES scenes(id) ON DELETE SET NULL,
        job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
        format TEXT NOT NULL CHECK (format IN ('mp4', 'gif', 'png')),
        settings_json TEXT NOT NULL,
        output_sha256 TEXT REFERENCES blobs(sha256),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX renders_by_project ON renders(project_id, created_at);
    `,
};

/** Version 6. */
export const JOB_ASSET_MIGRATION: MigrationStep = {
  description: 'jobs name the asset they work on',
  // No foreign key: a job is history and is saved again while it runs; the asset it names may be
  // deleted meanwhile, and that must not make saving the job's final state fail.
  sql: `ALTER TABLE jobs ADD COLUMN asset_id TEXT;`,
};

/** Marks the file as ours (PRAGMA application_id), so a foreign SQLite file is told apart from an old one. */
export const MIEN_APPLICATION_ID = 0x4d49454e; // "MIEN"

/** The store's tables that hold sha256 references to blobs (features add theirs in engine/schema). */
export const STORE_BLOB_REFERENCES: readonly BlobReference[] = [
  { table: 'assets', column: 'original_sha256', sinceVersion: 1 },
  { table: 'assets', column: 'working_sha256', sinceVersion: 1 },
  { table: 'assets', column: 'thumbnail_sha256', sinceVersion: 1 },
  { table: 'masks', column: 'blob_sha256', sinceVersion: 2 },
  { table: 'renders', column: 'output_sha256', sinceVersion: 2 },
];
