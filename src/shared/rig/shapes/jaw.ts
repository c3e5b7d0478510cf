import { axisAngleToMatrix } from '../math/rotation';
import { JAW_HINGE, LOWER_LIP, UPPER_LIP, mandibleWeights } from './anatomy';
import {
  addRotation,
  addTranslation,
  members,
  multiply,
  newDisplacement,
  type DisplacementField,
} from './region-tools';

/**
 * Jaw family. The mandible mask (lower lip, chin, jaw line below the corner-to-hinge line, with
 * a smooth band into the cheeks) is rotated about the jaw hinge's left-right axis; opening also
 * slides the condyle forward a little, as a real jaw does, so the chin moves mostly down.
 */
const JAW_OPEN_DEGREES = 24;
const CONDYLE_SLIDE = [0, -0.03, 0.1] as const;

function jawOpenDisplacement(): DisplacementField {
  const weights = mandibleWeights();
  const field = newDisplacement();
  // Positive rotation about +x swings the chin down and back (z towards the camera).
  addRotation(field, weights, axisAngleToMatrix(1, 0, 0, (JAW_OPEN_DEGREES * Math.PI) / 180), JAW_HINGE);
  addTranslation(field, weights, CONDYLE_SLIDE);
  return field;
}

export function buildJawShapes(): Record<'jawOpen' | 'jawForward' | 'jawLeft' | 'mouthClose', DisplacementField> {
  const jawOpen = jawOpenDisplacement();
  const mandible = mandibleWeights();

  const jawForward = addTranslation(newDisplacement(), mandible, [0, 0, 0.06]);
  // Sideways jaw: translation towards the subject's left with a slight turn about the vertical axis.
  const jawLeft = addTranslation(newDisplacement(), mandible, [0.06, 0, 0]);
  addRotation(jawLeft, mandible, axisAngleToMatrix(0, 1, 0, (4 * Math.PI) / 180), JAW_HINGE);

  // mouthClose closes the lips against an open jaw: each lip travels half the jaw-open gap
  // towards the other (the lower lip back up, the upper lip down), so jawOpen + mouthClose at 1
  // gives an open jaw with sealed lips, as in ARKit.
  const fullRotation = newDisplacement();
  const everywhere = members([[[...UPPER_LIP, ...LOWER_LIP], 1]]);
  addRotation(fullRotation, everywhere, axisAngleToMatrix(1, 0, 0, (JAW_OPEN_DEGREES * Math.PI) / 180), JAW_HINGE);
  addTranslation(fullRotation, everywhere, CONDYLE_SLIDE);
  const upper = members([[UPPER_LIP, 0.5]]);
  const lower = multiply(members([[LOWER_LIP, -0.5]]), mandible);
  const mouthClose = newDisplacement();
  for (let k = 0; k < mouthClose.length; k++) {
    const i = Math.floor(k / 3);
    mouthClose[k] = (upper[i]! + lower[i]!) * fullRotation[k]!;
  }
  return { jawOpen, jawForward, jawLeft, mouthClose };
}
