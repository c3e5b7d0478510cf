/** What worker threads load of the store: staging blob files, never the database. */
export { sha256Of, stageBlob, type StagedBlob } from './blob-files';
export type { StagedFile } from './project-store';
