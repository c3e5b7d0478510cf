import { useCallback, useEffect, useState } from 'react';
import { toApiError, type Asset } from '../../shared/api';
import { useServices } from '../app-services';

/** The project's assets, reloaded when the engine says the project changed or one of its jobs finished. */
export function useAssets(projectId: string): { assets: Asset[] | null; error: string | null; reload(): void } {
  const { client } = useServices();
  const [assets, setAssets] = useState<Asset[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    client.call('assets.list', { projectId }).then(
      (list) => {
        setAssets(list);
        setError(null);
      },
      (failure: unknown) => setError(toApiError(failure).message),
    );
  }, [client, projectId]);

  useEffect(() => {
    reload();
    const offProject = client.on('project.changed', (payload) => {
      if (payload.projectId === projectId) reload();
    });
    const offJob = client.on('job.updated', (job) => {
      if (job.projectId === projectId && job.state === 'succeeded') reload();
    });
    return () => {
      offProject();
      offJob();
    };
  }, [client, projectId, reload]);

  return { assets, error, reload };
}
