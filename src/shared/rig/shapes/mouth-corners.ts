import { LANDMARK } from '../topology/rig-points';
import { LOWER_LIP_ROWS, MOUTH_CENTRE, UPPER_LIP_ROWS, lipOuterness, mandibleWeights } from './anatomy';
import {
  addTranslation,
  invert,
  leftSide,
  maxOf,
  members,
  multiply,
  nearPoint,
  nearPoints,
  nearestFrontPoint,
  newDisplacement,
  point,
  type DisplacementField,
  type Vec3,
} from './region-tools';

/**
 * Mouth-corner family (left side; Right is mirrored). Each shape pulls the left mouth corner in
 * the direction of the muscle that drives it, with an ellipsoidal falloff centred on the corner
 * that reaches the lips' middle only faintly, plus a secondary region where the muscle bunches
 * the skin (the cheek for a smile).
 */
const LEFT_CORNERS = [LANDMARK.leftMouthCorner, LANDMARK.leftMouthInnerCorner, 306, 292];

function cornerPull(direction: Vec3, radii: Vec3): DisplacementField {
  return addTranslation(newDisplacement(), multiply(nearPoints(LEFT_CORNERS, radii), leftSide(0.04)), direction);
}

export function buildMouthCornerShapes(): Record<
  | 'mouthSmileLeft'
  | 'mouthFrownLeft'
  | 'mouthDimpleLeft'
  | 'mouthStretchLeft'
  | 'mouthPressLeft'
  | 'mouthUpperUpLeft'
  | 'mouthLowerDownLeft'
  | 'mouthLeft',
  DisplacementField
> {
  // Zygomaticus major: corner up, out and back; the cheek above it bunches up and forward.
  const mouthSmileLeft = cornerPull([0.045, 0.055, -0.035], [0.19, 0.15, 0.2]);
  const cheek = nearestFrontPoint(0.25, -0.12);
  addTranslation(mouthSmileLeft, multiply(nearPoint(point(cheek), [0.13, 0.1, 0.2]), leftSide()), [0.005, 0.02, 0.015]);

  // Depressor anguli oris: corner down and slightly out.
  const mouthFrownLeft = cornerPull([0.01, -0.045, -0.004], [0.16, 0.14, 0.18]);

  // Buccinator: corner straight back into the cheek, a little outwards.
  const mouthDimpleLeft = cornerPull([0.022, 0.002, -0.03], [0.13, 0.11, 0.15]);

  // Risorius / platysma: corner out and down, the lower lip's side stretched down with it.
  const mouthStretchLeft = cornerPull([0.05, -0.02, -0.015], [0.2, 0.14, 0.2]);
  addTranslation(
    mouthStretchLeft,
    multiply(members([[[...LOWER_LIP_ROWS.outer, ...LOWER_LIP_ROWS.semiOuter], 1]]), leftSide(0.06)),
    [0.008, -0.012, 0],
  );

  // Orbicularis pressing: the lips thin towards the lip line on the left half; the inner contour stays.
  const outer = lipOuterness();
  const side = multiply(leftSide(0.05), nearPoint(point(LANDMARK.leftMouthCorner), [0.22, 0.2, 0.3]));
  const mouthPressLeft = newDisplacement();
  addTranslation(
    mouthPressLeft,
    multiply(outer, members([[Object.values(UPPER_LIP_ROWS).flat(), 1]]), side),
    [0, -0.014, -0.004],
  );
  addTranslation(
    mouthPressLeft,
    multiply(outer, members([[Object.values(LOWER_LIP_ROWS).flat(), 1]]), side),
    [0, 0.014, -0.004],
  );

  // Levator labii superioris: the upper lip's left part rises, baring the teeth, skin up to the nose with it.
  const upperLeft = nearestFrontPoint(0.07, -0.205);
  const mouthUpperUpLeft = addTranslation(
    newDisplacement(),
    multiply(nearPoint(point(upperLeft), [0.12, 0.12, 0.2]), leftSide(0.03), invert(mandibleWeights())),
    [0.004, 0.038, 0.008],
  );

  // Depressor labii inferioris: the lower lip's left part drops.
  const lowerLeft = nearestFrontPoint(0.07, -0.29);
  const mouthLowerDownLeft = addTranslation(
    newDisplacement(),
    multiply(nearPoint(point(lowerLeft), [0.12, 0.12, 0.2]), leftSide(0.03), mandibleWeights()),
    [0.002, -0.038, 0.006],
  );

  // Whole mouth shifted towards the subject's left, sliding back a little round the face's curve.
  const mouthLeft = addTranslation(
    newDisplacement(),
    maxOf(nearPoint(MOUTH_CENTRE, [0.3, 0.16, 0.3]), members([[LEFT_CORNERS, 0.9]])),
    [0.05, 0, -0.012],
  );
  return {
    mouthSmileLeft,
    mouthFrownLeft,
    mouthDimpleLeft,
    mouthStretchLeft,
    mouthPressLeft,
    mouthUpperUpLeft,
    mouthLowerDownLeft,
    mouthLeft,
  };
}
