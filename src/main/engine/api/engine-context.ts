import type { StoreStatus } from '../../../shared/api';
import type { EventBus } from '../event-bus';
import type { JobScheduler } from '../jobs/job-scheduler';
import type { FfmpegLocation } from '../media/ffmpeg';
import type { ImportLimits } from '../media/import-photo-job';
import type { RenderSessions } from '../preview/render-sessions';
import type { ProjectStore } from '../store/project-store';
import type { SettingsFile } from '../settings/settings-file';
import type { EngineTasks } from '../workers/engine-tasks';
import type { WorkerPool } from '../workers/worker-pool';

/** The store and scheduler exist only while the project database is open and healthy. */
export interface OpenStore {
  store: ProjectStore;
  scheduler: JobScheduler;
}

/** What API handlers reach of the engine. */
export interface EngineContext {
  host: 'desktop' | 'web' | 'cli';
  limits: ImportLimits;
  events: EventBus;
  pool: WorkerPool<EngineTasks>;
  ffmpeg: FfmpegLocation;
  /** Open render sessions (live preview) of every connection. */
  renderSessions: RenderSessions;
  /** Application settings (<dataDir>/settings.json). */
  settings: SettingsFile;
  /** Queue face analysis after each photo import (EngineOptions.analyzeFacesAfterImport). */
  analyzeFacesAfterImport: boolean;
  storeStatus(): StoreStatus;
  /** The open store; throws ApiError('store_corrupt') naming the file while the engine runs degraded. */
  openStore(): OpenStore;
  /** Moves an unusable database aside and opens a fresh one. */
  resetStore(): { movedTo: string };
}
