/** Public surface of expression transfer and retargeting (issue 9): expression sources and retargeted video. */
export { driverTracksOf, expressionTransferOf, type DriverTracks } from './expression-source';
export { retargetVideo, type RetargetVideoRequest, type RetargetVideoResult } from './retarget-video';
