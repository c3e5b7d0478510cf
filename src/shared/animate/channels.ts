import { frameTime } from '../timeline/frames';
import type { ParameterId, Track } from '../timeline/keyframe';
import { reduceKeys } from '../timeline/reduce';

/** Per-frame values for a set of parameters, all on frames 0..frameCount-1 at fps. */
export interface FrameChannels {
  fps: number;
  frameCount: number;
  channels: Partial<Record<ParameterId, Float32Array>>;
}

/** A rig state as parameter values; a missing parameter is at rest (0). */
export type RigValues = Partial<Record<ParameterId, number>>;

/** Default tolerances for baking: coefficients in 0..1, angles in degrees. */
export const BAKE_TOLERANCE = { coefficient: 0.01, degrees: 0.1 } as const;

/** Bakes per-frame channels into editable bezier tracks (key reduction within tolerances). */
export function bakeToTracks(frames: FrameChannels, tolerance = BAKE_TOLERANCE): Track[] {
  const times = Array.from({ length: frames.frameCount }, (_, i) => frameTime(i, frames.fps));
  return (Object.entries(frames.channels) as Array<[ParameterId, Float32Array]>).map(([parameter, values]) => ({
    parameter,
    keyframes: reduceKeys(times, values, {
      tolerance: parameter.startsWith('head.') ? tolerance.degrees : tolerance.coefficient,
    }),
  }));
}
