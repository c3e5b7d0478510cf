import { ApiError, type ExpressionSource } from '../../../shared/api';
import {
  driverFrameState,
  mostNeutralFrame,
  type DriverChannels,
  type ExpressionTransfer,
  type RenderTarget,
} from '../../../shared/generate';
import { coefficientsToRecord } from '../../../shared/rig';
import type { EngineContext } from '../api';
import { portraitSource, type EngineExpression, type GenerateSourceSpec } from '../generate';
import { TrackSetsRepo } from '../tracks';
import { videoFrameDonorsOf, type DonorContext } from './video-frame-donors';

/** A driving video's tracks, ready for transfer: channels by name, its frame rate and frame count. */
export interface DriverTracks extends DriverChannels {
  fps: number;
  trackSetId: string;
  name: string;
}

/**
 * The coefficient tracks fitted from a video asset (its newest track set). Throws an ApiError
 * saying why when there are none (tracking not run, still running or failed).
 */
export function driverTracksOf(context: Pick<EngineContext, 'openStore'>, videoAssetId: string): DriverTracks {
  const { store } = context.openStore();
  const asset = store.assets.get(videoAssetId);
  if (asset.kind !== 'video') {
    throw new ApiError('invalid_request', `${asset.originalName} is a photo, not a driving video.`);
  }
  const repo = store.repository(TrackSetsRepo);
  const id = repo.idsFromAsset(videoAssetId).at(-1);
  if (!id) {
    throw new ApiError(
      'invalid_request',
      `${asset.originalName} has no coefficient tracks yet: its face tracking has not finished (or found no face).`,
    );
  }
  const { summary, data } = repo.load(id);
  const byName = new Map(data.channels.map((channel) => [channel.name, channel.samples]));
  return {
    trackSetId: id,
    name: summary.name,
    fps: data.fps,
    frameCount: data.frameCount,
    measured: data.measured,
    channel: (name) => byName.get(name),
  };
}

const ZERO_STATE: RenderTarget = {
  coefficients: coefficientsToRecord(new Float32Array(52)),
  head: { yawDeg: 0, pitchDeg: 0, rollDeg: 0 },
};

/**
 * The expression source as the generator mixes it (ExpressionTransfer):
 * - a photo: its rig state (the user's edits, else its fit), taken as it is (mode 'absolute'): the
 *   fit already measures expression from that person's own neutral shape, and the portrait's values
 *   are measured from hers, so at alpha 1 a layer shows the source's expression on the portrait's
 *   face, and identity does not travel (a photo has no rest frame to subtract; `mode` is ignored);
 * - a video frame: the frame's tracked state against its neutral frame (`neutralFrameIndex`, or the
 *   most neutral frame by coefficients when null): 'relative' adds the frame's change from the
 *   neutral frame to the portrait's own state (retargeting), 'absolute' takes the frame's values.
 */
export function expressionTransferOf(
  context: Pick<EngineContext, 'openStore'>,
  source: ExpressionSource,
  mode: ExpressionTransfer['mode'] = 'relative',
  driver?: DriverTracks,
): EngineExpression {
  const { store } = context.openStore();
  const asset = store.assets.get(source.assetId);
  if (asset.kind !== 'video') {
    // The photo itself travels too: its open mouth's interior replaces the painted one.
    const photo = portraitSource(context, source.assetId);
    return { state: photo.rig, neutral: ZERO_STATE, mode: 'absolute', mouthDonor: photo.spec, detailFromDonor: true };
  }
  const tracks = driver ?? driverTracksOf(context, source.assetId);
  const frame = source.frameIndex ?? 0;
  const neutralFrame = source.neutralFrameIndex ?? mostNeutralFrame(tracks);
  for (const [what, index] of [
    ['frame', frame],
    ['neutral frame', neutralFrame],
  ] as const) {
    if (index >= tracks.frameCount) {
      throw new ApiError(
        'invalid_request',
        `${asset.originalName} has ${tracks.frameCount} frames (0-${tracks.frameCount - 1}); there is no ${what} ${index}.`,
      );
    }
  }
  return { state: driverFrameState(tracks, frame), neutral: driverFrameState(tracks, neutralFrame), mode };
}

/**
 * expressionTransferOf with a video frame's own mouth interior as donor (decoded and fitted once,
 * see VideoFrameDonors; none when the frame's mouth is shut or has no tracked face). A photo
 * source carries its donor already.
 */
export async function expressionTransferWithDonor(
  context: DonorContext,
  source: ExpressionSource,
  mode: ExpressionTransfer['mode'] = 'relative',
): Promise<EngineExpression> {
  const expression = expressionTransferOf(context, source, mode);
  if (expression.mouthDonor) return expression;
  const donor = await videoFrameDonorsOf(context).prepare(source.assetId, source.frameIndex ?? 0);
  return donor ? { ...expression, mouthDonor: donor } : expression;
}

/**
 * A scene's expression source, read once from the store (a video's tracks stay in memory): gives
 * the ExpressionTransfer for a frame of the source (a photo ignores the frame). A video frame's
 * mouth donor (its own teeth and tongue) comes with it: `now` takes it only when it is already
 * prepared and otherwise starts preparing it (interactive preview frames never wait on ffmpeg),
 * `settled` waits for it (the preview's settled full frame, single renders).
 */
export interface SceneExpression {
  now(sourceFrame: number | null): EngineExpression;
  settled(sourceFrame: number | null): Promise<EngineExpression>;
  /**
   * Without a video frame's donor, nothing decoded (a photo keeps its own): for frames of a source
   * frame animated over the whole video, where a donor per frame costs several renders (see
   * docs/generator.md, "Mouth").
   */
  withoutVideoDonor(sourceFrame: number | null): EngineExpression;
}

export function sceneExpressionOf(context: DonorContext, source: ExpressionSource | null): SceneExpression | null {
  if (!source) return null;
  const { store } = context.openStore();
  if (store.assets.get(source.assetId).kind !== 'video') {
    const photo = expressionTransferOf(context, source);
    return { now: () => photo, settled: () => Promise.resolve(photo), withoutVideoDonor: () => photo };
  }
  const driver = driverTracksOf(context, source.assetId);
  const neutralFrameIndex = source.neutralFrameIndex ?? mostNeutralFrame(driver);
  const neutral = driverFrameState(driver, Math.min(neutralFrameIndex, driver.frameCount - 1));
  // A frame past the video's end (a track keyed beyond it) holds the last frame.
  const frameOf = (sourceFrame: number | null) =>
    Math.min(driver.frameCount - 1, Math.max(0, sourceFrame ?? source.frameIndex ?? 0));
  const donors = videoFrameDonorsOf(context);
  const at = (frame: number, mouthDonor: GenerateSourceSpec | null): EngineExpression => ({
    state: driverFrameState(driver, frame),
    neutral,
    mode: 'relative',
    ...(mouthDonor ? { mouthDonor } : {}),
  });
  return {
    now(sourceFrame) {
      const frame = frameOf(sourceFrame);
      return at(frame, donors.peek(source.assetId, frame));
    },
    async settled(sourceFrame) {
      const frame = frameOf(sourceFrame);
      return at(frame, await donors.prepare(source.assetId, frame));
    },
    withoutVideoDonor: (sourceFrame) => at(frameOf(sourceFrame), null),
  };
}
