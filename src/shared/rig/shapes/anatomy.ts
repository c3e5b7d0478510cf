import { FACE_MESH_REGIONS as R } from '../topology/facemesh-topology';
import { LANDMARK } from '../topology/rig-points';
import { byPosition, members, multiply, point, px, py, smoothstep, type Vec3, type WeightField } from './region-tools';

/**
 * Anatomical groups of the canonical mesh that several shape families share: lip rows, the
 * lower-jaw mask, eyelid rows and brows. Left-side lists only: Right shapes are mirrored.
 */

// Lip rows from the outer vermilion border inwards. Corners (61/291 outer, 78/308 inner and the
// rows' end points next to them) are kept apart because they belong to both lips.
export const MOUTH_CORNERS = [61, 291, 78, 308, 76, 306, 62, 292] as const;
export const UPPER_LIP_ROWS = {
  outer: R.lipsUpperOuter,
  semiOuter: R.lipsUpperSemiOuter,
  semiInner: R.lipsUpperSemiInner,
  inner: R.lipsUpperInner,
} as const;
const notCorner = (list: readonly number[]) => list.filter((i) => !(MOUTH_CORNERS as readonly number[]).includes(i));
export const LOWER_LIP_ROWS = {
  outer: notCorner(R.lipsLowerOuter),
  semiOuter: notCorner(R.lipsLowerSemiOuter),
  semiInner: notCorner(R.lipsLowerSemiInner),
  inner: notCorner(R.lipsLowerInner),
} as const;

export const UPPER_LIP = [
  ...UPPER_LIP_ROWS.outer,
  ...UPPER_LIP_ROWS.semiOuter,
  ...UPPER_LIP_ROWS.semiInner,
  ...UPPER_LIP_ROWS.inner,
];
export const LOWER_LIP = [
  ...LOWER_LIP_ROWS.outer,
  ...LOWER_LIP_ROWS.semiOuter,
  ...LOWER_LIP_ROWS.semiInner,
  ...LOWER_LIP_ROWS.inner,
];
export const ALL_LIPS = [...UPPER_LIP, ...LOWER_LIP, ...MOUTH_CORNERS];

/** 1 on the outer vermilion border fading to 0 on the inner (mucosal) contour. */
export function lipOuterness(): WeightField {
  return members([
    [UPPER_LIP_ROWS.outer, 1],
    [UPPER_LIP_ROWS.semiOuter, 0.7],
    [UPPER_LIP_ROWS.semiInner, 0.35],
    [LOWER_LIP_ROWS.outer, 1],
    [LOWER_LIP_ROWS.semiOuter, 0.7],
    [LOWER_LIP_ROWS.semiInner, 0.35],
  ]);
}

export const MOUTH_CENTRE: Vec3 = [
  0,
  (py(LANDMARK.upperLipInner) + py(LANDMARK.lowerLipInner)) / 2,
  (point(LANDMARK.upperLipInner)[2] + point(LANDMARK.lowerLipInner)[2]) / 2,
];
const MOUTH_CORNER_Y = py(LANDMARK.leftMouthCorner);
const MOUTH_HALF_WIDTH = px(LANDMARK.leftMouthCorner);

/**
 * Temporomandibular joint (the jaw hinge), in front of the ear at about the height of the nose's
 * base and a little inside the face's side silhouette.
 */
export const JAW_HINGE: Vec3 = [0, py(LANDMARK.noseBottom) + 0.18, point(LANDMARK.leftFaceSide)[2] + 0.04];

/**
 * How much each point rides on the mandible: lower lip and chin 1, upper lip and everything
 * above the line from the mouth corners to the hinge 0, corners 0.5, a smooth band between.
 */
export function mandibleWeights(): WeightField {
  const upper = new Set<number>(UPPER_LIP);
  const lower = new Set<number>(LOWER_LIP);
  const corners = new Set<number>(MOUTH_CORNERS);
  return byPosition((x, y, _z, i) => {
    if (i >= 468) return 0;
    if (upper.has(i)) return 0;
    if (lower.has(i)) return 1;
    if (corners.has(i)) return 0.5;
    // Boundary rises from the mouth corners to the hinge height at the face side.
    const lateral = smoothstep(MOUTH_HALF_WIDTH, 0.5, Math.abs(x));
    const boundary = MOUTH_CORNER_Y + lateral * (JAW_HINGE[1] - 0.12 - MOUTH_CORNER_Y);
    return smoothstep(boundary + 0.015, boundary - 0.09, y);
  });
}

/** Eye rows of the subject's left eye, lid margin first (0) outwards. */
export const LEFT_EYE = {
  upper: [R.leftEyeUpper0, R.leftEyeUpper1, R.leftEyeUpper2] as readonly (readonly number[])[],
  lower: [R.leftEyeLower0, R.leftEyeLower1, R.leftEyeLower2, R.leftEyeLower3] as readonly (readonly number[])[],
  corners: [LANDMARK.leftEyeOuter, LANDMARK.leftEyeInner] as const,
};

const lidMarginUpper = [LANDMARK.leftEyeOuter, ...R.leftEyeUpper0, LANDMARK.leftEyeInner];
const lidMarginLower = R.leftEyeLower0;

function polylineYAt(indices: readonly number[], x: number): number {
  const sorted = [...indices].sort((a, b) => px(a) - px(b));
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  if (x <= px(first)) return py(first);
  if (x >= px(last)) return py(last);
  for (let k = 0; k < sorted.length - 1; k++) {
    const a = sorted[k]!;
    const b = sorted[k + 1]!;
    if (x >= px(a) && x <= px(b)) {
      const t = (x - px(a)) / (px(b) - px(a) || 1);
      return py(a) + t * (py(b) - py(a));
    }
  }
  return py(last);
}

/** Opening of the left eye (upper minus lower lid margin height) at horizontal position x; 0 beyond the corners. */
export function leftEyeOpeningAt(x: number): number {
  return Math.max(0, polylineYAt(lidMarginUpper, x) - polylineYAt(lidMarginLower, x));
}

export const LEFT_EYE_CENTRE: Vec3 = point(473);
/** Eyeball radius: about 12 mm on a face about 140 mm wide. */
export const EYEBALL_RADIUS = 0.085;
export const LEFT_EYEBALL_CENTRE: Vec3 = [LEFT_EYE_CENTRE[0], LEFT_EYE_CENTRE[1], LEFT_EYE_CENTRE[2] - EYEBALL_RADIUS];

export const LEFT_BROW = [...R.leftEyebrowUpper, ...R.leftEyebrowLower];
export const LEFT_BROW_INNER = [336, 296, 285, 295, 282];
export const LEFT_BROW_OUTER = [300, 383, 276, 353, 293, 283];

/** Fades out downwards so brow shapes never drag the lid margin (which the eye shapes own). */
export function aboveLidMargin(): WeightField {
  const lidTop = py(386);
  return byPosition((_x, y) => smoothstep(lidTop + 0.005, lidTop + 0.06, y));
}

/** Limits a weight field to the listed points only. */
export function only(indices: readonly number[], weights: WeightField): WeightField {
  return multiply(members([[indices, 1]]), weights);
}
