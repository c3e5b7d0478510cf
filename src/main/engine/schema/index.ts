/** Public surface of the project schema: the composed migrations and the store opened with them. */
import { ProjectStore, type OpenStoreOptions, type OpenStoreResult } from '../store';
import { projectSchema } from './project-schema';

export { projectSchema };

/** The newest schema version this build writes. */
export const latestSchemaVersion = projectSchema.latestVersion;

/** Opens the project store in `dataDir` with the engine's schema (see ProjectStore.open). */
export const openProjectStore = (dataDir: string, options: OpenStoreOptions = {}): OpenStoreResult =>
  ProjectStore.open(dataDir, { ...options, schema: projectSchema });
