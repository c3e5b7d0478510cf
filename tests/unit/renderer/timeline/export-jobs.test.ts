import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../src/shared/api';
import { exportJobsToShow } from '../../../../src/renderer/timeline/export-jobs';

let counter = 0;
function job(state: Job['state'], createdAt: number, patch: Partial<Job> = {}): Job {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    kind: 'export',
    projectId: 'p1',
    assetId: null,
    priority: 'batch',
    state,
    title: `Export ${createdAt}`,
    progress: { fraction: state === 'succeeded' ? 1 : 0.4, stage: '', etaMs: null },
    error: state === 'failed' ? { code: 'x', message: 'broke' } : null,
    result: null,
    hasPreview: false,
    createdAt,
    startedAt: createdAt,
    finishedAt: state === 'running' || state === 'queued' ? null : createdAt + 5,
    ...patch,
  };
}

const created = (jobs: Job[]) => jobs.map((entry) => entry.createdAt);

describe('exportJobsToShow', () => {
  it('keeps a cancelled export in view with its final state', () => {
    const cancelled = job('cancelled', 10);
    expect(exportJobsToShow([cancelled], 'p1')).toEqual([cancelled]);
  });

  it('shows running and waiting exports, and the ended ones since the last success, oldest first', () => {
    const jobs = [
      job('failed', 1),
      job('succeeded', 2),
      job('cancelled', 3),
      job('running', 4),
      job('interrupted', 5),
      job('queued', 6),
    ];
    expect(created(exportJobsToShow(jobs, 'p1'))).toEqual([3, 4, 5, 6]);
  });

  it('puts earlier attempts away once a later export succeeds (its file is listed instead)', () => {
    expect(exportJobsToShow([job('cancelled', 1), job('failed', 2), job('succeeded', 3)], 'p1')).toEqual([]);
  });

  it('shows at most the three latest ended exports, and only this project’s exports', () => {
    const jobs = [
      job('cancelled', 1),
      job('cancelled', 2),
      job('failed', 3),
      job('cancelled', 4),
      job('cancelled', 5, { projectId: 'p2' }),
      job('cancelled', 6, { kind: 'analyze-face' }),
    ];
    expect(created(exportJobsToShow(jobs, 'p1'))).toEqual([2, 3, 4]);
  });
});
