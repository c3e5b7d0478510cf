import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ApiError, type ApiErrorShape } from '../../../shared/api';
import type { MessageFromWorker, MessageToWorker, TaskTable } from './protocol';

/**
 * Terminating a worker in the middle of an onnxruntime run aborts the whole process ("terminate
 * called after throwing an instance of 'Napi::Error'": reproduced with onnxruntime-node 1.30 by
 * terminating a worker, or exiting the process, while a session.run is in flight; an idle worker
 * holding sessions terminates cleanly). So a cancelled task is never terminated: the caller is
 * told 'cancelled' once this grace has passed, and the worker finishes its current run in the
 * background (a "draining" worker, not counted against the pool's size) before it takes new work
 * or is retired. Tasks that check their signal between runs (video tracking does, per frame) stop
 * within the grace and keep their worker.
 */
export const DEFAULT_CANCEL_GRACE_MS = 2000;

/**
 * How long close() waits for a running or draining task to end before terminating its worker
 * anyway. Long: terminating mid-run aborts the process (see DEFAULT_CANCEL_GRACE_MS), and the
 * engine's jobs are cancelled just before the pool closes, so their workers are usually still
 * finishing their last ORT run here; an engine that is closing can afford to wait for it.
 */
export const DEFAULT_CLOSE_GRACE_MS = 60_000;

export interface WorkerPoolOptions {
  /** Most workers alive at once for any task; they start on demand. */
  size: number;
  /**
   * Extra workers kept for interactive tasks only (a preview frame must not wait behind a batch
   * task such as a video analysis). Interactive tasks may also use the shared workers. Default 0.
   */
  interactiveWorkers?: number;
  /** Worker script: a built .js file, or a .ts source file (run through tsx, for tests and scripts). */
  entry: URL;
  /**
   * How long a cancelled task may take to stop on its own before it is reported cancelled and its
   * worker left to drain (default DEFAULT_CANCEL_GRACE_MS).
   */
  cancelGraceMs?: number;
  /** How long close() waits for a running task to stop before terminating (default DEFAULT_CLOSE_GRACE_MS). */
  closeGraceMs?: number;
}

/** Interactive tasks (a preview frame) start before queued batch tasks and may use the reserved workers. */
export type TaskPriority = 'interactive' | 'batch';

export interface RunOptions<Event> {
  signal?: AbortSignal;
  /** Default 'batch'. */
  priority?: TaskPriority;
  /**
   * Data the task keeps warm inside its worker (e.g. 'asset:<id>' for a prepared source photo):
   * the pool prefers an idle worker that last ran a task with the same key.
   */
  affinity?: string;
  /** Buffers moved to the worker instead of copied; the caller must not use them afterwards. */
  transfer?: ArrayBuffer[];
  onEvent?: (event: Event) => void;
}

interface PendingTask {
  id: number;
  /** Arrival order, for first come first served within one priority. */
  order: number;
  task: string;
  input: unknown;
  options: RunOptions<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: ApiError) => void;
  detachAbort: () => void;
}

interface Slot {
  worker: Worker;
  /** 'interactive' slots never run batch tasks. */
  lane: 'shared' | 'interactive';
  /** Affinity keys of the tasks this worker ran, most recent last (what it probably has warm). */
  warm: string[];
  current: PendingTask | null;
  /** Set once the pool decided to end this worker's task (cancel) or the worker (close). */
  ending: 'cancel' | 'close' | null;
  /**
   * The cancelled task outlasted the grace: its caller was already told 'cancelled' and the worker
   * is finishing the run it cannot interrupt. It does not count against the pool's size meanwhile.
   */
  draining: boolean;
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

/** Affinity keys remembered per worker: about as many source photos as a worker keeps warm. */
const WARM_KEYS_PER_WORKER = 8;

/**
 * A pool of worker_threads running named tasks, one task per worker at a time.
 *
 * - Priorities: queued interactive tasks start before queued batch tasks (first come first served
 *   within one priority), and `interactiveWorkers` extra workers never take batch tasks, so a
 *   preview frame does not wait behind a long analysis.
 * - Affinity: a task with an affinity key goes to an idle worker that ran the same key before
 *   when there is one, so per-worker caches (a prepared source photo) stay warm.
 * - Cancellation is cooperative: the worker gets a cancel message and the task's signal aborts; the
 *   worker, with its loaded models, stays in the pool. A task that does not stop within the grace
 *   period (native work that cannot see the signal) is reported cancelled and its worker drains:
 *   it finishes the run outside the pool's count and is then kept or retired, never terminated
 *   mid-run (that aborts the process, see DEFAULT_CANCEL_GRACE_MS).
 * - A worker that dies mid-task fails that task with a clean ApiError and is replaced on demand.
 */
export class WorkerPool<T extends TaskTable> {
  private readonly slots = new Set<Slot>();
  private readonly queue: PendingTask[] = [];
  private readonly start: { script: string | URL; eval: boolean };
  private readonly interactiveWorkers: number;
  private nextTaskId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error('WorkerPool size must be at least 1');
    this.interactiveWorkers = options.interactiveWorkers ?? 0;
    if (!Number.isInteger(this.interactiveWorkers) || this.interactiveWorkers < 0) {
      throw new Error('WorkerPool interactiveWorkers must be a non-negative integer');
    }
    this.start = workerStart(options.entry);
  }

  /** Shared workers (any task). */
  get size(): number {
    return this.options.size;
  }

  /** Number of workers currently alive (for tests and diagnostics). */
  get liveWorkers(): number {
    return this.slots.size;
  }

