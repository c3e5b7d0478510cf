import { blendshapeIndex } from '../arkit-names';
import { getBlendshapeBasis } from '../blendshape-basis';

/**
 * Pucker and funnel straight from the mouth's width, like the blink from the lid opening
 * (lid-blink.ts). Facemesh follows a pucker only faintly: on the fixture child's clear O-shaped
 * puckers (labelled by eye) the inner mouth corners come 3-16% closer (median 8%) and the lips
 * neither protrude (depth change < 1.5% of the face width) nor gather anything like the rig's
 * pucker (corners 5% of the face width inwards per side, a third of the mouth's width). Least
 * squares therefore read those puckers as mouthLowerDown/UpperUp (pucker/funnel 0.1-0.36).
 *
 * The measure: the distance between the inner mouth corners (78-308) over the eye-corner span
 * (33-263 and 133-362: points expressions barely move), a ratio of 3D distances, so the head pose
 * cancels, against the same measure on the person's neutral (calibrated on the driver's calm
 * frames in the video path). A narrowing beyond GATHER_DEAD_ZONE reads as pucker, full at
 * GATHER_DEAD_ZONE + GATHER_FULL; how far the inner lips part beyond the neutral's decides how
 * much of it is also a funnel (an open "oo" is both in ARKit's sense).
 *
 * In the least-squares fit the two shapes are held at the values that reproduce the measured
 * narrowing with the rig's own shapes (what the landmarks show), so the rest of the mouth is
 * fitted around what facemesh actually sees; the coefficients reported are the calibrated ones.
 */

/** inner mouth corners (MediaPipe's indices, the rig's too) */
const INNER_CORNERS = [78, 308] as const;
/** inner lip midpoints, upper and lower */
const INNER_LIPS = [13, 14] as const;
/** eye corners: outer (33, 263) and inner (133, 362) */
const EYE_SPANS = [
  [33, 263],
  [133, 362],
] as const;

/**
 * Narrowing (fraction of the neutral inner-corner distance) that is not yet a pucker: the mouth
 * at rest and in speech varies by up to 3% (fixture videos' labelled neutral frames: 0-3%).
 */
export const GATHER_DEAD_ZONE = 0.03;
/** Narrowing beyond the dead zone that reads as a full pucker (facemesh's clear puckers: 8-16%). */
export const GATHER_FULL = 0.05;

function dist(points: ArrayLike<number>, a: number, b: number): number {
  return Math.hypot(
    points[a * 3]! - points[b * 3]!,
    points[a * 3 + 1]! - points[b * 3 + 1]!,
    points[a * 3 + 2]! - points[b * 3 + 2]!,
  );
}

function eyeSpan(points: ArrayLike<number>): number {
  return (dist(points, EYE_SPANS[0][0], EYE_SPANS[0][1]) + dist(points, EYE_SPANS[1][0], EYE_SPANS[1][1])) / 2;
}

/** inner mouth width and inner lip parting, both over the eye span (pose-free) */
function mouthMeasures(points: ArrayLike<number>, out: Float64Array, spanPoints = points): void {
  const span = eyeSpan(spanPoints);
  out[0] = dist(points, INNER_CORNERS[0], INNER_CORNERS[1]) / span;
  out[1] = dist(points, INNER_LIPS[0], INNER_LIPS[1]) / span;
}

export class LipGather {
  readonly puckerIndex = blendshapeIndex('mouthPucker');
  readonly funnelIndex = blendshapeIndex('mouthFunnel');
  /** neutral inner width and parting */
  private readonly neutral = new Float64Array(2);
  private readonly frame = new Float64Array(2);
  /** narrowing of the inner width per unit of the rig's own pucker and funnel */
  private readonly puckerNarrowing: number;
  private readonly funnelNarrowing: number;
  /**
   * parting of the inner lips (over the inner-corner distance) of the rig's funnel at 1: a gather
   * with the lips parted this much beyond the neutral's is all funnel, with them closed all pucker
   */
  private readonly funnelParting: number;
  /** this frame's calibrated pucker and funnel, and the values the least squares sees */
  readonly reported = new Float64Array(2);
  readonly seen = new Float64Array(2);

  constructor() {
    const basis = getBlendshapeBasis();
    const rest = new Float64Array(2);
    mouthMeasures(basis.neutral, rest);
    const measured = (name: 'mouthPucker' | 'mouthFunnel') => {
      const delta = basis.shapeDelta(name);
      const moved = Float64Array.from(basis.neutral, (v, j) => v + delta[j]!);
      const out = new Float64Array(2);
      mouthMeasures(moved, out);
      return out;
    };
    const pucker = measured('mouthPucker');
    const funnel = measured('mouthFunnel');
    this.puckerNarrowing = 1 - pucker[0]! / rest[0]!;
    this.funnelNarrowing = 1 - funnel[0]! / rest[0]!;
    this.funnelParting = (funnel[1]! - rest[1]!) / rest[0]!;
  }

  /**
   * The mouth measure itself (inner width, inner-lip parting, both over the eye span) of
   * landmarks in any frame: what a caller that knows the mouth's course better than one frame's
   * landmarks (a whole video, RigFitOptions.mouthShape) measures and filters.
   */
  static mouthShape(points: ArrayLike<number>, spanPoints = points): [number, number] {
    const out = new Float64Array(2);
    mouthMeasures(points, out, spanPoints);
    return [out[0]!, out[1]!];
  }

  /** Remembers the person's neutral mouth (model-frame points). */
  setNeutral(neutral: ArrayLike<number>): void {
    mouthMeasures(neutral, this.neutral);
  }

  /**
   * Measures a frame's landmarks (any frame: the measure is pose-free) and sets `reported`
   * (calibrated pucker, funnel) and `seen` (the rig's pucker and funnel that reproduce the
   * measured narrowing). `given`: this frame's mouthShape() as the caller measured it, used
   * instead of the points'.
   */
  measure(points: ArrayLike<number>, given?: readonly [number, number]): void {
    if (given) this.frame.set(given);
    else mouthMeasures(points, this.frame);
    const narrowing = 1 - this.frame[0]! / this.neutral[0]!;
    const gather = Math.min(1, Math.max(0, (narrowing - GATHER_DEAD_ZONE) / GATHER_FULL));
    const parting = (this.frame[1]! - this.neutral[1]!) / this.neutral[0]!;
    const funnelShare = Math.min(1, Math.max(0, parting / this.funnelParting));
    this.reported[0] = gather;
    this.reported[1] = gather * funnelShare;
    const seen = gather > 0 ? Math.max(0, narrowing) / (this.puckerNarrowing + funnelShare * this.funnelNarrowing) : 0;
    this.seen[0] = Math.min(1, seen);
    this.seen[1] = Math.min(1, seen * funnelShare);
  }
}
