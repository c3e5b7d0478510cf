import type Database from 'better-sqlite3';
import type { Job, JobKind, JobPriority, JobState } from '../../../shared/api';

interface JobRow {
  id: string;
  kind: JobKind;
  project_id: string | null;
  asset_id: string | null;
  priority: JobPriority;
  state: JobState;
  title: string;
  progress_fraction: number;
  progress_stage: string;
  eta_ms: number | null;
  error_code: string | null;
  error_message: string | null;
  result_json: string | null;
  has_preview: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const toJob = (row: JobRow): Job => ({
  id: row.id,
  kind: row.kind,
  projectId: row.project_id,
  assetId: row.asset_id,
  priority: row.priority,
  state: row.state,
  title: row.title,
  progress: { fraction: row.progress_fraction, stage: row.progress_stage, etaMs: row.eta_ms },
  error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
  result: row.result_json ? (JSON.parse(row.result_json) as Record<string, unknown>) : null,
  hasPreview: row.has_preview === 1,
  createdAt: row.created_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
});

const toParams = (job: Job) => ({
  id: job.id,
  kind: job.kind,
  project_id: job.projectId,
  asset_id: job.assetId,
  priority: job.priority,
  state: job.state,
  title: job.title,
  progress_fraction: job.progress.fraction,
  progress_stage: job.progress.stage,
  eta_ms: job.progress.etaMs,
  error_code: job.error?.code ?? null,
  error_message: job.error?.message ?? null,
  result_json: job.result ? JSON.stringify(job.result) : null,
  has_preview: job.hasPreview ? 1 : 0,
  created_at: job.createdAt,
  started_at: job.startedAt,
  finished_at: job.finishedAt,
});

export const ACTIVE_JOB_STATES: readonly JobState[] = ['queued', 'running'];

/** Persisted job records: what the jobs drawer shows after a reload or a restart. */
export class JobsRepo {
  constructor(private readonly db: Database.Database) {}

  /** Inserts or replaces the whole record (jobs change as a unit). */
  save(job: Job): void {
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, project_id, asset_id, priority, state, title, progress_fraction, progress_stage, eta_ms,
          error_code, error_message, result_json, has_preview, created_at, started_at, finished_at)
        VALUES (@id, @kind, @project_id, @asset_id, @priority, @state, @title, @progress_fraction, @progress_stage, @eta_ms,
          @error_code, @error_message, @result_json, @has_preview, @created_at, @started_at, @finished_at)
        ON CONFLICT (id) DO UPDATE SET state = excluded.state, asset_id = excluded.asset_id, progress_fraction = excluded.progress_fraction,
          progress_stage = excluded.progress_stage, eta_ms = excluded.eta_ms, error_code = excluded.error_code,
          error_message = excluded.error_message, result_json = excluded.result_json,
          has_preview = excluded.has_preview, started_at = excluded.started_at, finished_at = excluded.finished_at`,
      )
      .run(toParams(job));
  }

  find(id: string): Job | null {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  /** Newest first. */
  list(filter: { projectId?: string; activeOnly?: boolean; limit?: number } = {}): Job[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.projectId) {
      where.push('project_id = ?');
      params.push(filter.projectId);
    }
    if (filter.activeOnly) where.push(`state IN ('queued', 'running')`);
    const sql = `SELECT * FROM jobs ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, filter.limit ?? 200) as JobRow[]).map(toJob);
  }

  /** At start-up no job can still be running: whatever the last process left queued or running was interrupted. */
  /** The newest job of one of `kinds` that worked on the asset (jobs name their asset since migration 6). */
  latestOfAsset<K extends string>(
    assetId: string,
    kinds: readonly K[],
  ): { kind: K; state: JobState; error: string | null } | null {
    const row = this.db
      .prepare(
        `SELECT kind, state, error_message FROM jobs WHERE asset_id = ? AND kind IN (${kinds.map(() => '?').join(', ')})
         ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      )
      .get(assetId, ...kinds) as { kind: K; state: JobState; error_message: string | null } | undefined;
    return row ? { kind: row.kind, state: row.state, error: row.error_message } : null;
  }

  markInterrupted(at: number): number {
    return this.db
      .prepare(
        `UPDATE jobs SET state = 'interrupted', finished_at = ?, eta_ms = NULL,
          progress_stage = 'Interrupted when Mien stopped' WHERE state IN ('queued', 'running')`,
      )
      .run(at).changes;
  }

  /** Keeps the newest `keep` finished jobs; older history is dropped. */
  pruneFinished(keep: number): number {
    return this.db
      .prepare(
        `DELETE FROM jobs WHERE state NOT IN ('queued', 'running') AND id NOT IN (
          SELECT id FROM jobs WHERE state NOT IN ('queued', 'running') ORDER BY created_at DESC LIMIT ?)`,
      )
      .run(keep).changes;
  }
}
