import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiError, type EventName, type ExpressionSource, type StoreStatus } from '../../shared/api';
import type { ExpressionTransfer } from '../../shared/generate';
import { type Caller, type EngineContext, type OpenStore, createHandlers, LOCAL_CALLER, parseRequest } from './api';
import { toApiError } from './errors';
import { EventBus } from './event-bus';
import { engineFollowUps } from './follow-ups';
import { FrameStreams, type FrameListener, JobScheduler } from './jobs';
import { findFfmpeg, type ImportLimits } from './media';
import { SettingsFile } from './settings';
import { openProjectStore } from './schema';
import { isSha256, moveDatabaseAside, DATABASE_FILE, type StoreProblem } from './store';
import { type EngineTasks, resolveWorkerEntry, WorkerPool } from './workers';
import { ModelManager } from './models';
import { createSessionRenderer, RenderSessions } from './preview';
import {
  type EngineExpression,
  type GenerateRenderOutput,
  renderPortrait,
  type RenderPortraitOptions,
} from './generate';
import {
  expressionTransferWithDonor,
  retargetVideo,
  type RetargetVideoRequest,
  type RetargetVideoResult,
} from './transfer';
import { resolveExportFile } from './scenes';

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
  /** How long opening waits for another connection's lock on the database (default 5000 ms). */
  storeBusyTimeoutMs?: number;
  /** Shows a file in the system's file manager (renders.reveal); the desktop host passes Electron's shell.showItemInFolder. */
  revealFile?: (absolutePath: string) => void;
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
  /** A finished export's file or PNG folder (the web host's /exports/<id>, the CLI's copy); null if unknown or gone. */
  resolveExport(renderId: string): { path: string; mime: string; fileName: string } | null;
  /**
   * Renders a portrait asset with the generator (docs/generator.md) in a worker: the asset's rig
   * state unless `options.target` gives one. Rejects with an ApiError.
   */
  renderPortrait(assetId: string, options: RenderPortraitOptions): Promise<GenerateRenderOutput>;
  /**
   * The expression source (a photo, or a video frame against its neutral frame) as renderPortrait's
   * `expression`, with its open mouth's interior as donor (a video frame's is decoded once).
   */
  expressionTransfer(source: ExpressionSource, mode?: ExpressionTransfer['mode']): Promise<EngineExpression>;
  /** Retargets a tracked driving video onto a portrait and writes the result as MP4 (docs/generator.md). */
  retargetVideo(request: RetargetVideoRequest): Promise<RetargetVideoResult>;
  close(): Promise<void>;
}

const DEFAULT_LIMITS: ImportLimits = {
  maxImportBytes: 200 * 1024 * 1024,
  maxImportPixels: 120_000_000,
  maxWorkingSide: 4096,
  thumbnailSide: 256,
};
const FINISHED_JOBS_KEPT = 500;
/** A store held by another process is tried again at most this often (each UI or CLI call may ask). */
const IN_USE_RETRY_MS = 1000;
/** Later tries wait this long for SQLite's lock: the first open already waited the full busy timeout. */
const IN_USE_RETRY_BUSY_MS = 200;

type StoreState =
  { ok: true; open: OpenStore } | { ok: false; path: string; problem: StoreProblem; reason: string; triedAt: number };

