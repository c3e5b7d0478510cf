import { useCallback, useEffect, useState } from 'react';
import { toApiError, type Asset, type FaceAnalysis, type Job } from '../../shared/api';
import { useServices } from '../app-services';
import { isActiveJob, useJobsStore } from '../state/jobs-store';

export interface FaceAnalysisState {
  /** The stored analysis; null while never analysed (or still loading). */
  analysis: FaceAnalysis | null;
  loaded: boolean;
  loadError: string | null;
  /** An analyze-face job of this photo's project is queued or running. */
  analysing: boolean;
  /** The latest finished analyze-face job of this photo (its warnings, or its error). */
  lastJob: Job | null;
  reload(): void;
  /** Replaces the shown analysis (after faces.choose returned the new one). */
  replace(analysis: FaceAnalysis): void;
}

const isFinalFor = (job: Job, assetId: string): boolean =>
  job.kind === 'analyze-face' && !isActiveJob(job) && job.assetId === assetId;

/**
 * The face analysis of one photo, reloaded whenever an analyze-face job of that photo finishes.
 * "Analysing" means an analyze-face job of this photo is active.
 */
export function useFaceAnalysis(asset: Asset): FaceAnalysisState {
  const { client } = useServices();
  const [analysis, setAnalysis] = useState<FaceAnalysis | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const assetId = asset.id;

  const reload = useCallback(() => {
    client
      .call('faces.get', { assetId })
      .then(({ analysis: stored }) => {
        setAnalysis(stored);
        setLoadError(null);
        setLoaded(true);
      })
      .catch((error: unknown) => {
        setLoadError(toApiError(error).message);
        setLoaded(true);
      });
  }, [client, assetId]);

  useEffect(() => {
    reload();
    return client.on('job.updated', (job) => {
      if (isFinalFor(job, assetId)) reload();
    });
  }, [client, assetId, reload]);

  const analysing = useJobsStore((state) =>
    Object.values(state.jobs).some((job) => job.kind === 'analyze-face' && job.assetId === assetId && isActiveJob(job)),
  );
  const lastJob = useJobsStore((state) => {
    let latest: Job | null = null;
    for (const job of Object.values(state.jobs)) {
      if (isFinalFor(job, assetId) && (!latest || (job.finishedAt ?? 0) > (latest.finishedAt ?? 0))) latest = job;
    }
    return latest;
  });

  return { analysis, loaded, loadError, analysing, lastJob, reload, replace: setAnalysis };
}

/** Provider fallback warnings an analyze-face job reported in its result. */
export function jobWarnings(job: Job | null): string[] {
  const warnings = job?.result?.warnings;
  return Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string') : [];
}
