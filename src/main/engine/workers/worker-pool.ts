import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ApiError, type ApiErrorShape } from '../../../shared/api';
import type { MessageFromWorker, MessageToWorker, TaskTable } from './protocol';

/**
 * Terminating a worker in the middle of an onnxruntime run aborts the whole process ("terminate
 * called after throwing an instance of 'Napi::Error'", seen cancelling a video tracking on a busy
 * machine). Tasks that check their signal between runs (video tracking does, per frame) must get
 * time to stop on their own; 100 ms was shorter than one frame on two loaded cores.
 */
export const DEFAULT_CANCEL_GRACE_MS = 2000;

export interface WorkerPoolOptions {
  /** Most workers alive at once; they start on demand. */
  size: number;
  /** Worker script: a built .js file, or a .ts source file (run through tsx, for tests and scripts). */
  entry: URL;
  /**
   * How long a cancelled task may take to stop on its own before its worker is terminated
   * (default DEFAULT_CANCEL_GRACE_MS).
   */
  cancelGraceMs?: number;
}

export interface RunOptions<Event> {
  signal?: AbortSignal;
  /** Buffers moved to the worker instead of copied; the caller must not use them afterwards. */
  transfer?: ArrayBuffer[];
  onEvent?: (event: Event) => void;
}

interface PendingTask {
  id: number;
  task: string;
  input: unknown;
  options: RunOptions<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: ApiError) => void;
  detachAbort: () => void;
}

interface Slot {
  worker: Worker;
  current: PendingTask | null;
  /** Set once the pool decided to end this worker (cancel, close); its exit is then expected. */
  ending: 'cancel' | 'close' | null;
  lastError: Error | null;
}

const cancelledError = () => new ApiError('cancelled', 'Cancelled');

/**
 * How a worker thread is started. A built .js entry starts directly. A .ts entry (tests, tsx
 * scripts) starts through a tiny bootstrap that loads it with tsx's tsImport: on Node 20 a worker
 * ignores loaders given as `execArgv: ['--import', 'tsx']` for its own entry ("Unknown file
 * extension .ts"), so the hooks have to be registered from inside the thread.
 */
const workerStart = (entry: URL): { script: string | URL; eval: boolean } => {
  if (!entry.pathname.endsWith('.ts')) return { script: entry, eval: false };
  const require = createRequire(import.meta.url);
  const tsxRoot = path.dirname(require.resolve('tsx/package.json'));
  const tsxPackage = require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> };
  const tsImportModule = pathToFileURL(path.join(tsxRoot, tsxPackage.exports['./esm/api']!.import.default)).href;
  const script = `import(${JSON.stringify(tsImportModule)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(entry.href)}))`;
  return { script, eval: true };
};

/**
 * A fixed-size pool of worker_threads running named tasks, one task per worker at a time.
 * A worker that dies mid-task fails that task with a clean ApiError and is replaced on demand;
 * cancellation asks the task to stop, then terminates the worker after a short grace period.
 */