/** The ApiError for a store that is not open, naming the file, the reason and the way out. */
const storeUnavailable = (state: Extract<StoreState, { ok: false }>): ApiError => {
  const details = { path: state.path, problem: state.problem, reason: state.reason };
  if (state.problem === 'in_use') {
    return new ApiError(
      'store_in_use',
      `The project database at ${state.path} is not available: ${state.reason}. Nothing is wrong with it.`,
      details,
    );
  }
  if (state.problem === 'disk_full') {
    return new ApiError(
      'disk_full',
      `The project database at ${state.path} cannot be opened: ${state.reason}.`,
      details,
    );
  }
  if (state.problem === 'read_only') {
    return new ApiError(
      'read_only',
      `The project database at ${state.path} cannot be opened: ${state.reason}.`,
      details,
    );
  }
  return new ApiError(
    'store_corrupt',
    `The project database at ${state.path} cannot be used: ${state.reason}. ` +
      'Move it aside to start with a fresh one; nothing will be deleted.',
    details,
  );
};

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
  try {
    fs.mkdirSync(options.dataDir, { recursive: true });
  } catch (error) {
    // A folder that cannot be created is reported by the store (read-only, with the path) below.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') console.warn(`[engine] ${(error as Error).message}`);
  }

  const events = new EventBus();
  const streams = new FrameStreams();
  const pool = new WorkerPool<EngineTasks>({
    size: workerCount,
    interactiveWorkers: options.interactiveWorkers ?? 1,
    entry: options.workerEntry ?? resolveWorkerEntry(),
  });
  // Style models run in one worker of their own (EngineContext.stylePool): their sessions load once.
  const stylePool = new WorkerPool<EngineTasks>({
    size: 1,
    entry: options.workerEntry ?? resolveWorkerEntry(),
  });
  let closed = false;
  // The renderer reads the store through the context below, once sessions render.
  const renderSessions = new RenderSessions({ streams, render: createSessionRenderer(() => context) });

  const openStoreState = (busyTimeoutMs = options.storeBusyTimeoutMs): StoreState => {
    const opened = openProjectStore(options.dataDir, { nativeBinding: options.sqliteNativeBinding, busyTimeoutMs });
    if (!opened.ok) {
      // The CLI tells its user itself (its error line, `info`'s store line); the log line would say it twice.
      if (options.host !== 'cli') {
        console.warn(`[engine] project database ${opened.path} is not available (${opened.problem}): ${opened.reason}`);
      }
      return { ok: false, path: opened.path, problem: opened.problem, reason: opened.reason, triedAt: Date.now() };
    }
    const { store } = opened;
    // Only the process holding the folder's lock gets here, so queued or running jobs are a dead process's.
    if (!store.readOnly) {
      try {
        store.jobs.markInterrupted(Date.now());
        store.jobs.pruneFinished(FINISHED_JOBS_KEPT);
      } catch (error) {
        // A full disk: the rows stay as they are until a start with room; the store still opens.
        console.warn(`[engine] could not mark a stopped process's jobs interrupted: ${(error as Error).message}`);
      }
    }
    const scheduler = new JobScheduler({
      repo: store.jobs,
      streams,
      concurrency: jobConcurrency,
      refuseSubmit: store.readOnly ? () => readOnlyError(store.readOnly!) : undefined,
      onUpdate: (job) => events.emit('job.updated', job),
      followUps: engineFollowUps(context),
    });
    return { ok: true, open: { store, scheduler } };
  };
  // Assigned once `context` exists: the scheduler's follow-ups reach the engine through it.
  let storeState: StoreState;

  /** A store another process held is tried again (throttled), so it opens once that process lets go. */
  const currentStoreState = (): StoreState => {
    // In use and disk full pass by themselves (the other process ends, space is freed).
    if (!closed && !storeState.ok && (storeState.problem === 'in_use' || storeState.problem === 'disk_full')) {
      if (Date.now() - storeState.triedAt >= IN_USE_RETRY_MS) {
        storeState = openStoreState(IN_USE_RETRY_BUSY_MS);
        if (storeState.ok) events.emit('projects.changed', {});
      }
    }
    return storeState;
  };
  let modelManager: Promise<ModelManager> | undefined;

  const context: EngineContext = {
    host: options.host,
    dataDir: options.dataDir,
    revealFile: options.revealFile,
    limits,
    events,
    pool,
    stylePool,
    streams,
    ffmpeg: findFfmpeg(),
    renderSessions,
    settings: new SettingsFile(options.dataDir),
    modelManager: () => (modelManager ??= ModelManager.open(options.dataDir)),
    analyzeFacesAfterImport: options.analyzeFacesAfterImport ?? true,
    storeStatus: (): StoreStatus => {
      const state = currentStoreState();
      return state.ok
        ? {
            ok: true,
            path: state.open.store.dbPath,
            schemaVersion: state.open.store.schemaVersion,
            readOnly: state.open.store.readOnly,
          }
        : { ok: false, path: state.path, problem: state.problem, reason: state.reason };
    },
    openStore: () => {
      const state = currentStoreState();
      if (state.ok) return state.open;
      throw storeUnavailable(state);
    },
    resetStore: () => {
      const state = currentStoreState();
      if (state.ok) {
        throw new ApiError('conflict', `The project database at ${state.open.store.dbPath} is fine; nothing to reset.`);
      }
      // Only a damaged database is moved aside: one that is in use or read-only is fine as it is.
      if (state.problem !== 'corrupt') throw storeUnavailable(state);
      const moved = moveDatabaseAside(state.path);
      storeState = openStoreState();
      events.emit('projects.changed', {});
      if (!storeState.ok) {
        throw new ApiError(
          'store_corrupt',
          `A fresh database at ${storeState.path} could not be created either: ${storeState.reason}`,
        );
      }
      return moved;
    },
  };
  storeState = openStoreState();
  const handlers = createHandlers(context);

  return {
    async handle(method, rawParams, caller = LOCAL_CALLER) {
      if (closed) throw new ApiError('unavailable', 'The engine has been closed.');
      try {
        const request = parseRequest(method, rawParams);
        return await (handlers[request.method] as (params: unknown, caller: Caller) => unknown)(request.params, caller);
      } catch (error) {
        const apiError = toApiError(error);
        // A write refused by a read-only store says why the store is read-only.
        if (apiError.code === 'read_only' && storeState.ok && storeState.open.store.readOnly) {
          throw readOnlyError(storeState.open.store.readOnly);
        }
        throw apiError;
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
    resolveExport(renderId) {
      if (!storeState.ok) return null;
      return resolveExportFile(context, renderId);
    },
    async renderPortrait(assetId, renderOptions) {
      if (closed) throw new ApiError('unavailable', 'The engine has been closed.');
      try {
        return await renderPortrait(context, assetId, renderOptions);
      } catch (error) {
        throw toApiError(error);
      }
    },
    async expressionTransfer(source, mode) {
      if (closed) throw new ApiError('unavailable', 'The engine has been closed.');
      try {
        return await expressionTransferWithDonor(context, source, mode);
      } catch (error) {
        throw toApiError(error);
      }
    },
    async retargetVideo(request) {
      if (closed) throw new ApiError('unavailable', 'The engine has been closed.');
      try {
        return await retargetVideo(context, request);
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
      await stylePool.close();
      if (storeState.ok) storeState.open.store.close();
    },
  };
}

/** The error for any change asked of a store opened read-only. */
const readOnlyError = (why: string): ApiError =>
  new ApiError(
    'read_only',
    `Mien opened this data folder read-only because ${why}. You can look at your projects, but changes cannot be saved.`,
    { reason: why },
  );

/** Where an engine keeps its database inside a data folder (hosts show it in messages). */
export const databasePathIn = (dataDir: string): string => path.join(dataDir, DATABASE_FILE);
