/** Public surface of expression transfer and retargeting (issue 9): expression sources and retargeted video. */
export {
  driverTracksOf,
  expressionTransferOf,
  expressionTransferWithDonor,
  sceneExpressionOf,
  type DriverTracks,
  type SceneExpression,
} from './expression-source';
export { retargetVideo, type RetargetVideoRequest, type RetargetVideoResult } from './retarget-video';