  /** Tasks waiting for a worker (for tests and diagnostics). */
  get queuedTasks(): number {
    return this.queue.length;
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
      const id = this.nextTaskId++;
      const pending: PendingTask = {
        id,
        order: id,
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

  /**
   * Ends every worker; queued and running tasks fail with 'unavailable'. A running task is asked to
   * stop first and gets the close grace period to do so: terminating a worker in the middle of an
   * onnxruntime run aborts the whole process (see DEFAULT_CLOSE_GRACE_MS), which a test run or an
   * engine restart must survive.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0))
      this.settle(pending, new ApiError('unavailable', 'The engine is closing'));
    const graceMs = this.options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    const exits = [...this.slots].map(async (slot) => {
      slot.ending = 'close';
      const running = slot.current;
      if (running) {
        if (!slot.draining) slot.worker.postMessage({ type: 'cancel', taskId: running.id } satisfies MessageToWorker);
        const deadline = Date.now() + graceMs;
        while (slot.current === running && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
      return slot.worker.terminate();
    });
    await Promise.allSettled(exits);
  }

  /** Starts queued tasks while workers are free: interactive first, then oldest first. */
  private dispatch(): void {
    if (this.closed) return;
    this.queue.sort((a, b) => priorityRank(a.options.priority) - priorityRank(b.options.priority) || a.order - b.order);
    for (let index = 0; index < this.queue.length;) {
      const pending = this.queue[index]!;
      const slot = this.slotFor(pending);
      if (!slot) {
        index++;
        continue;
      }
      this.queue.splice(index, 1);
      this.begin(slot, pending);
    }
  }

  /** An idle worker this task may use (spawning one if the lane has room), preferring a warm one. */
  private slotFor(pending: PendingTask): Slot | null {
    const interactive = pending.options.priority === 'interactive';
    const idle = [...this.slots].filter(
      (slot) => slot.current === null && slot.ending === null && (interactive || slot.lane === 'shared'),
    );
    // One draining worker per lane is not counted (its replacement may start); more are, so cancelling
    // long native tasks again and again cannot pile up threads that each hold their models.
    const counted = [...this.slots].filter(
      (slot) => !slot.draining || [...this.slots].find((other) => other.draining && other.lane === slot.lane) !== slot,
    );
    const key = pending.options.affinity;
    const warm = key ? idle.find((slot) => slot.warm.includes(key)) : undefined;
    if (warm) return warm;
    // A cold task takes an unused or fresh worker before evicting another key's warm data, and an
    // interactive one its reserved lane before a shared worker that a batch task could use.
    const lanes: Array<Slot['lane']> = interactive ? ['interactive', 'shared'] : ['shared'];
    for (const lane of lanes) {
      const idleInLane = idle.filter((slot) => slot.lane === lane).sort((a, b) => a.warm.length - b.warm.length);
      const limit = lane === 'shared' ? this.options.size : this.interactiveWorkers;
      const roomInLane = counted.filter((slot) => slot.lane === lane).length < limit;
      const unused = idleInLane[0]?.warm.length === 0 ? idleInLane[0] : undefined;
      if (unused) return unused;
      if (roomInLane) return this.spawn(lane);
      if (idleInLane[0]) return idleInLane[0];
    }
    return null;
  }

  private begin(slot: Slot, pending: PendingTask): void {
    slot.current = pending;
    const key = pending.options.affinity;
    if (key) {
      slot.warm = [...slot.warm.filter((known) => known !== key), key].slice(-WARM_KEYS_PER_WORKER);
    }
    const message: MessageToWorker = { type: 'run', taskId: pending.id, task: pending.task, input: pending.input };
    try {
      slot.worker.postMessage(message, pending.options.transfer);
    } catch (error) {
      slot.current = null;
      this.settle(pending, new ApiError('internal', `Could not send "${pending.task}" to a worker: ${String(error)}`));
    }
  }

  private spawn(lane: Slot['lane']): Slot {
    const worker = new Worker(this.start.script, { eval: this.start.eval });
    const slot: Slot = { worker, lane, warm: [], current: null, ending: null, draining: false, lastError: null };
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
    if (slot.draining) {
      // Its caller heard 'cancelled' already; the worker is idle now, so ending it is safe.
      slot.draining = false;
      if (slot.ending === 'cancel') slot.ending = null;
      if (slot.ending === null) this.keepOrRetire(slot);
      this.dispatch();
      return;
    }
    if (slot.ending === 'close') {
      this.settle(pending, new ApiError('unavailable', 'The engine is closing'));
      return;
    }
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
    if (pending && !slot.draining) {
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
    this.dispatch();
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
      // Native work (a sharp decode, an ORT run) cannot see the signal, and terminating the thread
      // under an ORT run aborts the process: free the caller now and let the worker drain.
      if (slot.current !== pending || slot.ending !== 'cancel') return;
      slot.draining = true;
      this.settle(pending, cancelledError());
      this.dispatch();
    }, this.options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS).unref();
  }

  /** A worker back from draining stays if its lane has room (a replacement may have started meanwhile). */
  private keepOrRetire(slot: Slot): void {
    const limit = slot.lane === 'shared' ? this.options.size : this.interactiveWorkers;
    const inLane = [...this.slots].filter((other) => other !== slot && other.lane === slot.lane && !other.draining);
    if (inLane.length < limit) return;
    slot.ending = 'close';
    void slot.worker.terminate();
  }

  private settle(pending: PendingTask, error: ApiError | null, value?: unknown): void {
    pending.detachAbort();
    if (error) pending.reject(error);
    else pending.resolve(value);
  }
}

const priorityRank = (priority: TaskPriority | undefined): number => (priority === 'interactive' ? 0 : 1);
const errorFromShape = (shape: ApiErrorShape): ApiError => new ApiError(shape.code, shape.message, shape.details);
