import { useCallback, useEffect, useState } from 'react';
import { toApiError } from '../../shared/api';
import type { TrackSetSummary } from '../../shared/api/tracks';
import { useServices } from '../app-services';

/** The project's track sets, reloaded when the project changes (an import, a fit, a delete). */
export function useTrackSets(projectId: string): {
  sets: TrackSetSummary[] | null;
  error: string | null;
  reload(): void;
} {
  const { client } = useServices();
  const [sets, setSets] = useState<TrackSetSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    client.call('tracks.list', { projectId }).then(
      (list) => {
        setSets(list);
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
      if (job.projectId === projectId && job.kind === 'fit-tracks' && job.state === 'succeeded') reload();
    });
    return () => {
      offProject();
      offJob();
    };
  }, [client, projectId, reload]);

  return { sets, error, reload };
}
