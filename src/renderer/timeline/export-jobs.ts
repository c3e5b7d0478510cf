import type { Job } from '../../shared/api';
import { isActiveJob } from '../state/jobs-store';

/** At most this many ended exports are shown: the last attempts, not a history (the jobs panel has that). */
const MAX_ENDED = 3;

/**
 * The export jobs the export dialog lists for a project: every one running or waiting, and the last
 * ones that ended without a file (cancelled, failed, interrupted) since the project's latest export
 * that succeeded, each with its final state. Worked out from the jobs alone, so the outcome stays in
 * view when the dialog is closed and opened again, or the window reloaded; an export that then
 * succeeds puts the earlier attempts away (its file is in the renders list).
 */
export function exportJobsToShow(jobs: Iterable<Job>, projectId: string): Job[] {
  const exports = [...jobs].filter((job) => job.kind === 'export' && job.projectId === projectId);
  const lastSuccess = Math.max(
    -Infinity,
    ...exports.filter((job) => job.state === 'succeeded').map((job) => job.createdAt),
  );
  const ended = exports
    .filter((job) => !isActiveJob(job) && job.state !== 'succeeded' && job.createdAt > lastSuccess)
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, MAX_ENDED);
  return [...exports.filter(isActiveJob), ...ended].sort((a, b) => a.createdAt - b.createdAt);
}
