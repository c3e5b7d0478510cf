/** Public surface of the store for the engine thread: the project store and its blob folder (worker threads load ./tasks). */
export {
  ProjectStore,
  moveDatabaseAside,
  DATABASE_FILE,
  BLOBS_FOLDER,
  type CoreRepositories,
  type OpenStoreOptions,
  type OpenStoreResult,
  fileMissingError,
  type RepositoryClass,
  type StagedFile,
} from './project-store';
export { isSha256, discardStaging, stagingDirFor, rethrowDiskFull, processIsAlive } from './blob-files';
export type { StoreProblem } from './open-database';
export type { JobsRepo } from './jobs-repo';
export type { ProjectsRepo } from './projects-repo';
export {
  JOB_ASSET_MIGRATION,
  MIEN_APPLICATION_ID,
  PROJECTS_AND_BLOBS_MIGRATION,
  SCENES_MIGRATION,
  STORE_BLOB_REFERENCES,
  type BlobReference,
  type Migration,
  type MigrationStep,
} from './migrations';
export { defineProjectSchema, type ProjectSchema } from './schema-definition';
