import { BLENDSHAPE_COUNT } from '../arkit-names';

/** Live Link Face's head and eye rotation columns, in file order. */
export const HEAD_EYE_CHANNELS = [
  'HeadYaw',
  'HeadPitch',
  'HeadRoll',
  'LeftEyeYaw',
  'LeftEyePitch',
  'LeftEyeRoll',
  'RightEyeYaw',
  'RightEyePitch',
  'RightEyeRoll',
] as const;
export type HeadEyeChannel = (typeof HEAD_EYE_CHANNELS)[number];
/** The two groups of HEAD_EYE_CHANNELS, as [first, end) indices: a capture may carry one without the other. */
export const HEAD_EYE_GROUPS = { head: [0, 3], eyes: [3, 9] } as const satisfies Record<string, [number, number]>;
export type HeadEyeGroup = keyof typeof HEAD_EYE_GROUPS;

/**
 * The indices into HEAD_EYE_CHANNELS of one group: the one reading of HEAD_EYE_GROUPS, for the CSV
 * reader (which groups a file has) and the track set (which channels a capture lacks).
 */
export function headEyeGroupIndices(group: HeadEyeGroup): number[] {
  const [from, to] = HEAD_EYE_GROUPS[group];
  return Array.from({ length: to - from }, (_, k) => from + k);
}

/**
 * Per-frame rig coefficients over time: what a driving video, a Live Link Face capture or a
 * MediaPipe blendshape dump becomes. Frame-major typed arrays so a track set of thousands of
 * frames stays one allocation and transfers cheaply between threads.
 */
export interface CoefficientTracks {
  /** nominal frame rate (frames per second) */
  fps: number;
  frameCount: number;
  /** seconds from the first frame, one per frame, non-decreasing */
  times: Float64Array;
  /** absolute time of the first frame in seconds (from its timecode), 0 when unknown */
  startSeconds: number;
  /** frameCount x 52 coefficients in [0, 1], ARKit order */
  coefficients: Float32Array;
  /**
   * frameCount x 9 head and eye rotations (HEAD_EYE_CHANNELS order) exactly as the file gave
   * them (Live Link Face's own units), or null when the source had none.
   */
  headAndEyes: Float32Array | null;
  /**
   * The group of headAndEyes the source did not have, when it had only the other one: that
   * group's values are 0 and stand for nothing (a head-only capture has no eye motion; its gaze
   * is in the eyeLook* coefficients). Absent when the source had both groups, or neither.
   */
  missingAngles?: HeadEyeGroup;
}

/** Thrown for malformed input; `line` is 1-based where the format has lines. */
export class RigFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'RigFormatError';
  }
}

/** A frame's coefficients (a view, not a copy). */
export function frameCoefficients(tracks: CoefficientTracks, frame: number): Float32Array {
  return tracks.coefficients.subarray(frame * BLENDSHAPE_COUNT, (frame + 1) * BLENDSHAPE_COUNT);
}
