import type { Job, JobPriority } from '../../../shared/api/models';
import type { EngineContext } from '../api';
import { followUp, type FollowUp } from '../jobs';
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
 * go first. Video assets are left to their own import path (it queues their tracking itself).
 */
export function analyzePhotoAfterImport(context: EngineContext): FollowUp<'import-photo'> {
  return followUp({
    after: 'import-photo',
    name: 'queue face analysis of the imported photo',
    start({ assetId }) {
      const asset = context.openStore().store.assets.find(assetId);
      // Deleted meanwhile: nothing to analyse.
      if (!asset || asset.kind === 'video') return;
      submitFaceAnalysis(context, { assetId, priority: 'batch' });
    },
  });
}
