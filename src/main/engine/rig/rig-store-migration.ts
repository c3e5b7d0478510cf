/**
 * Schema for the rig panel, appended to schema/project-schema.ts as its own migration:
 * - rig_states: the user's edited coefficients and head rotation per portrait asset (the fit
 *   itself is cached in faces.rig_fit_json, next to the landmarks it came from);
 * - rig_presets: named coefficient sets a user saved in a project.
 * Coefficients are JSON objects keyed by ARKit name, so a future change of order cannot scramble them.
 */
export const RIG_STATE_MIGRATION = {
  description: 'rig panel: edited coefficients per asset and user expression presets per project',
  sql: `
    CREATE TABLE rig_states (
      asset_id TEXT PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
      coefficients_json TEXT NOT NULL,
      head_json TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE rig_presets (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      coefficients_json TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (project_id, name)
    );
  `,
} as const;
