import { useCallback, useEffect, useState } from 'react';
import { toApiError, type StyleInversion } from '../../shared/api';
import { useServices } from '../app-services';
import { isActiveJob, useJobsStore } from '../state/jobs-store';

/**
 * The latest inversion of one photo into one generator, kept current: its loss curve grows with
 * the engine's 'inversion.progress' events while its job runs, and it is read again whenever an
 * 'invert' job of the project ends (done, cancelled or failed: the stored state is what a resume
 * continues from).
 */
export function useInversion(projectId: string, assetId: string | null, synthesisId: string | null) {
  const { client } = useServices();
  const key = `${assetId}|${synthesisId}`;
  const [loaded, setLoaded] = useState<{ key: string; inversion: StyleInversion | null } | null>(null);
  const [curve, setCurve] = useState<{ id: string; losses: number[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // What was read for another photo or generator is not shown while the new one loads.
  const inversion = loaded?.key === key ? loaded.inversion : null;
  const losses = inversion && curve?.id === inversion.id ? curve.losses : (inversion?.losses ?? []);
  const job = useJobsStore((state) => (inversion?.jobId ? state.jobs[inversion.jobId] : undefined));
  const running = job ? isActiveJob(job) : false;

  const reload = useCallback(() => {
    if (!assetId || !synthesisId) return Promise.resolve();
    return client.call('stylegan.inversions', { projectId, assetId }).then(
      (all) => {
        const latest = all.filter((candidate) => candidate.settings.synthesisId === synthesisId).at(-1) ?? null;
        setLoaded({ key: `${assetId}|${synthesisId}`, inversion: latest });
        setCurve(latest ? { id: latest.id, losses: latest.losses } : null);
        setError(null);
      },
      (failure: unknown) => setError(toApiError(failure).message),
    );
  }, [client, projectId, assetId, synthesisId]);

  useEffect(() => {
    void reload();
    return client.on('job.updated', (update) => {
      if (update.projectId === projectId && update.kind === 'invert' && !isActiveJob(update)) void reload();
    });
  }, [client, projectId, reload]);

  const inversionId = inversion?.id;
  useEffect(() => {
    if (!inversionId) return;
    return client.on('inversion.progress', (event) => {
      if (event.inversionId !== inversionId) return;
      // Iterations are 1-based; a resume after a cancel repeats the iterations of the lost chunk.
      setCurve((known) => ({
        id: inversionId,
        losses: [
          ...(known?.id === inversionId ? known.losses : []).slice(0, event.firstIteration - 1),
          ...event.losses,
        ],
      }));
    });
  }, [client, inversionId]);

  return { inversion, losses, job, running, error, reload, setError };
}
