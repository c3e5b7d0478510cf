/**
 * Geometric measures of facemesh landmarks that do not depend on the rig: ratios of 3D distances
 * between landmarks, so head rotation, position and scale cancel (a similarity transform keeps
 * them). The rig evaluation correlates the rig's coefficients with them, so the rig is not graded
 * by itself. "Left" is the subject's left (MediaPipe's 263/362 eye).
 */
const dist = (l: ArrayLike<number>, a: number, b: number): number =>
  Math.hypot(l[a * 3]! - l[b * 3]!, l[a * 3 + 1]! - l[b * 3 + 1]!, l[a * 3 + 2]! - l[b * 3 + 2]!);

/** lid pairs (upper, lower) across each eye, and its corners */
const EYES = {
  left: {
    lids: [
      [387, 373],
      [386, 374],
      [385, 380],
    ],
    corners: [263, 362],
  },
  right: {
    lids: [
      [160, 144],
      [159, 145],
      [158, 153],
    ],
    corners: [33, 133],
  },
} as const;

export interface LandmarkMeasures {
  /** eye opening over eye width (eye aspect ratio), per eye */
  eyeOpenLeft: number;
  eyeOpenRight: number;
  /** inner-lip gap (13-14) over face width */
  mouthGap: number;
  /** vermilion height (upper 0-13 plus lower 14-17) over mouth width (61-291) */
  lipThickness: number;
  /** mouth width over face width */
  mouthWidth: number;
  /** brow height above the eye: mean over inner/middle brow points of their distance to the inner eye corner, over face width */
  browHeightInner: number;
  browHeightOuter: number;
}

export function landmarkMeasures(l: ArrayLike<number>): LandmarkMeasures {
  const faceWidth = dist(l, 234, 454);
  const eyeOpen = (eye: (typeof EYES)['left']) =>
    eye.lids.reduce((sum, [a, b]) => sum + dist(l, a, b), 0) /
    eye.lids.length /
    dist(l, eye.corners[0], eye.corners[1]);
  return {
    eyeOpenLeft: eyeOpen(EYES.left),
    eyeOpenRight: eyeOpen(EYES.right as unknown as (typeof EYES)['left']),
    mouthGap: dist(l, 13, 14) / faceWidth,
    lipThickness: (dist(l, 0, 13) + dist(l, 14, 17)) / dist(l, 61, 291),
    mouthWidth: dist(l, 61, 291) / faceWidth,
    // inner brow (107/336, 55/285) to inner eye corner (133/362); outer brow (70/300, 46/276) to outer corner (33/263)
    browHeightInner: (dist(l, 107, 133) + dist(l, 55, 133) + dist(l, 336, 362) + dist(l, 285, 362)) / 4 / faceWidth,
    browHeightOuter: (dist(l, 70, 33) + dist(l, 46, 33) + dist(l, 300, 263) + dist(l, 276, 263)) / 4 / faceWidth,
  };
}

/** Pearson correlation; NaN when either series is constant. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 1e-12 && sbb > 1e-12 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}

/** Correlation of a and b with the linear effect of c removed from both (partial correlation). */
export function partialCorrelation(a: ArrayLike<number>, b: ArrayLike<number>, c: ArrayLike<number>): number {
  const rab = correlation(a, b);
  const rac = correlation(a, c);
  const rbc = correlation(b, c);
  return (rab - rac * rbc) / Math.sqrt(Math.max(1e-12, (1 - rac * rac) * (1 - rbc * rbc)));
}
