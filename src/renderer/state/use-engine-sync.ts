import { useEffect } from 'react';
import { useServices } from '../app-services';
import { useJobsStore } from './jobs-store';
import { reportError } from './notices-store';
import { useProjectsStore } from './projects-store';

/**
 * Keeps the job and project lists in step with the engine: loads them once, applies events, and
 * reloads both after a reconnect (events sent while the socket was down are lost). Reloading
 * jobs.list is also how a reloaded page reattaches to jobs that are still running.
 */
export function useEngineSync(): void {
  const { client, connection } = useServices();

  useEffect(() => {
    let disposed = false;
    const loadJobs = () =>
      client
        .call('jobs.list', {})
        .then((jobs) => {
          if (!disposed) useJobsStore.getState().replaceAll(jobs);
        })
        .catch((error: unknown) => reportError('Could not list jobs', error));
    const loadProjects = () => void useProjectsStore.getState().refresh(client);

    const unsubscribers = [
      client.on('job.updated', (job) => useJobsStore.getState().upsert(job)),
      client.on('projects.changed', loadProjects),
      // A project's asset count and thumbnail show in the library too.
      client.on('project.changed', loadProjects),
    ];
    let lost = false;
    if (connection) {
      unsubscribers.push(
        connection.onConnectionChange((state) => {
          if (state === 'reconnecting') lost = true;
          if (state === 'open' && lost) {
            lost = false;
            void loadJobs();
            loadProjects();
          }
        }),
      );
    }
    void loadJobs();
    loadProjects();
    return () => {
      disposed = true;
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }, [client, connection]);
}