export class WorkerPool<T extends TaskTable> {
  private readonly slots = new Set<Slot>();
  private readonly queue: PendingTask[] = [];
  private readonly start: { script: string | URL; eval: boolean };
  private nextTaskId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error('WorkerPool size must be at least 1');
    this.start = workerStart(options.entry);
  }

  get size(): number {
    return this.options.size;
  }

  /** Number of workers currently alive (for tests and diagnostics). */
  get liveWorkers(): number {
    return this.slots.size;
  }

  /** Runs `task` in a worker; rejects with ApiError('cancelled') when the signal aborts. */
  run<K extends keyof T & string>(
    task: K,
    input: T[K]['input'],
    options: RunOptions<T[K]['event']> = {},
  ): Promise<T[K]['output']> {
    if (this.closed) return Promise.reject(new ApiError('unavailable', 'The worker pool is closed'));
    if (options.signal?.aborted) return Promise.reject(cancelledError());
    return new Promise((resolve, reject) => {
      const pending: PendingTask = {
        id: this.nextTaskId++,
        task,
        input,
        options: options as RunOptions<unknown>,
        resolve: resolve as (value: unknown) => void,
        reject,
        detachAbort: () => {},
      };
      if (options.signal) {
        const signal = options.signal;
        const onAbort = () => this.cancel(pending);
        signal.addEventListener('abort', onAbort, { once: true });
        pending.detachAbort = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(pending);
      this.dispatch();
    });
  }

  /** Terminates every worker; queued and running tasks fail with 'unavailable'. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0))
      this.settle(pending, new ApiError('unavailable', 'The engine is closing'));
    const exits = [...this.slots].map((slot) => {
      slot.ending = 'close';
      return slot.worker.terminate();
    });
    await Promise.allSettled(exits);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((candidate) => candidate.current === null && candidate.ending === null);
      if (!slot && this.slots.size < this.options.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.current = pending;
      const message: MessageToWorker = { type: 'run', taskId: pending.id, task: pending.task, input: pending.input };
      try {
        slot.worker.postMessage(message, pending.options.transfer);
      } catch (error) {
        slot.current = null;
        this.settle(
          pending,
          new ApiError('internal', `Could not send "${pending.task}" to a worker: ${String(error)}`),
        );
      }
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.start.script, { eval: this.start.eval });
    const slot: Slot = { worker, current: null, ending: null, lastError: null };
    this.slots.add(slot);
    worker.on('message', (message: MessageFromWorker) => this.onMessage(slot, message));
    worker.on('error', (error) => {
      slot.lastError = error;
    });
    worker.on('exit', (exitCode) => this.onExit(slot, exitCode));
    return slot;
  }

  private onMessage(slot: Slot, message: MessageFromWorker): void {
    const pending = slot.current;
    if (!pending || pending.id !== message.taskId) return;
    if (message.type === 'event') {
      if (!pending.options.signal?.aborted) pending.options.onEvent?.(message.event);
      return;
    }
    slot.current = null;
    if (slot.ending === 'cancel') {
      // The task stopped within the grace period: the worker is healthy and stays in the pool.
      slot.ending = null;
      this.settle(pending, cancelledError());
    } else if (message.type === 'done') {
      this.settle(pending, null, message.result);
    } else {
      this.settle(pending, errorFromShape(message.error));
    }
    this.dispatch();
  }

  private onExit(slot: Slot, exitCode: number): void {
    this.slots.delete(slot);
    const pending = slot.current;
    slot.current = null;
    if (pending) {
      if (slot.ending === 'cancel') this.settle(pending, cancelledError());
      else if (slot.ending === 'close') this.settle(pending, new ApiError('unavailable', 'The engine is closing'));
      else {
        const reason = slot.lastError ? slot.lastError.message : `exit code ${exitCode}`;
        this.settle(
          pending,
          new ApiError('internal', `The worker running "${pending.task}" stopped unexpectedly (${reason})`, {
            workerCrashed: true,
          }),
        );
      }
    }
    if (!this.closed) this.dispatch();
  }

  private cancel(pending: PendingTask): void {
    const queuedAt = this.queue.indexOf(pending);
    if (queuedAt >= 0) {
      this.queue.splice(queuedAt, 1);
      this.settle(pending, cancelledError());
      return;
    }
    const slot = [...this.slots].find((candidate) => candidate.current === pending);
    if (!slot || slot.ending) return;
    slot.ending = 'cancel';
    slot.worker.postMessage({ type: 'cancel', taskId: pending.id } satisfies MessageToWorker);
    setTimeout(() => {
      // Native work (a sharp decode, an ORT run) cannot see the signal; ending the thread is the prompt way out.
      if (slot.current === pending) void slot.worker.terminate();
    }, this.options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS).unref();
  }

  private settle(pending: PendingTask, error: ApiError | null, value?: unknown): void {
    pending.detachAbort();
    if (error) pending.reject(error);
    else pending.resolve(value);
  }
}

const errorFromShape = (shape: ApiErrorShape): ApiError => new ApiError(shape.code, shape.message, shape.details);
