import type { EngineContext } from './api';
import { analyzePhotoAfterImport } from './face';
import type { AnyFollowUp } from './jobs';
import { fitTracksAfterVideoTracking } from './tracks';

/**
 * Every link from one job kind to the next, in one place: what the scheduler queues when a job
 * succeeds. (A video import queues its own tracking job inside the import, because the tracking
 * job's id is part of the import's result.)
 */
export function engineFollowUps(context: EngineContext): AnyFollowUp[] {
  return [
    ...(context.analyzeFacesAfterImport ? [analyzePhotoAfterImport(context)] : []),
    fitTracksAfterVideoTracking(context),
  ];
}
