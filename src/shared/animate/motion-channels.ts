import { ARKIT_BLENDSHAPE_NAMES } from '../rig/arkit-names';
import type { ParameterId } from '../timeline/keyframe';
import type { RigValues } from './channels';

/**
 * The channels a learned motion predictor reads and writes (docs/timeline.md), in tensor order:
 * the 52 ARKit coefficients in ARKit order (0..1), then head yaw, pitch and roll in degrees.
 */
export const MOTION_CHANNELS: readonly ParameterId[] = [
  ...ARKIT_BLENDSHAPE_NAMES.map((name) => `rig.${name}` as ParameterId),
  'head.yawDeg',
  'head.pitchDeg',
  'head.rollDeg',
];
export const MOTION_CHANNEL_COUNT = 55;

/** A rig state as the predictor's row of 55 values (a missing parameter is 0). */
export function motionRow(values: RigValues, into = new Float32Array(MOTION_CHANNEL_COUNT)): Float32Array {
  MOTION_CHANNELS.forEach((parameter, index) => (into[index] = values[parameter] ?? 0));
  return into;
}
