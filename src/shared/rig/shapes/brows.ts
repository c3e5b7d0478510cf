import { mirrorIndex } from '../topology/mirror';
import { LEFT_BROW, LEFT_BROW_INNER, LEFT_BROW_OUTER, aboveLidMargin } from './anatomy';
import {
  addTranslation,
  byPosition,
  leftSide,
  multiply,
  nearPoints,
  newDisplacement,
  smoothstep,
  type DisplacementField,
} from './region-tools';

/**
 * Brow family. Each shape moves a brow segment with a smooth compact falloff reaching into the
 * forehead and the upper lid skin, cut off above the lid margin so brows never move the lid
 * opening (the eye shapes own it).
 */
export function buildBrowShapes(): Record<'browDownLeft' | 'browInnerUp' | 'browOuterUpLeft', DisplacementField> {
  const shield = aboveLidMargin();

  // Corrugator and procerus pull the brow down and in, strongest at the inner end.
  const innerEmphasis = byPosition((x) => 0.45 + 0.55 * smoothstep(0.42, 0.1, x));
  const browDownLeft = addTranslation(
    newDisplacement(),
    multiply(nearPoints(LEFT_BROW, [0.1, 0.09, 0.12]), innerEmphasis, leftSide(), shield),
    [-0.03, -0.045, 0.01],
  );

  // Frontalis' medial part lifts both inner brows together (a symmetric shape).
  const mirror = mirrorIndex();
  const bothInner = [...LEFT_BROW_INNER, ...LEFT_BROW_INNER.map((i) => mirror[i]!)];
  const browInnerUp = addTranslation(
    newDisplacement(),
    multiply(nearPoints(bothInner, [0.12, 0.14, 0.14]), shield),
    [0, 0.05, 0],
  );

  const browOuterUpLeft = addTranslation(
    newDisplacement(),
    multiply(nearPoints(LEFT_BROW_OUTER, [0.12, 0.13, 0.14]), leftSide(), shield),
    [0.004, 0.048, 0],
  );
  return { browDownLeft, browInnerUp, browOuterUpLeft };
}
