import {
  ALL_LIPS,
  LOWER_LIP,
  LOWER_LIP_ROWS,
  MOUTH_CENTRE,
  MOUTH_CORNERS,
  UPPER_LIP,
  UPPER_LIP_ROWS,
  lipOuterness,
  mandibleWeights,
} from './anatomy';
import {
  addField,
  addTranslation,
  maxOf,
  members,
  multiply,
  nearPoint,
  nearPoints,
  newDisplacement,
  point,
  type DisplacementField,
} from './region-tools';
import { LANDMARK } from '../topology/rig-points';

/**
 * Lip-shape family (symmetric shapes): funnel, pucker, rolls, shrugs and tongueOut. They act on
 * the lip rows (outer vermilion to inner contour) with a falloff into the surrounding skin.
 */
export function buildLipShapes(): Record<
  | 'mouthFunnel'
  | 'mouthPucker'
  | 'mouthRollLower'
  | 'mouthRollUpper'
  | 'mouthShrugLower'
  | 'mouthShrugUpper'
  | 'tongueOut',
  DisplacementField
> {
  const lipsAndSkin = maxOf(nearPoint(MOUTH_CENTRE, [0.26, 0.16, 0.3]), members([[ALL_LIPS, 1]]));
  const corners = nearPoints(MOUTH_CORNERS, [0.09, 0.09, 0.12]);

  // Funnel ("oh"): lips flare forward into a ring, corners come in, the lip opening rounds out.
  const mouthFunnel = addTranslation(newDisplacement(), lipsAndSkin, [0, 0, 0.04]);
  addField(mouthFunnel, corners, (x) => [-Math.sign(x) * 0.03, 0, 0]);
  addTranslation(
    mouthFunnel,
    members([
      [UPPER_LIP_ROWS.inner, 1],
      [UPPER_LIP_ROWS.semiInner, 0.6],
    ]),
    [0, 0.022, 0.01],
  );
  addTranslation(
    mouthFunnel,
    members([
      [LOWER_LIP_ROWS.inner, 1],
      [LOWER_LIP_ROWS.semiInner, 0.6],
    ]),
    [0, -0.026, 0.01],
  );

  // Pucker ("kiss"): lips pushed forward and gathered towards the middle, opening closed.
  const mouthPucker = addTranslation(newDisplacement(), lipsAndSkin, [0, 0, 0.05]);
  addField(mouthPucker, maxOf(corners, members([[ALL_LIPS, 1]])), (x) => [
    -Math.sign(x) * Math.min(0.05, 0.35 * Math.abs(x)),
    0,
    0,
  ]);
  addTranslation(mouthPucker, members([[UPPER_LIP_ROWS.outer, 1]]), [0, -0.006, 0.006]);
  addTranslation(mouthPucker, members([[LOWER_LIP_ROWS.outer, 1]]), [0, 0.006, 0.006]);

  // Rolls: the vermilion turns in over the teeth, outer rows travel most.
  const outer = lipOuterness();
  const lowerOnly = members([[LOWER_LIP, 1]]);
  const upperOnly = members([[UPPER_LIP, 1]]);
  const mouthRollLower = addTranslation(newDisplacement(), multiply(outer, lowerOnly), [0, 0.018, -0.024]);
  addTranslation(mouthRollLower, members([[LOWER_LIP_ROWS.inner, 1]]), [0, 0.004, -0.012]);
  const mouthRollUpper = addTranslation(newDisplacement(), multiply(outer, upperOnly), [0, -0.018, -0.024]);
  addTranslation(mouthRollUpper, members([[UPPER_LIP_ROWS.inner, 1]]), [0, -0.004, -0.012]);

  // Shrugs: mentalis pushes the lower lip and chin pad up; the upper lip is pushed up and out.
  const chinPad = nearPoint(point(LANDMARK.chinTop), [0.16, 0.14, 0.2]);
  const mouthShrugLower = addTranslation(
    newDisplacement(),
    multiply(maxOf(chinPad, lowerOnly), mandibleWeights()),
    [0, 0.026, 0.012],
  );
  const mouthShrugUpper = addTranslation(
    newDisplacement(),
    maxOf(multiply(nearPoint(point(LANDMARK.upperLipTop), [0.14, 0.08, 0.2]), upperOnly), upperOnly),
    [0, 0.016, 0.012],
  );

  // The mesh has no tongue: a protruding tongue shows on it as a lower lip pushed down and
  // forward with the lips parted. (The renderer may add tongue geometry driven by this weight.)
  const tongueOut = addTranslation(newDisplacement(), multiply(lowerOnly, mandibleWeights()), [0, -0.02, 0.02]);
  addTranslation(tongueOut, members([[LOWER_LIP_ROWS.inner, 1]]), [0, -0.008, 0.01]);
  addTranslation(tongueOut, members([[UPPER_LIP_ROWS.inner, 1]]), [0, 0.006, 0]);
  return { mouthFunnel, mouthPucker, mouthRollLower, mouthRollUpper, mouthShrugLower, mouthShrugUpper, tongueOut };
}
