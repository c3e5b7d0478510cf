import { ApiError } from '../../../shared/api/errors';
import type { ParsedParamsOf, ResultOf } from '../../../shared/api/methods';
import type { EngineContext } from '../api';
import { FacesRepo } from './faces-repo';

/**
 * faces.videoFrames: a window of a tracked video's per-frame landmarks (x, y only) for drawing
 * the mesh over playback. The viewer asks for chunks ahead of the playhead, never single frames.
 */
export function videoFrames(
  context: EngineContext,
  { assetId, from, count }: ParsedParamsOf<'faces.videoFrames'>,
): ResultOf<'faces.videoFrames'> {
  const { store } = context.openStore();
  const asset = store.assets.get(assetId);
  if (asset.kind !== 'video') {
    throw new ApiError('invalid_request', `${asset.originalName} is a photo; only a video has per-frame landmarks.`);
  }
  const repo = store.repository(FacesRepo);
  const outcome = repo.loadVideoOutcome(assetId);
  if (!outcome) {
    throw new ApiError('not_found', `The face in ${asset.originalName} has not been tracked yet.`);
  }
  if (!asset.fps) throw new ApiError('unavailable', `The frame rate of ${asset.originalName} is unknown.`);
  const frameCount = outcome.frames;
  if (from >= frameCount) {
    throw new ApiError(
      'invalid_request',
      `Frame ${from} is past the end of ${asset.originalName}: its frames are 0..${frameCount - 1}.`,
    );
  }
  const end = Math.min(frameCount, from + count);
  const points = repo.loadVideoFramePoints(assetId, from, end - from);
  const frames = [];
  for (let frame = from; frame < end; frame++) frames.push({ frame, landmarks: points.get(frame) ?? null });
  return { fps: asset.fps, frameCount, width: outcome.width, height: outcome.height, frames };
}
