import { useMemo } from 'react';
import { orderJobsForDrawer, useJobsStore } from '../state/jobs-store';
import { useUiStore } from '../state/ui-store';
import { JobRow } from './JobRow';

/** Active and recent jobs: progress, stage, ETA, live preview, cancel, errors. */
export function JobsDrawer() {
  const open = useUiStore((state) => state.jobsOpen);
  const setOpen = useUiStore((state) => state.setJobsOpen);
  const jobs = useJobsStore((state) => state.jobs);
  const ordered = useMemo(() => orderJobsForDrawer(jobs), [jobs]);
  if (!open) return null;
  return (
    <section
      id="jobs-drawer"
      className="jobs-drawer"
      aria-label="Jobs"
      onKeyDown={(event) => {
        if (event.key === 'Escape') setOpen(false);
      }}
    >
      <div className="panel-header">
        <h2 className="panel-header__title">Jobs</h2>
        <button type="button" className="icon-button" aria-label="Close jobs" onClick={() => setOpen(false)}>
          ×
        </button>
      </div>
      {ordered.length === 0 ? (
        <p className="panel-hint">No jobs yet. Imports and, later, renders show up here.</p>
      ) : (
        <ul className="job-list">
          {ordered.map((job) => (
            <JobRow key={job.id} job={job} />
          ))}
        </ul>
      )}
    </section>
  );
}
