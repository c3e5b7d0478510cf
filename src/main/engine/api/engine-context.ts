import type { StoreStatus } from '../../../shared/api';
import type { EventBus } from '../event-bus';
import type { JobScheduler } from '../jobs';
import type { FfmpegLocation, ImportLimits } from '../media';
import type { ProjectStore } from '../store';
import type { SettingsFile } from '../settings';
import type { EngineTasks, WorkerPool } from '../workers';
import type { ModelManager } from '../models';
import type { RenderSessions } from '../preview';

/** The store and scheduler exist only while the project database is open and healthy. */
export interface OpenStore {
  store: ProjectStore;
  scheduler: JobScheduler;
}

/** What API handlers reach of the engine. */
export interface EngineContext {
  host: 'desktop' | 'web' | 'cli';
  /** The data folder (mien.sqlite, blobs/, models/, exports/). */
  dataDir: string;
  /** Shows a file in the system's file manager: the desktop host's (Electron's shell); absent elsewhere. */
  revealFile?: (absolutePath: string) => void;
  limits: ImportLimits;
  events: EventBus;
  pool: WorkerPool<EngineTasks>;
  ffmpeg: FfmpegLocation;
  /** Open render sessions (live preview) of every connection. */
  renderSessions: RenderSessions;
  /** Application settings (<dataDir>/settings.json). */
  settings: SettingsFile;
  /** The user's installed models (<dataDir>/models), opened on first use. */
  modelManager(): Promise<ModelManager>;
  /** Queue face analysis after each photo import (EngineOptions.analyzeFacesAfterImport). */
  analyzeFacesAfterImport: boolean;
  storeStatus(): StoreStatus;
  /** The open store; throws ApiError('store_corrupt', 'store_in_use' or 'read_only') naming the file while the engine runs degraded. */
  openStore(): OpenStore;
  /** Moves a damaged database (and its blob folder) aside and opens a fresh one. */
  resetStore(): { movedTo: string; blobsMovedTo: string | null };
}
