import { LipGather } from '../../../shared/rig';
import { smoothSavitzkyGolay } from './savitzky-golay';
import type { TrackedFrame } from './video-rig-tracks';

/**
 * The mouth's inner width and parting (LipGather.mouthShape) through a tracked clip, for the
 * fit's pucker/funnel reading (RigFitOptions.mouthShape), filtered without lag.
 *
 * Why not the landmarks the rest of the fit uses: the tracker smooths them with a One Euro filter,
 * which is causal (it runs live) and adapts its cutoff to a speed it estimates through its own
 * low-pass, so a quick gather of the lips shows one or two frames late: on the fixture child's
 * puckers the smoothed inner corners had not narrowed yet on the first frame a person sees as a
 * pucker, the unsmoothed ones had (by 9-13%). A stored clip is known whole, so a centred filter
 * can smooth without lag:
 * - the width and parting are measured on the unsmoothed landmarks (`rawLandmarks`, when the
 *   frame has them), over the eye span of the smoothed ones: the eye corners are the measure's
 *   scale, which expressions barely move, so their lag costs nothing and their smoothing keeps
 *   the unsmoothed corners' jitter out of the denominator;
 * - then a median of 3 (removes one-frame outliers, keeps a step where it is) and the same
 *   5-frame quadratic Savitzky-Golay filter the coefficient channels get (centred: no lag).
 * Runs of consecutive frames are filtered separately (the tracker restarts after a lost face).
 * Frames without unsmoothed landmarks are measured on the smoothed ones, as before.
 */
export function mouthShapeCourse(frames: readonly TrackedFrame[]): [number, number][] {
  const shapes = frames.map((frame) => LipGather.mouthShape(frame.rawLandmarks ?? frame.landmarks, frame.landmarks));
  for (let start = 0; start < frames.length;) {
    let end = start + 1;
    while (end < frames.length && frames[end]!.index === frames[end - 1]!.index + 1) end++;
    for (const k of [0, 1] as const) {
      const filtered = smoothSavitzkyGolay(median3(shapes.slice(start, end).map((shape) => shape[k])), 2);
      for (let f = start; f < end; f++) shapes[f]![k] = filtered[f - start]!;
    }
    start = end;
  }
  return shapes;
}

/** Median of each value and its two neighbours (the ends are kept). */
export function median3(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values);
  for (let t = 1; t + 1 < values.length; t++) {
    const a = values[t - 1]!;
    const b = values[t]!;
    const c = values[t + 1]!;
    out[t] = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
  return out;
}
