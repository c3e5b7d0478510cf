import type { Asset, Job } from '../../../shared/api';
import type { EngineContext } from '../api';
import { submitFaceAnalysis } from '../face';
import { fitTracksJob } from './fit-tracks-job';

/**
 * After a video is imported: face tracking, the analyze-face job with the provider from settings,
 * at batch priority so photo imports and edits go first. Returns its job id.
 */
export function startVideoTracking(context: EngineContext, asset: Asset): string {
  return submitFaceAnalysis(context, { assetId: asset.id, priority: 'batch' }).id;
}

/**
 * Whenever tracking of a video succeeds with a face in some frame (after import, or a later
 * faces.analyze), queues the fit-tracks job that turns its landmarks into coefficient tracks.
 * Returns the unsubscribe function.
 */
export function fitTracksAfterTracking(context: EngineContext): () => void {
  return context.events.on((event, payload) => {
    if (event !== 'job.updated') return;
    const job = payload as Job;
    const assetId = job.result?.assetId;
    if (job.kind !== 'analyze-face' || job.state !== 'succeeded' || job.result?.ok !== true) return;
    if (typeof assetId !== 'string') return;
    try {
      const { store, scheduler } = context.openStore();
      if (store.assets.find(assetId)?.kind !== 'video') return;
      scheduler.submit(fitTracksJob({ store, events: context.events }, assetId));
    } catch (error) {
      // The video was removed meanwhile or the engine is closing: nothing to fit.
      console.warn(`[engine] could not queue the rig fit of video ${assetId}:`, (error as Error).message);
    }
  });
}
