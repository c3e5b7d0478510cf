import { randomUUID } from 'node:crypto';
import type { FrameHeader, Job, JobKind, JobPriority, JobResultOf, JobState } from '../../../shared/api';
import { toApiError } from '../errors';
import type { JobsRepo } from '../store';
import { startFollowUps, type AnyFollowUp } from './follow-ups';
import type { FrameStreams } from './frame-streams';

/** What a running job can do besides its work. */
export interface JobContext {
  readonly jobId: string;
  /** Aborted when the job is cancelled or the engine closes; long steps must watch it. */
  readonly signal: AbortSignal;
  /** Reports progress; events are throttled, so call it as often as is convenient. */
  progress(fraction: number, stage: string): void;
  /** Publishes a preview frame on the job's stream (stream id = job id); older undelivered frames are dropped. */
  publishFrame(frame: { width: number; height: number; format: FrameHeader['format']; data: Uint8Array }): void;
  /** Registers a clean-up that removes partial outputs; it runs if the job does not succeed. */
  onAbandon(cleanup: () => void | Promise<void>): void;
}

/** A job to run; `run` returns the result the contract declares for its kind (jobResults). */
export interface JobSpec<K extends JobKind = JobKind> {
  kind: K;
  projectId: string | null;
  /** The asset the job works on, when known before it runs (see Job.assetId). */
  assetId?: string | null;
  priority: JobPriority;
  title: string;
  hasPreview: boolean;
  run(context: JobContext): Promise<JobResultOf<K>>;
}

export interface JobSchedulerOptions {
  repo: JobsRepo;
  streams: FrameStreams;
  /** Called with the job's new state after every change (throttled for progress). */
  onUpdate: (job: Job) => void;
  /** Most jobs running at once. */
  concurrency: number;
  /** When set, submit throws what it returns instead of queueing (a store opened read-only runs no jobs). */
  refuseSubmit?: () => Error;
  /** Least time between two progress updates of one job (default 50 ms, i.e. 20 per second). */
  progressIntervalMs?: number;
  /** First wait before writing again a final record the database refused (disk full); doubles up to a minute. */
  saveRetryMs?: number;
  /** Jobs to queue when a job of a given kind succeeds (see follow-ups.ts). */
  followUps?: readonly AnyFollowUp[];
  now?: () => number;
}

interface ActiveJob {
  job: Job;
  spec: JobSpec;
  order: number;
  controller: AbortController;
  cleanups: Array<() => void | Promise<void>>;
  /** Set when the engine closes: the job ends as 'interrupted', not 'cancelled'. */
  interruptedByShutdown: boolean;
  lastUpdateAt: number;
  progressTimer: NodeJS.Timeout | null;
  nextFrameSeq: number;
  settled: Promise<Job>;
  resolveSettled: (job: Job) => void;
}

const priorityRank: Record<JobPriority, number> = { interactive: 0, batch: 1 };
const FINISHED_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];
const MAX_SAVE_RETRY_MS = 60_000;

/** Failures that pass once the user frees space or another writer lets go: worth writing again. */
const isPassingWriteFailure = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || toApiError(error).code === 'disk_full';
};

/**
 * Runs jobs with priorities (interactive before batch, first come first served within one),
 * a concurrency limit, throttled progress, cancellation and persistence: every state change is
 * saved to the jobs table before it is announced, so a reloaded renderer reads what it missed.
 */
export class JobScheduler {
  private readonly active = new Map<string, ActiveJob>();
  /**
   * Final records the database refused (a full disk): kept here so jobs.get and jobs.list still
   * answer with how the job ended, and written again until they land.
   */
  private readonly unsaved = new Map<string, Job>();
  private saveRetryTimer: NodeJS.Timeout | null = null;
  private saveRetryMs: number;
  private readonly now: () => number;
  private readonly progressIntervalMs: number;
  private nextOrder = 0;
  private running = 0;
  private closed = false;

  constructor(private readonly options: JobSchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.progressIntervalMs = options.progressIntervalMs ?? 50;
    this.saveRetryMs = options.saveRetryMs ?? 1000;
  }

  /** Queues a job and returns its record (state 'queued'); it starts as soon as a slot is free. */
  submit<K extends JobKind>(spec: JobSpec<K>): Job {
    if (this.closed) throw new Error('the job scheduler is closed');
    if (this.options.refuseSubmit) throw this.options.refuseSubmit();
    const job: Job = {
      id: randomUUID(),
      kind: spec.kind,
      projectId: spec.projectId,
      assetId: spec.assetId ?? null,
      priority: spec.priority,
      state: 'queued',
      title: spec.title,
      progress: { fraction: 0, stage: 'Waiting', etaMs: null },
      error: null,
      result: null,
      hasPreview: spec.hasPreview,
      createdAt: this.now(),
      startedAt: null,
      finishedAt: null,
    };
    let resolveSettled!: (job: Job) => void;
    const settled = new Promise<Job>((resolve) => (resolveSettled = resolve));
    const entry: ActiveJob = {
      job,
      spec,
      order: this.nextOrder++,
      controller: new AbortController(),
      cleanups: [],
      interruptedByShutdown: false,
      lastUpdateAt: 0,
      progressTimer: null,
      nextFrameSeq: 0,
      settled,
      resolveSettled,
    };
    this.active.set(job.id, entry);
    this.commit(entry);
    queueMicrotask(() => this.startNext());
    return { ...job };
  }

