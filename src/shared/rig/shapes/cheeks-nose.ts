import { mirrorIndex } from '../topology/mirror';
import { LEFT_EYE, MOUTH_CENTRE } from './anatomy';
import {
  addField,
  addTranslation,
  leftSide,
  maxOf,
  members,
  multiply,
  nearPoint,
  nearPoints,
  nearestFrontPoint,
  newDisplacement,
  point,
  scale,
  type DisplacementField,
} from './region-tools';

/**
 * Cheek and nose family. cheekPuff inflates both buccal areas (beside and above the mouth
 * corners) along an outward direction; cheekSquint lifts the upper cheek under the eye;
 * noseSneer lifts the nostril wing and the skin of the nose's side.
 */
export function buildCheekNoseShapes(): Record<'cheekPuff' | 'cheekSquintLeft' | 'noseSneerLeft', DisplacementField> {
  const mirror = mirrorIndex();
  const leftBuccal = nearestFrontPoint(0.27, -0.19);
  const buccal = maxOf(
    nearPoint(point(leftBuccal), [0.16, 0.17, 0.25]),
    nearPoint(point(mirror[leftBuccal]!), [0.16, 0.17, 0.25]),
  );
  const cheekPuff = addField(newDisplacement(), buccal, (x) => [Math.sign(x) * 0.035, -0.004, 0.022]);
  // Puffed cheeks push the lips slightly forward.
  addTranslation(cheekPuff, nearPoint(MOUTH_CENTRE, [0.2, 0.1, 0.2]), [0, 0, 0.012]);

  const cheekSquintLeft = addTranslation(
    newDisplacement(),
    multiply(maxOf(nearPoints(LEFT_EYE.lower[3]!, 0.09), members([[LEFT_EYE.lower[2]!, 0.6]])), leftSide()),
    [0.004, 0.026, 0.01],
  );

  // Levator labii superioris alaeque nasi: the nostril wing rises and the nose's side bunches.
  const wing = [327, 358, 294, 460, 455, 439];
  const noseSide = [351, 412, 343, 437, 399, 419];
  const noseSneerLeft = addTranslation(
    newDisplacement(),
    multiply(maxOf(nearPoints(wing, 0.08), scale(nearPoints(noseSide, 0.06), 0.5)), leftSide(0.02)),
    [0.004, 0.03, 0.006],
  );
  return { cheekPuff, cheekSquintLeft, noseSneerLeft };
}
