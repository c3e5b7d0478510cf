import { useMemo, useState } from 'react';
import { orderJobsForDrawer, useJobsStore } from '../state/jobs-store';
import { useUiStore } from '../state/ui-store';
import { useShortcut, useShortcutHelp, type ShortcutHelp } from '../ui/shortcut-registry';
import { JobRow } from './JobRow';

/**
 * Active and recent jobs (progress, stage, ETA, live preview, cancel, errors) in a panel under the
 * top bar's Jobs button. In a project it lists that project's jobs, with "All projects" to widen it.
 */
export function JobsDrawer() {
  const open = useUiStore((state) => state.jobsOpen);
  const setOpen = useUiStore((state) => state.setJobsOpen);
  const route = useUiStore((state) => state.route);
  const [allProjects, setAllProjects] = useState(false);
  const jobs = useJobsStore((state) => state.jobs);
  const projectId = route.screen === 'editor' ? route.projectId : null;
  const scoped = projectId !== null && !allProjects;
  const ordered = useMemo(
    () =>
      orderJobsForDrawer(
        scoped ? Object.fromEntries(Object.entries(jobs).filter(([, job]) => job.projectId === projectId)) : jobs,
      ),
    [jobs, scoped, projectId],
  );
  // Esc closes it wherever focus is (not only inside it), like the other panels' Esc. The binding is
  // registered when it opens, so it is the latest Esc binding and wins over those of the panels under
  // it; the help entry keeps it in the shortcuts sheet while it is closed.
  useShortcutHelp(JOBS_DRAWER_SHORTCUTS);
  useShortcut({ ...JOBS_CLOSE, enabled: open, run: () => setOpen(false) });
  if (!open) return null;
  return (
    <section id="jobs-drawer" className="jobs-drawer" aria-label="Jobs" data-scope={scoped ? 'project' : 'all'}>
      <div className="panel-header">
        <h2 className="panel-header__title">{scoped ? 'Jobs in this project' : 'Jobs'}</h2>
        {projectId !== null && (
          <label className="jobs-drawer__scope">
            <input
              type="checkbox"
              checked={allProjects}
              onChange={(event) => setAllProjects(event.currentTarget.checked)}
            />
            All projects
          </label>
        )}
        <button type="button" className="icon-button" aria-label="Close jobs" onClick={() => setOpen(false)}>
          ×
        </button>
      </div>
      {ordered.length === 0 ? (
        <p className="panel-hint">
          {scoped ? 'No jobs in this project yet.' : 'No jobs yet. Imports and, later, renders show up here.'}
        </p>
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

const JOBS_CLOSE: ShortcutHelp = { id: 'jobs.close', scope: 'Jobs', action: 'Close the jobs panel', keys: [['Esc']] };
const JOBS_DRAWER_SHORTCUTS: readonly ShortcutHelp[] = [JOBS_CLOSE];
