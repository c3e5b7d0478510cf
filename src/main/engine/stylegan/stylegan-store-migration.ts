/**
 * Schema of method A's inversions (docs/stylegan.md), appended to schema/project-schema.ts as its
 * own migration: one row per inverted photo and model. state_json is the optimiser's whole state
 * (ws, Adam moments, optimised noise, the loss curve), written after every chunk of iterations so
 * an inversion resumes where it stopped; settings_json is what it ran with.
 */
export const STYLE_INVERSIONS_MIGRATION = {
  description: 'style-based generator inversions (ws, optimiser state, loss curve, settings) per photo',
  sql: `
    CREATE TABLE style_inversions (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      synthesis_model TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running', 'stopped', 'done', 'failed')),
      settings_json TEXT NOT NULL,
      iteration INTEGER NOT NULL DEFAULT 0,
      state_json TEXT,
      job_id TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX style_inversions_by_asset ON style_inversions(asset_id, created_at);
    CREATE INDEX style_inversions_by_project ON style_inversions(project_id, created_at);
  `,
} as const;
