import type { Job, JobPriority } from '../../../shared/api/models';
import type { EngineContext } from '../api';
import { analyzeFaceJob } from './analyze-face-job';
import { FaceAnalyzer } from './face-analyzer';

/**
 * Queues an analyze-face job with the execution provider from settings. One analyzer per job, so
 * its provider-fallback warnings belong to that job's result (the worker keeps the loaded sessions).
 */
export function submitFaceAnalysis(
  context: EngineContext,
  request: { assetId: string; chooseIndex?: number; priority: JobPriority },
): Job {
  const { store, scheduler } = context.openStore();
  const analyzer = new FaceAnalyzer(context.pool, { provider: context.settings.get().executionProvider });
  return scheduler.submit(analyzeFaceJob({ store, analyzer, events: context.events }, request));
}

/**
 * Analyses every photo as soon as its import succeeds: a batch job, so further interactive imports
 * go first. Video assets are left to their own import path. Returns the unsubscribe function.
 */
export function analyzeAfterImport(context: EngineContext): () => void {
  return context.events.on((event, payload) => {
    if (event !== 'job.updated') return;
    const job = payload as Job;
    const assetId = job.result?.assetId;
    if (job.kind !== 'import-photo' || job.state !== 'succeeded' || typeof assetId !== 'string') return;
    try {
      const asset = context.openStore().store.assets.find(assetId);
      if (!asset || asset.kind === 'video') return;
      submitFaceAnalysis(context, { assetId, priority: 'batch' });
    } catch (error) {
      // The asset was deleted meanwhile or the store closed: nothing to analyse.
      console.warn(`[engine] could not queue face analysis of asset ${assetId}:`, (error as Error).message);
    }
  });
}
