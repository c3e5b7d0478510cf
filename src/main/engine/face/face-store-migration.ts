/**
 * Schema the face results need beyond migration 2's `faces` table. The migration list is
 * append-only and owned by the store, so this is handed to it as the next migration:
 *   { version: N, ...FACE_ANALYSIS_MIGRATION } in schema/project-schema.ts.
 * - per face: presence, pose, expressions, aligned region (attributes_json) and the identity descriptor;
 * - per analysed asset: the outcome, including failures the user must see ("Face too small: 31 px")
 *   and which face is chosen, so a reload shows the same thing without re-running the models.
 */
export const FACE_ANALYSIS_MIGRATION = {
  description: 'face analysis outcome per asset; face attributes and identity descriptors',
  sql: `
    ALTER TABLE faces ADD COLUMN attributes_json TEXT;
    ALTER TABLE faces ADD COLUMN descriptor BLOB;
    CREATE TABLE face_analyses (
      asset_id TEXT PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
      ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
      reason TEXT CHECK (reason IS NULL OR reason IN ('no_face', 'face_too_small', 'profile')),
      message TEXT,
      chosen_index INTEGER,
      rejected_json TEXT NOT NULL,
      image_width INTEGER NOT NULL,
      image_height INTEGER NOT NULL,
      -- Video assets: frames analysed, detector runs, frames with a face.
      counters_json TEXT,
      created_at INTEGER NOT NULL
    );
  `,
} as const;

/**
 * Per video frame, the tracker's unsmoothed landmarks beside the smoothed ones (`landmarks`):
 * the rig fit reads the mouth's narrowing (pucker/funnel) from them, since the tracker's One Euro
 * filter lags a pucker's onset by a frame or two (docs/rig.md, "Evaluation"). Null for photos
 * and for videos tracked before this version (the fit then falls back to the smoothed ones).
 */
export const FACE_RAW_LANDMARKS_MIGRATION = {
  description: "video frames keep the tracker's unsmoothed landmarks",
  sql: `
    ALTER TABLE faces ADD COLUMN raw_landmarks BLOB;
  `,
} as const;
