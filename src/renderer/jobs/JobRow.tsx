import { useState } from 'react';
import type { Job } from '../../shared/api';
import { useServices } from '../app-services';
import { isActiveJob, useJobsStore } from '../state/jobs-store';
import { reportError } from '../state/notices-store';
import { formatDuration, formatEta, formatRelativeTime } from '../ui/format';
import { JobPreview } from './JobPreview';

const STATE_LABEL: Record<Job['state'], string> = {
  queued: 'Waiting',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

/**
 * A job can succeed with a result the user must hear about: a face analysis that found no face
 * ("No face found") or that fell back to the CPU. Those travel in the result, not as errors.
 */
function outcomeNote(job: Job): string | null {
  if (job.state !== 'succeeded' || !job.result) return null;
  const { ok, message, warnings } = job.result;
  if (ok === false && typeof message === 'string') return message;
  if (Array.isArray(warnings) && typeof warnings[0] === 'string') return warnings[0];
  return null;
}

export function JobRow({ job }: { job: Job }) {
  const { client } = useServices();
  const [cancelling, setCancelling] = useState(false);
  const active = isActiveJob(job);
  const percent = Math.round(job.progress.fraction * 100);
  const eta = active ? formatEta(job.progress.etaMs) : null;

  const cancel = async () => {
    setCancelling(true);
    try {
      // The job may take a moment to stop (a frame in flight): the button says "Cancelling…" until
      // the row shows its final state, instead of offering Cancel again.
      useJobsStore.getState().upsert(await client.call('jobs.cancel', { id: job.id }));
    } catch (error) {
      reportError(`Could not cancel ${job.title}`, error);
      setCancelling(false);
    }
  };

  return (
    <li className={`job job--${job.state}`} aria-label={job.title}>
      {job.state === 'running' && job.hasPreview && <JobPreview jobId={job.id} />}
      <div className="job__main">
        <div className="job__line">
          <span className="job__title">{job.title}</span>
          <span className={`chip chip--${job.state}`}>{STATE_LABEL[job.state]}</span>
        </div>
        {active && (
          <>
            <div
              className="progress"
              role="progressbar"
              aria-label={`${job.title} progress`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
            >
              <span className="progress__bar" style={{ width: `${percent}%` }} />
            </div>
            <div className="job__line job__line--meta">
              <span>{job.progress.stage || 'Waiting for a worker'}</span>
              <span>{[`${percent}%`, eta].filter(Boolean).join(' · ')}</span>
            </div>
          </>
        )}
        {!active && job.finishedAt !== null && (
          <div className="job__line job__line--meta">
            <span>
              {job.startedAt !== null ? `took ${formatDuration(job.finishedAt - job.startedAt)}` : 'never started'}
            </span>
            <span>{formatRelativeTime(job.finishedAt)}</span>
          </div>
        )}
        {job.state === 'failed' && job.error && <p className="job__error">{job.error.message}</p>}
        {outcomeNote(job) && <p className="job__note">{outcomeNote(job)}</p>}
        {job.state === 'interrupted' && <p className="job__error">Mien stopped while this job was running.</p>}
      </div>
      {active && (
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => void cancel()}
          disabled={cancelling}
        >
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
    </li>
  );
}
