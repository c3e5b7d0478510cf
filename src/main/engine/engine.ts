import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiError, type EventName, type StoreStatus } from '../../shared/api';
import type { EngineContext, OpenStore } from './api/engine-context';
import { createHandlers } from './api/handlers';
import { LOCAL_CALLER, type Caller } from './api/handler-types';
import { parseRequest } from './api/parse-params';
import { toApiError } from './errors';
import { EventBus } from './event-bus';
import { FrameStreams, type FrameListener } from './jobs/frame-streams';
import { JobScheduler } from './jobs/job-scheduler';
import { RenderSessions } from './preview/render-sessions';
import { createSessionRenderer } from './preview/session-renderer';
import { findFfmpeg } from './media/ffmpeg';
import type { ImportLimits } from './media/import-photo-job';
import { SettingsFile } from './settings/settings-file';
import { isSha256 } from './store/blob-files';
import { moveDatabaseAside, ProjectStore, DATABASE_FILE } from './store/project-store';
import type { EngineTasks } from './workers/engine-tasks';
import { resolveWorkerEntry } from './workers/resolve-worker-entry';
import { WorkerPool } from './workers/worker-pool';
import type { GenerateRenderOutput } from './generate/generate-task';
import { renderPortrait, type RenderPortraitOptions } from './generate/render-portrait';

export interface EngineOptions {
  /** Folder holding mien.sqlite and blobs/ (Electron's userData, or the web host's/CLI's --data-dir). */
  dataDir: string;
  host: 'desktop' | 'web' | 'cli';
  /** Long side of imported photos' working copies (default 4096 px). */
  maxWorkingSide?: number;
  /** Worker threads in the pool (default: CPU cores - 1, at least 1). */
  workers?: number;
  /** Extra workers only interactive work (preview renders) may use (default 1). */
  interactiveWorkers?: number;
  /** Path to a better-sqlite3 native build for another ABI (the Electron main process). */
  sqliteNativeBinding?: string;
  /** Largest accepted import in bytes (default 200 MB). */
  maxImportBytes?: number;
  /** Largest accepted import in pixels, before downscaling (default 120 megapixels). */
  maxImportPixels?: number;
  /** Jobs running at once (default 2). */
  jobConcurrency?: number;
  /** Worker script override; by default worker-entry.ts unbuilt, out/main/worker.js built. */
  workerEntry?: URL;
  /** Queue face analysis (a batch job) after every photo import (default true). */
  analyzeFacesAfterImport?: boolean;
}

/** The application core every host (Electron, web, CLI) drives. Never imports electron. */
export interface Engine {
  /**
   * Validates params against the contract and runs the method; always rejects with an ApiError.
   * `caller` names the window or socket calling (default: the local caller of CLI and tests);
   * what it opens (render sessions) is its own and ends with closeConnection.
   */
  handle(method: string, rawParams: unknown, caller?: Caller): Promise<unknown>;
  /** A window or socket went away: ends the render sessions it opened. */
  closeConnection(connectionId: string): void;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  /**
   * Receives a job's preview frames (stream id = job id), latest-frame-wins: each subscriber holds
   * at most one undelivered frame; a newer frame replaces it. Delivery happens on a later
   * event-loop turn; if onFrame returns a promise, the next frame waits until it settles (hosts
   * resolve it when the transport has sent the frame). A new subscriber first gets the latest frame.
   */
  openStream(streamId: string, onFrame: FrameListener): () => void;
  /** Path and MIME type of a stored blob, for the media protocol / HTTP route; null if unknown. */
  resolveBlob(sha256: string): { path: string; mime: string } | null;
  /**
   * Renders a portrait asset with the generator (docs/generator.md) in a worker: the asset's rig
   * state unless `options.target` gives one. Rejects with an ApiError.
   */
  renderPortrait(assetId: string, options: RenderPortraitOptions): Promise<GenerateRenderOutput>;
  close(): Promise<void>;
}

const DEFAULT_LIMITS: ImportLimits = {
  maxImportBytes: 200 * 1024 * 1024,
  maxImportPixels: 120_000_000,
  maxWorkingSide: 4096,
  thumbnailSide: 256,
};
const FINISHED_JOBS_KEPT = 500;

type StoreState = { ok: true; open: OpenStore } | { ok: false; path: string; reason: string };

const positiveInteger = (value: number | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`createEngine: ${name} must be a positive integer`);
  return value;
};

