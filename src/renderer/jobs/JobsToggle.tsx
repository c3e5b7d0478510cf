import { isActiveJob, useJobsStore } from '../state/jobs-store';
import { useUiStore } from '../state/ui-store';

/** Top-bar button that opens the jobs drawer; shows how many jobs are running or waiting. */
export function JobsToggle() {
  const open = useUiStore((state) => state.jobsOpen);
  const setOpen = useUiStore((state) => state.setJobsOpen);
  const active = useJobsStore((state) => Object.values(state.jobs).filter(isActiveJob).length);
  return (
    <button
      type="button"
      className={`button button--ghost jobs-toggle${open ? ' jobs-toggle--open' : ''}`}
      aria-expanded={open}
      aria-controls="jobs-drawer"
      onClick={() => setOpen(!open)}
    >
      {active > 0 && <span className="jobs-toggle__pulse" aria-hidden="true" />}
      Jobs
      {active > 0 && (
        <span className="badge" aria-label={`${active} active`}>
          {active}
        </span>
      )}
    </button>
  );
}
