import { isActiveJob, useJobsStore } from '../state/jobs-store';
import { useUiStore } from '../state/ui-store';
import { useShortcut } from '../ui/shortcut-registry';

/** Top-bar button that opens the jobs drawer; shows how many jobs are running or waiting. */
export function JobsToggle() {
  const open = useUiStore((state) => state.jobsOpen);
  const setOpen = useUiStore((state) => state.setJobsOpen);
  const active = useJobsStore((state) => Object.values(state.jobs).filter(isActiveJob).length);
  useShortcut({
    id: 'jobs.toggle',
    scope: 'Jobs',
    action: 'Show or hide the jobs panel',
    keys: [['J']],
    run: () => useUiStore.getState().setJobsOpen(!useUiStore.getState().jobsOpen),
  });
  return (
    <button
      type="button"
      className={`button button--ghost jobs-toggle${open ? ' jobs-toggle--open' : ''}`}
      aria-expanded={open}
      aria-controls="jobs-drawer"
      title="Jobs (J)"
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
