/**
 * Schema for coefficient tracks and video assets, handed to the store's append-only migration list
 * as { version: N, ...TRACK_SETS_MIGRATION } (schema/project-schema.ts). See docs/tracks.md.
 *
 * Migration 2's tracks/keyframes tables are the timeline's: scene-scoped, one row per keyframe with
 * easing. A driving video or a Live Link capture is dense (a value on every frame for 55+ channels),
 * belongs to the project rather than a scene, and needs its source and frame rate; so track sets
 * get their own tables, one Float32 blob per channel (channel-major: a timeline reads only the
 * curves it shows). The channel names are the timeline's targets ('rig.jawOpen', 'head.yawDeg').
 */
export const TRACK_SETS_MIGRATION = {
  description: 'coefficient track sets (video fits, Live Link / blendshape imports); video asset metadata',
  sql: `
    ALTER TABLE assets ADD COLUMN duration_ms REAL;
    ALTER TABLE assets ADD COLUMN fps REAL;
    ALTER TABLE assets ADD COLUMN frame_count INTEGER;

    CREATE TABLE track_sets (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      source_kind TEXT NOT NULL CHECK (source_kind IN ('video', 'live-link-csv', 'blendshape-json')),
      -- The video the set was fitted from; kept (set to NULL) when that video is removed.
      source_asset_id TEXT REFERENCES assets(id) ON DELETE SET NULL,
      source_name TEXT NOT NULL,
      fps REAL NOT NULL CHECK (fps > 0),
      frame_count INTEGER NOT NULL CHECK (frame_count > 0),
      start_seconds REAL NOT NULL DEFAULT 0,
      -- Float64 seconds from the first frame, frame_count values.
      times BLOB NOT NULL,
      -- Uint8 per frame: 1 measured, 0 filled in (a video frame without a face); NULL: all measured.
      measured BLOB,
      -- Video fits: identity frames, mean residual, smoothing, the driver's rest values.
      fit_json TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX track_sets_by_project ON track_sets(project_id, created_at);
    CREATE INDEX track_sets_by_source ON track_sets(source_asset_id);

    CREATE TABLE track_channels (
      track_set_id TEXT NOT NULL REFERENCES track_sets(id) ON DELETE CASCADE,
      channel_index INTEGER NOT NULL CHECK (channel_index >= 0),
      name TEXT NOT NULL,
      unit TEXT NOT NULL CHECK (unit IN ('coefficient', 'degrees')),
      -- Float32, frame_count values.
      samples BLOB NOT NULL,
      PRIMARY KEY (track_set_id, channel_index),
      UNIQUE (track_set_id, name)
    );
  `,
} as const;
