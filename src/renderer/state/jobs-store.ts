import { create } from 'zustand';
import type { Job } from '../../shared/api';

interface JobsState {
  jobs: Record<string, Job>;
  /** Replaces what is known with a fresh jobs.list (on start and after every reconnect). */
  replaceAll(jobs: readonly Job[]): void;
  upsert(job: Job): void;
}

const ACTIVE: ReadonlySet<Job['state']> = new Set(['queued', 'running']);
export const isActiveJob = (job: Job): boolean => ACTIVE.has(job.state);

export const useJobsStore = create<JobsState>()((set, get) => ({
  jobs: {},
  replaceAll: (jobs) => set({ jobs: Object.fromEntries(jobs.map((job) => [job.id, job])) }),
  upsert: (job) => {
    const known = get().jobs[job.id];
    // An event that raced a jobs.list must not turn a finished job back into a running one.
    if (known && !isActiveJob(known) && isActiveJob(job)) return;
    set({ jobs: { ...get().jobs, [job.id]: job } });
  },
}));

/** Active jobs first (oldest first, as they run), then the most recent finished ones. */
export function orderJobsForDrawer(jobs: Record<string, Job>, recentLimit = 20): Job[] {
  const all = Object.values(jobs);
  const active = all.filter(isActiveJob).sort((a, b) => a.createdAt - b.createdAt);
  const finished = all
    .filter((job) => !isActiveJob(job))
    .sort((a, b) => (b.finishedAt ?? b.createdAt) - (a.finishedAt ?? a.createdAt))
    .slice(0, recentLimit);
  return [...active, ...finished];
}
