/**
 * The 3D coefficient rig: 52 ARKit blendshapes on MediaPipe's 478-point face mesh, head pose,
 * fitting to landmarks, retargeting and coefficient-track file formats. Pure TypeScript, usable
 * by the engine and the renderer alike. See docs/rig.md.
 */
export * from './arkit-names';
export * from './coefficients';
export * from './pose';
export * from './rig-model';
export { getBlendshapeBasis, type BlendshapeBasis } from './blendshape-basis';
export { IDENTITY_MODE_NAMES, IDENTITY_MODE_COUNT, getIdentityBasis, type IdentityModeName } from './identity-basis';
export { RigFitter, type RigFitOptions, type RigFitResult } from './fit/rig-fitter';
export { LidBlink } from './fit/lid-blink';
export { LipGather } from './fit/lip-gather';
export { synthesizeLandmarks, seededRandom } from './fit/synthesize';
export {
  retarget,
  retargetedPoints,
  type RetargetDriver,
  type RetargetOptions,
  type RetargetResult,
  type RetargetSource,
} from './retarget';
export * from './formats/coefficient-tracks';
export {
  parseLiveLinkCsv,
  serializeLiveLinkCsv,
  liveLinkHeader,
  LIVE_LINK_BLENDSHAPE_ORDER,
  type LiveLinkImport,
} from './formats/live-link-csv';
export { parseBlendshapeJson } from './formats/blendshape-json';
export { parseTimecode, formatTimecode } from './formats/timecode';
export { RIG_POINT_COUNT, LEFT_IRIS_POINTS, RIGHT_IRIS_POINTS, LANDMARK } from './topology/rig-points';
export { FACE_MESH_TRIANGLES, FACE_MESH_UV, FACE_MESH_REGIONS } from './topology/facemesh-topology';
export { eulerDegreesToMatrix, matrixToEulerDegrees, rotationAngleBetweenDegrees } from './math/rotation';
export {
  BUILT_IN_PRESETS,
  builtInPreset,
  presetCoefficients,
  type BuiltInPresetId,
  type ExpressionPreset,
} from './presets';
export { freePresetName, presetNameKey, presetNameProblem } from './preset-names';
export {
  HEAD_AXES,
  HEAD_LIMITS_DEG,
  ZERO_HEAD,
  clampHeadRotation,
  type ClampedHeadAngle,
  type HeadAxis,
  type HeadRotation,
} from './head-rotation';
