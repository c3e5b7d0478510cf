/** Public surface of coefficient tracks. */
export { tracksHandlers } from './tracks-handlers';
export { fitTracksAfterVideoTracking, startVideoTracking } from './video-tracking';
export { TRACK_SETS_MIGRATION } from './tracks-store-migration';
export { TrackSetsRepo } from './track-sets-repo';
