import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, Job, type Frame } from '../../../../src/shared/api';
import { FrameStreams } from '../../../../src/main/engine/jobs/frame-streams';
import { JobScheduler, type JobContext, type JobSpec } from '../../../../src/main/engine/jobs/job-scheduler';
import type { ProjectStore } from '../../../../src/main/engine/store/project-store';
import { openProjectStore } from '../../../../src/main/engine/schema';

let dataDir: string;
let store: ProjectStore;
let streams: FrameStreams;
let updates: Job[];

const openStore = () => {
  const opened = openProjectStore(dataDir);
  if (!opened.ok) throw new Error(opened.reason);
  return opened.store;
};
const makeScheduler = (concurrency: number, progressIntervalMs?: number) =>
  new JobScheduler({
    repo: store.jobs,
    streams,
    concurrency,
    progressIntervalMs,
    onUpdate: (job) => updates.push(Job.parse(job)),
  });
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new ApiError('cancelled', 'Cancelled'));
    });
  });
// The scheduler's own behaviour does not depend on what a job returns: these test jobs return
// free-form results, outside the contract's typed result of their kind.
type AnyResultRun = (context: JobContext) => Promise<Record<string, unknown>>;
const spec = (title: string, run: AnyResultRun, priority: JobSpec['priority'] = 'batch'): JobSpec => ({
  kind: 'import-photo',
  projectId: null,
  priority,
  title,
  hasPreview: false,
  run: run as JobSpec['run'],
});

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-jobs-'));
  store = openStore();
  streams = new FrameStreams();
  updates = [];
});
afterEach(() => {
  store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('JobScheduler', () => {
  it('runs interactive jobs before batch jobs queued earlier, first come first served within a priority', async () => {
    const scheduler = makeScheduler(1);
    const order: string[] = [];
    const job = (title: string, priority: JobSpec['priority']) =>
      scheduler.submit(
        spec(
          title,
          async () => {
            order.push(title);
            await sleep(10);
            return {};
          },
          priority,
        ),
      );
    const blocker = job('blocker', 'batch');
    await sleep(1); // the blocker takes the only slot before the others arrive
    const ids = [
      job('batch-1', 'batch'),
      job('batch-2', 'batch'),
      job('ui-1', 'interactive'),
      job('ui-2', 'interactive'),
    ];
    await Promise.all([blocker, ...ids].map((j) => scheduler.whenSettled(j.id)));
    expect(order).toEqual(['blocker', 'ui-1', 'ui-2', 'batch-1', 'batch-2']);
  });

  it('never runs more jobs at once than its concurrency limit', async () => {
    const scheduler = makeScheduler(2);
    let running = 0;
    let most = 0;
    const jobs = Array.from({ length: 6 }, (_, index) =>
      scheduler.submit(
        spec(`job ${index}`, async () => {
          running += 1;
          most = Math.max(most, running);
          await sleep(30);
          running -= 1;
          return { index };
        }),
      ),
    );
    const done = await Promise.all(jobs.map((j) => scheduler.whenSettled(j.id)));
    expect(most).toBe(2);
    expect(done.map((j) => j.state)).toEqual(Array(6).fill('succeeded'));
    expect(done[3]!.result).toEqual({ index: 3 });
  });

  it('persists every state and announces it; the stored record equals the final event', async () => {
    const scheduler = makeScheduler(1);
    const job = scheduler.submit(spec('persisted', async () => ({ answer: 42 })));
    const final = await scheduler.whenSettled(job.id);
    expect(final).toMatchObject({ state: 'succeeded', result: { answer: 42 }, progress: { fraction: 1 } });
    expect(store.jobs.find(job.id)).toEqual(final);
    expect(updates.filter((u) => u.id === job.id).map((u) => u.state)).toEqual(['queued', 'running', 'succeeded']);
  });

  it('names the asset a job created (its result.assetId) on the job record', async () => {
    const scheduler = makeScheduler(1);
    const submitted = scheduler.submit(spec('Import x.png', async () => ({ assetId: 'created-asset' })));
    expect(submitted.assetId).toBeNull();
    const known = scheduler.submit({ ...spec('Analyse', async () => ({})), assetId: 'known-asset' });
    expect(known.assetId).toBe('known-asset');
    await scheduler.whenSettled(submitted.id);
    await scheduler.whenSettled(known.id);
    expect(store.jobs.find(submitted.id)?.assetId).toBe('created-asset');
    expect(store.jobs.find(known.id)?.assetId).toBe('known-asset');
  });

  it('records a failure with the ApiError code and message', async () => {
    const scheduler = makeScheduler(1);
    const job = scheduler.submit(
      spec('fails', async () => {
        throw new ApiError('not_an_image', 'x.jpg is not an image (it looks like text).');
      }),
    );
    const final = await scheduler.whenSettled(job.id);
    expect(final.state).toBe('failed');
    expect(final.error).toEqual({ code: 'not_an_image', message: 'x.jpg is not an image (it looks like text).' });
  });

  it('throttles progress to about 20 updates a second and computes an ETA', async () => {
    let clock = 0;
    const scheduler = new JobScheduler({
      repo: store.jobs,
      streams,
      concurrency: 1,
      now: () => clock,
      onUpdate: (job) => updates.push(job),
    });
    let etaAtHalf: number | null = null;
    const job = scheduler.submit(
      spec('progress', async (context) => {
        for (let step = 1; step <= 1000; step += 1) {
          clock += 1; // 1000 reports over 1000 ms of engine time
          context.progress(step / 1000, 'Working');
          if (step === 500) etaAtHalf = scheduler.find(context.jobId)!.progress.etaMs;
        }
        return {};
      }),
    );
    await scheduler.whenSettled(job.id);
    const progressEvents = updates.filter((u) => u.id === job.id && u.state === 'running');
    // One 'running' event at start plus at most one per 50 ms of the 1000 ms.
    expect(progressEvents.length).toBeGreaterThanOrEqual(15);
    expect(progressEvents.length).toBeLessThanOrEqual(22);
    // Half done after 500 ms: about 500 ms to go.
    expect(etaAtHalf).toBeCloseTo(500, -1);
  });

  it('cancels a running job promptly, runs its clean-up before reporting it cancelled', async () => {
    const scheduler = makeScheduler(1);
    const partial = path.join(dataDir, 'partial-output.bin');
    const job = scheduler.submit(
      spec('long', async (context) => {
        fs.writeFileSync(partial, 'half done');
        context.onAbandon(() => fs.rmSync(partial, { force: true }));
        await sleep(10_000, context.signal);
        return {};
      }),
    );
    await sleep(50);
    expect(fs.existsSync(partial)).toBe(true);
    const started = Date.now();
    const cancelled = await scheduler.cancel(job.id);
    expect(Date.now() - started).toBeLessThan(500);
    expect(cancelled).toMatchObject({ state: 'cancelled', error: null });
    expect(fs.existsSync(partial)).toBe(false);
    expect(store.jobs.find(job.id)?.state).toBe('cancelled');
  });

  it('cancels a queued job without running it', async () => {
    const scheduler = makeScheduler(1);
    let ran = false;
    const blocker = scheduler.submit(spec('blocker', async () => (await sleep(50), {})));
    const queued = scheduler.submit(spec('queued', async () => ((ran = true), {})));
    expect((await scheduler.cancel(queued.id))?.state).toBe('cancelled');
    await scheduler.whenSettled(blocker.id);
    await sleep(20);
    expect(ran).toBe(false);
  });

  it('treats a job that finishes after its cancel as cancelled and cleans its outputs', async () => {
    const scheduler = makeScheduler(1);
    let cleaned = false;
    const job = scheduler.submit(
      spec('ignores signal', async (context) => {
        context.onAbandon(() => {
          cleaned = true;
        });
        await sleep(100);
        return { done: true };
      }),
    );
    await sleep(20);
    const final = await scheduler.cancel(job.id);
    expect(final?.state).toBe('cancelled');
    expect(cleaned).toBe(true);
  });

  it('publishes preview frames on the job’s stream with increasing sequence numbers', async () => {
    const scheduler = makeScheduler(1);
    const frames: Frame[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job = scheduler.submit(
      spec('frames', async (context) => {
        await gate;
        context.publishFrame({ width: 2, height: 1, format: 'rgba', data: new Uint8Array(8) });
        await sleep(5);
        context.publishFrame({ width: 4, height: 2, format: 'jpeg', data: new Uint8Array(3) });
        await sleep(5);
        return {};
      }),
    );
    streams.subscribe(job.id, (frame) => {
      frames.push(frame);
    });
    release();
    await scheduler.whenSettled(job.id);
    expect(frames.map((f) => [f.header.streamId, f.header.seq, f.header.width])).toEqual([
      [job.id, 0, 2],
      [job.id, 1, 4],
    ]);
  });

  it('leaves jobs of a killed process interrupted, not running, on the next start', async () => {
    const scheduler = makeScheduler(1);
    const running = scheduler.submit(spec('running', (context) => sleep(60_000, context.signal).then(() => ({}))));
    const queued = scheduler.submit(spec('queued', async () => ({})));
    await sleep(30);
    expect(store.jobs.find(running.id)?.state).toBe('running');
    expect(store.jobs.find(queued.id)?.state).toBe('queued');
    // Simulate a crash: the process goes away without closing the scheduler.
    store.close();
    store = openStore();
    expect(store.jobs.markInterrupted(Date.now())).toBe(2);
    expect(store.jobs.find(running.id)?.state).toBe('interrupted');
    expect(store.jobs.find(queued.id)?.state).toBe('interrupted');
  });

  it('marks its unfinished jobs interrupted when closed', async () => {
    const scheduler = makeScheduler(1);
    const running = scheduler.submit(spec('running', (context) => sleep(60_000, context.signal).then(() => ({}))));
    const queued = scheduler.submit(spec('queued', async () => ({})));
    await sleep(20);
    await scheduler.close();
    expect(store.jobs.find(running.id)?.state).toBe('interrupted');
    expect(store.jobs.find(queued.id)?.state).toBe('interrupted');
  });

  it('keeps a job whose final record cannot be written (disk full) readable, says so, and writes it once there is room', async () => {
    const realSave = store.jobs.save.bind(store.jobs);
    let diskFull = false;
    let refusedWrites = 0;
    // What better-sqlite3 throws when SQLite cannot grow the database or its WAL.
    store.jobs.save = (job) => {
      if (diskFull) {
        refusedWrites += 1;
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      }
      realSave(job);
    };
    const scheduler = new JobScheduler({
      repo: store.jobs,
      streams,
      concurrency: 1,
      saveRetryMs: 20,
      onUpdate: (job) => updates.push(Job.parse(job)),
    });
    const job = scheduler.submit(
      spec('Import on a full disk', async () => {
        diskFull = true;
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }),
    );
    const settled = await scheduler.whenSettled(job.id);
    expect(settled.state).toBe('failed');
    expect(settled.error?.code).toBe('disk_full');
    expect(refusedWrites).toBeGreaterThan(0);
    // Nothing on disk says it failed, yet jobs.get and jobs.list answer with its final state.
    expect(store.jobs.find(job.id)?.state).not.toBe('failed');
    expect(scheduler.find(job.id)).toMatchObject({ state: 'failed', error: { code: 'disk_full' } });
    expect(scheduler.list().find((listed) => listed.id === job.id)?.state).toBe('failed');
    await expect(scheduler.whenSettled(job.id)).resolves.toMatchObject({ state: 'failed' });
    // The last update the UI received says the disk is full.
    expect(updates.at(-1)).toMatchObject({ id: job.id, state: 'failed', error: { code: 'disk_full' } });
    expect(updates.at(-1)?.error?.message).toMatch(/disk .*full/i);

    diskFull = false; // space freed
    await vi.waitFor(() => expect(store.jobs.find(job.id)?.state).toBe('failed'), { timeout: 2000 });
    expect(store.jobs.find(job.id)?.error?.code).toBe('disk_full');
    await scheduler.close();
  });
});
