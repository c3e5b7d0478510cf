import type { Asset } from '../../../shared/api';
import type { EngineContext } from '../api';
import { submitFaceAnalysis } from '../face';
import { followUp, type FollowUp } from '../jobs';
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
 */
export function fitTracksAfterVideoTracking(context: EngineContext): FollowUp<'analyze-face'> {
  return followUp({
    after: 'analyze-face',
    name: 'queue the rig fit of the tracked video',
    start({ assetId, ok }) {
      if (!ok) return;
      const { store, scheduler } = context.openStore();
      // A photo's analysis, or a video removed meanwhile: nothing to fit.
      if (store.assets.find(assetId)?.kind !== 'video') return;
      scheduler.submit(fitTracksJob({ store, events: context.events }, assetId));
    },
  });
}
