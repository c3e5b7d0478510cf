import { FACE_MESH_POINT_COUNT } from './facemesh-topology';

/**
 * The rig works on MediaPipe's refined landmark layout: 468 mesh points followed by 10 iris
 * points. Side names are the subject's own ("left" = the subject's left = image right in a
 * non-mirrored photo), as in ARKit and MediaPipe.
 *
 * Iris points follow MediaPipe's refine_landmarks order: 468 is the centre of the right iris
 * (the eye with corners 33 and 133), 469-472 its contour, 473 the left iris centre (eye corners
 * 263 and 362), 474-477 its contour. The rig places the contour points at +x, +y, -x, -y of the
 * centre in that order (x towards the subject's left, y up).
 */
export const RIG_POINT_COUNT = 478;
export const RIGHT_IRIS_CENTER = 468;
export const LEFT_IRIS_CENTER = 473;
export const RIGHT_IRIS_POINTS = [468, 469, 470, 471, 472] as const;
export const LEFT_IRIS_POINTS = [473, 474, 475, 476, 477] as const;

/** Mirror partner of each iris point: the +x contour point of one eye mirrors to the -x one of the other. */
export const IRIS_MIRROR: ReadonlyArray<readonly [number, number]> = [
  [468, 473],
  [469, 476],
  [470, 475],
  [471, 474],
  [472, 477],
];

/** Named anatomical landmarks used by the shape construction code (MediaPipe indices). */
export const LANDMARK = {
  foreheadTop: 10,
  glabella: 9,
  noseBridge: 168,
  noseTip: 1,
  noseBottom: 2,
  subnasale: 164,
  upperLipTop: 0,
  upperLipInner: 13,
  lowerLipInner: 14,
  lowerLipBottom: 17,
  chinTop: 18,
  chin: 152,
  rightMouthCorner: 61,
  leftMouthCorner: 291,
  rightMouthInnerCorner: 78,
  leftMouthInnerCorner: 308,
  rightEyeOuter: 33,
  rightEyeInner: 133,
  leftEyeOuter: 263,
  leftEyeInner: 362,
  rightFaceSide: 234,
  leftFaceSide: 454,
  rightJawAngle: 172,
  leftJawAngle: 397,
  rightNoseWing: 98,
  leftNoseWing: 327,
  rightCheek: 205,
  leftCheek: 425,
} as const;

export { FACE_MESH_POINT_COUNT };