/** Starts the engine: opens (or refuses, without touching) the project store and prepares the worker pool. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const limits: ImportLimits = {
    ...DEFAULT_LIMITS,
    maxWorkingSide: positiveInteger(options.maxWorkingSide, DEFAULT_LIMITS.maxWorkingSide, 'maxWorkingSide'),
    maxImportBytes: positiveInteger(options.maxImportBytes, DEFAULT_LIMITS.maxImportBytes, 'maxImportBytes'),
    maxImportPixels: positiveInteger(options.maxImportPixels, DEFAULT_LIMITS.maxImportPixels, 'maxImportPixels'),
  };
  const workerCount = positiveInteger(options.workers, Math.max(1, os.availableParallelism() - 1), 'workers');
  const jobConcurrency = positiveInteger(options.jobConcurrency, 2, 'jobConcurrency');
  fs.mkdirSync(options.dataDir, { recursive: true });

  const events = new EventBus();
  const streams = new FrameStreams();
  const pool = new WorkerPool<EngineTasks>({
    size: workerCount,
    interactiveWorkers: options.interactiveWorkers ?? 1,
    entry: options.workerEntry ?? resolveWorkerEntry(),
  });
  let closed = false;
  // The renderer reads the store through the context below, once sessions render.
  const renderSessions = new RenderSessions({ streams, render: createSessionRenderer(() => context) });

  const openStoreState = (): StoreState => {
    const opened = ProjectStore.open(options.dataDir, { nativeBinding: options.sqliteNativeBinding });
    if (!opened.ok) {
      console.warn(`[engine] project database ${opened.path} is unusable: ${opened.reason}`);
      return { ok: false, path: opened.path, reason: opened.reason };
    }
    const { store } = opened;
    store.jobs.markInterrupted(Date.now());
    store.jobs.pruneFinished(FINISHED_JOBS_KEPT);
    const scheduler = new JobScheduler({
      repo: store.jobs,
      streams,
      concurrency: jobConcurrency,
      onUpdate: (job) => events.emit('job.updated', job),
    });
    return { ok: true, open: { store, scheduler } };
  };
  let storeState = openStoreState();

  const context: EngineContext = {
    host: options.host,
    limits,
    events,
    pool,
    ffmpeg: findFfmpeg(),
    renderSessions,
    settings: new SettingsFile(options.dataDir),
    analyzeFacesAfterImport: options.analyzeFacesAfterImport ?? true,
    storeStatus: (): StoreStatus =>
      storeState.ok
        ? { ok: true, path: storeState.open.store.dbPath, schemaVersion: storeState.open.store.schemaVersion }
        : { ok: false, path: storeState.path, reason: storeState.reason },
    openStore: () => {
      if (storeState.ok) return storeState.open;
      throw new ApiError(
        'store_corrupt',
        `The project database at ${storeState.path} cannot be used: ${storeState.reason}. ` +
          'Move it aside to start with a fresh one; nothing will be deleted.',
        { path: storeState.path, reason: storeState.reason },
      );
    },
    resetStore: () => {
      if (storeState.ok) {
        throw new ApiError(
          'conflict',
          `The project database at ${storeState.open.store.dbPath} is fine; nothing to reset.`,
        );
      }
      const movedTo = moveDatabaseAside(storeState.path);
      storeState = openStoreState();
      events.emit('projects.changed', {});
      if (!storeState.ok) {
        throw new ApiError(
          'store_corrupt',
          `A fresh database at ${storeState.path} could not be created either: ${storeState.reason}`,
        );
      }
      return { movedTo };
    },
  };
  const handlers = createHandlers(context);

  return {
    async handle(method, rawParams, caller = LOCAL_CALLER) {
      if (closed) throw new ApiError('unavailable', 'The engine has been closed.');
      try {
        const request = parseRequest(method, rawParams);
        return await (handlers[request.method] as (params: unknown, caller: Caller) => unknown)(request.params, caller);
      } catch (error) {
        throw toApiError(error);
      }
    },
    closeConnection: (connectionId) => renderSessions.closeConnection(connectionId),
    onEvent: (listener) => events.on(listener),
    openStream: (streamId, onFrame) => streams.subscribe(streamId, onFrame),
    resolveBlob(sha256) {
      if (!storeState.ok || !isSha256(sha256)) return null;
      const { store } = storeState.open;
      const mime = store.blobs.mimeOf(sha256);
      const filePath = store.blobPath(sha256);
      return mime && fs.existsSync(filePath) ? { path: filePath, mime } : null;
    },
    async renderPortrait(assetId, renderOptions) {
      if (closed) throw new ApiError('unavailable', 'The engine has been closed.');
      try {
        return await renderPortrait(context, assetId, renderOptions);
      } catch (error) {
        throw toApiError(error);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      renderSessions.closeAll();
      if (storeState.ok) await storeState.open.scheduler.close();
      await pool.close();
      if (storeState.ok) storeState.open.store.close();
    },
  };
}

/** Where an engine keeps its database inside a data folder (hosts show it in messages). */
export const databasePathIn = (dataDir: string): string => path.join(dataDir, DATABASE_FILE);
