/** Public surface of the store for the engine thread: the project store and its blob folder (worker threads load ./tasks). */
export {
  ProjectStore,
  moveDatabaseAside,
  DATABASE_FILE,
  BLOBS_FOLDER,
  type OpenStoreResult,
  type StagedFile,
} from './project-store';
export { isSha256, discardStaging, stagingDirFor, rethrowDiskFull } from './blob-files';
export type { JobsRepo } from './jobs-repo';
