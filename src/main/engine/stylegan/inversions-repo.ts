import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { ApiError, InversionSettings, type InversionStatus, type StyleInversion } from '../../../shared/api';
import { inversionStateFromJson, inversionStateToJson, type InversionState } from '../autodiff';

interface InversionRow {
  id: string;
  project_id: string;
  asset_id: string;
  synthesis_model: string;
  status: InversionStatus;
  settings_json: string;
  iteration: number;
  state_json: string | null;
  job_id: string | null;
  created_at: number;
  updated_at: number;
}

const COLUMNS =
  'id, project_id, asset_id, synthesis_model, status, settings_json, iteration, state_json, job_id, created_at, updated_at';

function lossesOf(row: InversionRow): number[] {
  if (!row.state_json) return [];
  const parsed = JSON.parse(row.state_json) as { losses?: unknown };
  return Array.isArray(parsed.losses) ? parsed.losses.filter((x): x is number => typeof x === 'number') : [];
}

function toInversion(row: InversionRow): StyleInversion {
  return {
    id: row.id,
    projectId: row.project_id,
    assetId: row.asset_id,
    status: row.status,
    settings: InversionSettings.parse(JSON.parse(row.settings_json)),
    iteration: row.iteration,
    losses: lossesOf(row),
    jobId: row.job_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Method A's inversions (style_inversions, see stylegan-store-migration.ts). */
export class InversionsRepo {
  constructor(private readonly db: Database.Database) {}

  create(fields: { projectId: string; assetId: string; settings: InversionSettings; jobId: string | null }): string {
    const id = randomUUID();
    const now = Date.now();
    this.db
      .prepare(`INSERT INTO style_inversions (${COLUMNS}) VALUES (?, ?, ?, ?, 'running', ?, 0, NULL, ?, ?, ?)`)
      .run(
        id,
        fields.projectId,
        fields.assetId,
        fields.settings.synthesisId,
        JSON.stringify(fields.settings),
        fields.jobId,
        now,
        now,
      );
    return id;
  }

  find(id: string): StyleInversion | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM style_inversions WHERE id = ?`).get(id) as
      InversionRow | undefined;
    return row ? toInversion(row) : null;
  }

  get(id: string): StyleInversion {
    const found = this.find(id);
    if (!found) throw new ApiError('not_found', `There is no inversion with id ${id}.`);
    return found;
  }

  list(projectId: string, assetId?: string): StyleInversion[] {
    const rows = (
      assetId
        ? this.db
            .prepare(
              `SELECT ${COLUMNS} FROM style_inversions WHERE project_id = ? AND asset_id = ? ORDER BY created_at`,
            )
            .all(projectId, assetId)
        : this.db
            .prepare(`SELECT ${COLUMNS} FROM style_inversions WHERE project_id = ? ORDER BY created_at`)
            .all(projectId)
    ) as InversionRow[];
    return rows.map(toInversion);
  }

  /** The optimiser state to resume from (null before the first chunk finished). */
  state(id: string): InversionState | null {
    const row = this.db.prepare('SELECT state_json FROM style_inversions WHERE id = ?').get(id) as
      { state_json: string | null } | undefined;
    if (!row) throw new ApiError('not_found', `There is no inversion with id ${id}.`);
    return row.state_json ? inversionStateFromJson(JSON.parse(row.state_json)) : null;
  }

  saveState(id: string, state: InversionState): void {
    this.db
      .prepare('UPDATE style_inversions SET state_json = ?, iteration = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(inversionStateToJson(state)), state.iteration, Date.now(), id);
  }

  update(id: string, fields: { status?: InversionStatus; settings?: InversionSettings; jobId?: string }): void {
    const current = this.get(id);
    this.db
      .prepare('UPDATE style_inversions SET status = ?, settings_json = ?, job_id = ?, updated_at = ? WHERE id = ?')
      .run(
        fields.status ?? current.status,
        JSON.stringify(fields.settings ?? current.settings),
        fields.jobId ?? current.jobId,
        Date.now(),
        id,
      );
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM style_inversions WHERE id = ?').run(id);
  }

  /** Inversions a stopped process left 'running' are 'stopped' (resumable from their last state). */
  markStopped(): void {
    this.db.prepare("UPDATE style_inversions SET status = 'stopped' WHERE status = 'running'").run();
  }
}