  /** The job's current record: live for active jobs, then a final record not yet written, then the database. */
  find(id: string): Job | null {
    const entry = this.active.get(id);
    if (entry) return { ...entry.job };
    const unsaved = this.unsaved.get(id);
    return unsaved ? { ...unsaved } : this.options.repo.find(id);
  }

  /** Newest first; active jobs carry their live progress, and final records not yet written are included. */
  list(filter: { projectId?: string; activeOnly?: boolean } = {}): Job[] {
    const stored = this.options.repo.list(filter);
    const storedIds = new Set(stored.map((job) => job.id));
    const missing = filter.activeOnly
      ? []
      : [...this.unsaved.values()].filter(
          (job) => !storedIds.has(job.id) && (!filter.projectId || job.projectId === filter.projectId),
        );
    const jobs = [...stored.map((job) => this.find(job.id) ?? job), ...missing.map((job) => ({ ...job }))];
    if (filter.activeOnly) return jobs.filter((job) => !FINISHED_STATES.includes(job.state));
    return missing.length === 0 ? jobs : jobs.sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Resolves with the job's final record. */
  whenSettled(id: string): Promise<Job> {
    const entry = this.active.get(id);
    if (entry) return entry.settled;
    const job = this.find(id);
    return job ? Promise.resolve(job) : Promise.reject(new Error(`no job ${id}`));
  }

  /**
   * Cancels a job: a queued one ends at once, a running one is aborted and this resolves when it
   * has stopped and its partial outputs are removed. A finished job is returned unchanged.
   */
  async cancel(id: string): Promise<Job | null> {
    const entry = this.active.get(id);
    if (!entry) return this.find(id);
    if (entry.job.state === 'queued') {
      this.finish(entry, 'cancelled', null, null);
      return { ...entry.job };
    }
    entry.job.progress = { ...entry.job.progress, stage: 'Cancelling', etaMs: null };
    this.commit(entry);
    entry.controller.abort();
    return entry.settled;
  }

  /** Stops everything for engine shutdown; unfinished jobs end as 'interrupted'. */
  async close(): Promise<void> {
    this.closed = true;
    const waits: Array<Promise<Job>> = [];
    for (const entry of [...this.active.values()]) {
      entry.interruptedByShutdown = true;
      if (entry.job.state === 'queued') this.finish(entry, 'interrupted', null, null);
      else {
        entry.controller.abort();
        waits.push(entry.settled);
      }
    }
    await Promise.all(waits);
    if (this.saveRetryTimer) clearTimeout(this.saveRetryTimer);
    this.saveRetryTimer = null;
    this.writeUnsaved();
    for (const job of this.unsaved.values()) {
      console.error(`[engine] job ${job.id} ended ${job.state}, but its record could not be written before closing`);
    }
  }

  private startNext(): void {
    while (!this.closed && this.running < this.options.concurrency) {
      const next = [...this.active.values()]
        .filter((entry) => entry.job.state === 'queued')
        .sort((a, b) => priorityRank[a.job.priority] - priorityRank[b.job.priority] || a.order - b.order)[0];
      if (!next) return;
      this.running += 1;
      void this.execute(next);
    }
  }

  private async execute(entry: ActiveJob): Promise<void> {
    entry.job.state = 'running';
    entry.job.startedAt = this.now();
    entry.job.progress = { fraction: 0, stage: 'Starting', etaMs: null };
    this.commit(entry);
    const context = this.contextFor(entry);
    try {
      const result = await entry.spec.run(context);
      if (entry.controller.signal.aborted) throw new Error('aborted');
      this.finish(entry, 'succeeded', null, result);
    } catch (error) {
      await this.runCleanups(entry);
      if (entry.controller.signal.aborted) {
        this.finish(entry, entry.interruptedByShutdown ? 'interrupted' : 'cancelled', null, null);
      } else {
        const apiError = toApiError(error);
        this.finish(entry, apiError.code === 'cancelled' ? 'cancelled' : 'failed', apiError, null);
      }
    } finally {
      this.running -= 1;
      this.startNext();
    }
  }

  private contextFor(entry: ActiveJob): JobContext {
    return {
      jobId: entry.job.id,
      signal: entry.controller.signal,
      progress: (fraction, stage) => this.reportProgress(entry, fraction, stage),
      publishFrame: (frame) => {
        if (entry.controller.signal.aborted) return;
        const header: FrameHeader = {
          streamId: entry.job.id,
          seq: entry.nextFrameSeq++,
          width: frame.width,
          height: frame.height,
          timestampMs: this.now() - (entry.job.startedAt ?? entry.job.createdAt),
          format: frame.format,
        };
        this.options.streams.publish({ header, data: frame.data });
      },
      onAbandon: (cleanup) => entry.cleanups.push(cleanup),
    };
  }

  private reportProgress(entry: ActiveJob, fraction: number, stage: string): void {
    if (entry.job.state !== 'running' || entry.controller.signal.aborted) return;
    const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
    const elapsed = this.now() - (entry.job.startedAt ?? this.now());
    const etaMs = clamped > 0 && clamped < 1 ? Math.round((elapsed * (1 - clamped)) / clamped) : null;
    entry.job.progress = { fraction: clamped, stage, etaMs };
    const wait = entry.lastUpdateAt + this.progressIntervalMs - this.now();
    if (wait <= 0) this.commit(entry);
    else if (!entry.progressTimer) {
      entry.progressTimer = setTimeout(() => {
        entry.progressTimer = null;
        if (entry.job.state === 'running') this.commit(entry);
      }, wait);
    }
  }

  private async runCleanups(entry: ActiveJob): Promise<void> {
    for (const cleanup of entry.cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`[engine] clean-up of job ${entry.job.id} failed:`, error);
      }
    }
  }

  private finish(
    entry: ActiveJob,
    state: JobState,
    error: { code: string; message: string } | null,
    result: Record<string, unknown> | null,
  ): void {
    if (!FINISHED_STATES.includes(state)) throw new Error(`${state} is not a final state`);
    if (entry.progressTimer) clearTimeout(entry.progressTimer);
    entry.progressTimer = null;
    entry.job.state = state;
    entry.job.finishedAt = this.now();
    entry.job.error = error ? { code: error.code, message: error.message } : null;
    entry.job.result = result;
    // A job that creates its asset (an import) names it in its result; record it on the job too.
    if (entry.job.assetId === null && typeof result?.assetId === 'string') entry.job.assetId = result.assetId;
    const stage = { succeeded: 'Done', failed: 'Failed', cancelled: 'Cancelled', interrupted: 'Interrupted' }[
      state as 'succeeded'
    ];
    entry.job.progress = { fraction: state === 'succeeded' ? 1 : entry.job.progress.fraction, stage, etaMs: null };
    this.active.delete(entry.job.id);
    this.options.streams.end(entry.job.id);
    this.commit(entry);
    if (state === 'succeeded') startFollowUps(this.options.followUps ?? [], { ...entry.job });
    entry.resolveSettled({ ...entry.job });
  }

  /** Saves the record, then announces it. */
  private commit(entry: ActiveJob): void {
    entry.lastUpdateAt = this.now();
    try {
      this.options.repo.save(entry.job);
      this.unsaved.delete(entry.job.id);
    } catch (error) {
      // A job whose project was deleted has no row to update; the event still tells the UI.
      console.error(`[engine] could not save job ${entry.job.id}:`, error);
      if (FINISHED_STATES.includes(entry.job.state)) {
        // Its final state must stay readable (jobs.get, jobs.list) even when the disk is full.
        this.unsaved.set(entry.job.id, { ...entry.job, progress: { ...entry.job.progress } });
        if (isPassingWriteFailure(error)) this.scheduleSaveRetry();
      }
    }
    this.options.onUpdate({ ...entry.job, progress: { ...entry.job.progress } });
  }

  private scheduleSaveRetry(): void {
    if (this.saveRetryTimer || this.closed) return;
    this.saveRetryTimer = setTimeout(() => {
      this.saveRetryTimer = null;
      if (this.writeUnsaved()) this.saveRetryMs = Math.min(MAX_SAVE_RETRY_MS, this.saveRetryMs * 2);
    }, this.saveRetryMs);
    // A retry alone must not keep a CLI process alive.
    this.saveRetryTimer.unref();
  }

  /** Writes the final records the database refused before; returns true while some still do not fit. */
  private writeUnsaved(): boolean {
    let stillFailing = false;
    for (const [id, job] of [...this.unsaved]) {
      try {
        this.options.repo.save(job);
        this.unsaved.delete(id);
      } catch (error) {
        // A failure that will not pass (its project was deleted meanwhile) leaves it readable here only.
        if (isPassingWriteFailure(error)) stillFailing = true;
      }
    }
    if (stillFailing) this.scheduleSaveRetry();
    return stillFailing;
  }
}
