import { ApiError } from '../../../shared/api';
import type { EventBus } from '../event-bus';
import { FacesRepo } from '../face';
import type { JobSpec } from '../jobs';
import type { ProjectStore } from '../store';
import { TrackSetsRepo } from './track-sets-repo';
import { fitVideoTracks } from './video-rig-tracks';

/** What the analyze-face job stored for a video: how many frames it read, and the outcome. */
export function videoAnalysisOutcome(
  store: ProjectStore,
  assetId: string,
): ReturnType<FacesRepo['loadOutcomeSummary']> {
  return store.repository(FacesRepo).loadOutcomeSummary(assetId);
}

/**
 * The fit-tracks job: turns a tracked video's stored landmarks into a coefficient track set
 * (video-rig-tracks.ts), replacing the set an earlier fit of the same video made. The fit runs on
 * the engine thread in slices of a few frames (about a millisecond each) between event-loop turns.
 */
export function fitTracksJob(deps: { store: ProjectStore; events: EventBus }, assetId: string): JobSpec<'fit-tracks'> {
  const { store, events } = deps;
  const asset = store.assets.get(assetId);
  if (asset.kind !== 'video') {
    throw new ApiError('invalid_request', `${asset.originalName} is a photo; coefficient tracks come from videos.`);
  }
  return {
    kind: 'fit-tracks',
    projectId: asset.projectId,
    assetId: asset.id,
    priority: 'batch',
    title: `Fit the rig to ${asset.originalName}`,
    hasPreview: false,
    async run(context) {
      const outcome = videoAnalysisOutcome(store, assetId);
      if (!outcome) {
        throw new ApiError('conflict', `${asset.originalName} has not been tracked yet; run face analysis first.`);
      }
      const frames = store.repository(FacesRepo).loadVideoFrames(assetId);
      if (frames.length === 0) {
        throw new ApiError(
          'invalid_request',
          `No face was found in any frame of ${asset.originalName}, so there is nothing to fit.`,
        );
      }
      context.progress(0.02, 'Fitting the rig');
      const fps =
        asset.fps ??
        (frames.length > 1
          ? 1000 / ((frames[1]!.timeMs - frames[0]!.timeMs) / (frames[1]!.index - frames[0]!.index))
          : 30);
      const fitted = await fitVideoTracks(
        frames.map((frame) => ({
          index: frame.index,
          landmarks: frame.landmarks!,
          ...(frame.rawLandmarks ? { rawLandmarks: frame.rawLandmarks } : {}),
        })),
        {
          fps,
          frameCount: outcome.counters?.frames,
          signal: context.signal,
          onProgress: (fraction) => context.progress(0.02 + 0.93 * fraction, 'Fitting the rig'),
        },
      );
      context.signal.throwIfAborted();
      if (!store.assets.find(assetId))
        throw new ApiError('not_found', `${asset.originalName} was removed during the fit.`);
      const trackSet = store.repository(TrackSetsRepo).insert(
        {
          projectId: asset.projectId,
          name: asset.originalName.replace(/\.[^.]+$/, ''),
          sourceKind: 'video',
          sourceAssetId: assetId,
          sourceName: asset.originalName,
          data: fitted.data,
          fit: {
            identityFrames: fitted.identityFrames,
            meanResidualPixels: fitted.meanResidualPixels,
            smoothing: fitted.smoothing,
          },
        },
        { replaceSourceAsset: true },
      );
      events.emit('project.changed', { projectId: asset.projectId });
      return {
        assetId,
        trackSetId: trackSet.id,
        frameCount: trackSet.frameCount,
        measuredFrames: trackSet.measuredFrames,
        meanResidualPixels: fitted.meanResidualPixels,
      };
    },
  };
}
