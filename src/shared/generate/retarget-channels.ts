import type { FrameChannels } from '../animate/channels';
import { ARKIT_BLENDSHAPE_NAMES } from '../rig';
import { HEAD_PARAMETERS, rigParameter } from '../timeline/keyframe';
import { driverFrameState, type DriverChannels } from './driver-frames';
import { mixExpression, type ExpressionAlphas, type ExpressionTransfer } from './expression-layers';
import type { RenderTarget } from './generator-types';

export interface RetargetChannelOptions {
  /** The driver's rest frame (see mostNeutralFrame). */
  neutralFrame: number;
  mode: ExpressionTransfer['mode'];
  /** Per-layer strength; head 0 keeps the portrait's head still. */
  alphas: ExpressionAlphas;
}

/**
 * Face video retargeting as coefficient tracks (issue 9): every frame of the driver mixed onto the
 * portrait's rig state exactly as the generator mixes it, as per-frame channels at the driver's
 * frame rate, ready for bakeToTracks (key reduction) and the scene's timeline. Only parameters
 * that move are kept, so the timeline does not fill with flat tracks.
 */
export function retargetChannels(
  appearance: RenderTarget,
  driver: DriverChannels & { fps: number },
  options: RetargetChannelOptions,
): FrameChannels {
  const neutral = driverFrameState(driver, options.neutralFrame);
  const channels: FrameChannels['channels'] = {};
  const rig = ARKIT_BLENDSHAPE_NAMES.map(() => new Float32Array(driver.frameCount));
  const head = HEAD_PARAMETERS.map(() => new Float32Array(driver.frameCount));
  for (let f = 0; f < driver.frameCount; f++) {
    const mixed = mixExpression(
      appearance,
      { state: driverFrameState(driver, f), neutral, mode: options.mode },
      options.alphas,
    );
    rig.forEach((values, k) => (values[f] = mixed.coefficients[k]!));
    head[0]![f] = mixed.head.yawDeg;
    head[1]![f] = mixed.head.pitchDeg;
    head[2]![f] = mixed.head.rollDeg;
  }
  const moves = (values: Float32Array, tolerance: number) =>
    values.some((value) => Math.abs(value - values[0]!) > tolerance);
  ARKIT_BLENDSHAPE_NAMES.forEach((name, k) => {
    if (moves(rig[k]!, 1e-3)) channels[rigParameter(name)] = rig[k]!;
  });
  HEAD_PARAMETERS.forEach((parameter, a) => {
    if (moves(head[a]!, 0.01)) channels[parameter] = head[a]!;
  });
  return { fps: driver.fps, frameCount: driver.frameCount, channels };
}
