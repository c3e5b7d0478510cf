import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ApiError, type RigPreset } from '../../../shared/api';
import { presetNameProblem, type ArkitBlendshapeName } from '../../../shared/rig';
import { parseCoefficientJson } from './rig-states-repo';

interface PresetRow {
  id: string;
  project_id: string;
  name: string;
  coefficients_json: string;
  created_at: number;
}

const toPreset = (row: PresetRow): RigPreset => ({
  id: row.id,
  projectId: row.project_id,
  name: row.name,
  coefficients: parseCoefficientJson(row.coefficients_json),
  createdAt: row.created_at,
});

/** Expression presets a user saved in a project (rig_presets, see rig-store-migration.ts). */
export class RigPresetsRepo {
  constructor(private readonly db: Database.Database) {}

  list(projectId: string): RigPreset[] {
    const rows = this.db
      .prepare('SELECT * FROM rig_presets WHERE project_id = ? ORDER BY created_at, rowid')
      .all(projectId) as PresetRow[];
    return rows.map(toPreset);
  }

  /**
   * Inserts a preset; a name already used in the project or by a built-in expression (ignoring case
   * and surrounding spaces) is a conflict: names are how users tell the buttons apart.
   */
  create(
    projectId: string,
    name: string,
    coefficients: Record<ArkitBlendshapeName, number>,
    now = Date.now(),
  ): RigPreset {
    const problem = presetNameProblem(
      name,
      this.list(projectId).map((preset) => preset.name),
    );
    if (problem) throw new ApiError('conflict', problem);
    const row: PresetRow = {
      id: randomUUID(),
      project_id: projectId,
      name,
      coefficients_json: JSON.stringify(coefficients),
      created_at: now,
    };
    this.db
      .prepare(
        'INSERT INTO rig_presets (id, project_id, name, coefficients_json, created_at) VALUES (@id, @project_id, @name, @coefficients_json, @created_at)',
      )
      .run(row);
    return toPreset(row);
  }

  /** Deletes a preset and returns its project id. */
  delete(id: string): string {
    const row = this.db.prepare('SELECT project_id FROM rig_presets WHERE id = ?').get(id) as
      { project_id: string } | undefined;
    if (!row) throw new ApiError('not_found', `There is no preset with id ${id}.`);
    this.db.prepare('DELETE FROM rig_presets WHERE id = ?').run(id);
    return row.project_id;
  }
}
