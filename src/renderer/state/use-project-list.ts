import { useCallback, useEffect, useState } from 'react';
import { toApiError, type JobKind, type MienClient } from '../../shared/api';
import { useServices } from '../app-services';

/**
 * Loads one of a project's lists and reloads it when the engine says the project changed or a
 * job of the project succeeded (any job, or only one of `reloadAfterJob` kind). `load` must keep
 * its identity across renders (a module-level function), or every render would load again.
 */
export function useProjectList<T>(
  projectId: string,
  load: (client: MienClient, projectId: string) => Promise<T>,
  reloadAfterJob?: JobKind,
): { list: T | null; error: string | null; reload(): void } {
  const { client } = useServices();
  const [list, setList] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    load(client, projectId).then(
      (loaded) => {
        setList(loaded);
        setError(null);
      },
      (failure: unknown) => setError(toApiError(failure).message),
    );
  }, [client, projectId, load]);

  useEffect(() => {
    reload();
    const offProject = client.on('project.changed', (payload) => {
      if (payload.projectId === projectId) reload();
    });
    const offJob = client.on('job.updated', (job) => {
      if (job.projectId !== projectId || job.state !== 'succeeded') return;
      if (reloadAfterJob === undefined || job.kind === reloadAfterJob) reload();
    });
    return () => {
      offProject();
      offJob();
    };
  }, [client, projectId, reload, reloadAfterJob]);

  return { list, error, reload };
}
