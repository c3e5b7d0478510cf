import { axisAngleToMatrix } from '../math/rotation';
import { LEFT_IRIS_POINTS } from '../topology/rig-points';
import { LEFT_EYE, LEFT_EYEBALL_CENTRE } from './anatomy';
import { lidDisplacement } from './eyes';
import { addField, addRotation, members, newDisplacement, type DisplacementField } from './region-tools';

/**
 * Gaze family (left eye; Right is mirrored). At weight 1 the five iris points sit exactly on the
 * eyeball rotated about its centre (12 mm behind the iris); in between they move along the chord,
 * which a linear blendshape cannot avoid. The lids follow the gaze a little, as real lids do:
 * looking down lowers the upper lid, looking up lifts it, sideways gaze drags the lid margin.
 */
const DEG = Math.PI / 180;
/** Eye rotation (degrees) of each gaze shape at weight 1. */
export const GAZE_DEGREES = Object.freeze({ up: 25, down: 30, sideways: 30 });
const GAZE = GAZE_DEGREES;

function irisRotation(ax: number, ay: number, angle: number): DisplacementField {
  const field = newDisplacement();
  addRotation(field, members([[LEFT_IRIS_POINTS, 1]]), axisAngleToMatrix(ax, ay, 0, angle), LEFT_EYEBALL_CENTRE);
  return field;
}

function sum(a: DisplacementField, b: DisplacementField): DisplacementField {
  for (let k = 0; k < a.length; k++) a[k] = a[k]! + b[k]!;
  return a;
}

function lidDrag(dx: number): DisplacementField {
  const field = newDisplacement();
  const margins = members([
    [LEFT_EYE.upper[0]!, 1],
    [LEFT_EYE.lower[0]!, 1],
    [LEFT_EYE.upper[1]!, 0.5],
    [LEFT_EYE.lower[1]!, 0.5],
  ]);
  return addField(field, margins, () => [dx, 0, 0]);
}

export function buildGazeShapes(): Record<
  'eyeLookUpLeft' | 'eyeLookDownLeft' | 'eyeLookInLeft' | 'eyeLookOutLeft',
  DisplacementField
> {
  return {
    // Rotation about +x tips the front of the eye down; negative looks up.
    eyeLookUpLeft: sum(irisRotation(1, 0, -GAZE.up * DEG), lidDisplacement({ upper: [0.25, 0.18], lower: [0.05] })),
    eyeLookDownLeft: sum(
      irisRotation(1, 0, GAZE.down * DEG),
      lidDisplacement({ upper: [-0.3, -0.22, -0.08], lower: [-0.05] }),
    ),
    // Rotation about +y swings the front of the eye towards +x, the subject's left = outwards for the left eye.
    eyeLookOutLeft: sum(irisRotation(0, 1, GAZE.sideways * DEG), lidDrag(0.008)),
    eyeLookInLeft: sum(irisRotation(0, 1, -GAZE.sideways * DEG), lidDrag(-0.008)),
  };
}
