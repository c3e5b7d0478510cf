import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src/shared/api';
import { WorkerPool } from '../../../../src/main/engine/workers/worker-pool';
import { resolveWorkerEntry } from '../../../../src/main/engine/workers/resolve-worker-entry';
import type { TestTasks } from './fixtures/test-tasks';

const entry = new URL('./fixtures/test-worker-entry.ts', import.meta.url);
const pools: Array<WorkerPool<TestTasks>> = [];
const makePool = (size: number, cancelGraceMs?: number, interactiveWorkers?: number) => {
  const pool = new WorkerPool<TestTasks>({ size, entry, cancelGraceMs, interactiveWorkers });
  pools.push(pool);
  return pool;
};
const rejection = async (promise: Promise<unknown>): Promise<ApiError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected a rejection');
};

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

describe('WorkerPool', () => {
  it('runs a task from TypeScript source in a worker thread and returns its value', async () => {
    const pool = makePool(1);
    const result = await pool.run('echo', { value: 'hello' });
    expect(result.value).toBe('hello');
    expect(result.threadId).toBeGreaterThan(0);
  });

  it('forwards events in order before the result', async () => {
    const pool = makePool(1);
    const seen: number[] = [];
    const result = await pool.run('count', { upTo: 50 }, { onEvent: (event) => seen.push(event.reached) });
    expect(result.total).toBe(50);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
  });

  it('never runs more tasks at once than its size, and queues the rest', async () => {
    const pool = makePool(2);
    const started = Date.now();
    const results = await Promise.all([1, 2, 3, 4].map(() => pool.run('wait', { ms: 150 })));
    const elapsed = Date.now() - started;
    expect(results).toHaveLength(4);
    expect(pool.liveWorkers).toBe(2);
    // Four 150 ms tasks on two workers take two rounds, not one.
    expect(elapsed).toBeGreaterThanOrEqual(290);
  });

  it('passes an ApiError thrown in a task through unchanged', async () => {
    const pool = makePool(1);
    const error = await rejection(pool.run('fail', { message: 'nope' }));
    expect(error.code).toBe('not_an_image');
    expect(error.message).toBe('nope');
    expect(error.details).toEqual({ from: 'worker' });
  });

  it('fails the task of a crashed worker cleanly and replaces the worker', async () => {
    const pool = makePool(1);
    const error = await rejection(pool.run('crash', { message: 'boom in worker' }));
    expect(error.code).toBe('internal');
    expect(error.message).toContain('stopped unexpectedly');
    expect(error.message).toContain('boom in worker');
    expect(await pool.run('echo', { value: 'after crash' })).toMatchObject({ value: 'after crash' });
  });

  it('fails the task of a worker that exits and keeps serving', async () => {
    const pool = makePool(1);
    const error = await rejection(pool.run('exit', { code: 3 }));
    expect(error.message).toContain('exit code 3');
    expect((await pool.run('echo', { value: 'x' })).value).toBe('x');
  });

  it('cancels a cooperative task by message, keeping its worker', async () => {
    // A long grace period: on a loaded machine the worker may take a while to see the message.
    const pool = makePool(1, 5_000);
    const first = await pool.run('echo', { value: 'a' });
    const controller = new AbortController();
    const running = pool.run('wait', { ms: 5_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await rejection(running);
    expect(error.code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(1_000);
    const second = await pool.run('echo', { value: 'b' });
    expect(second.threadId).toBe(first.threadId);
  });

  it('reports a task that ignores cancellation cancelled promptly, runs new work on a fresh worker, and retires the stuck one once its run ends (never terminating it mid-run)', async () => {
    const pool = makePool(1, 50);
    const first = await pool.run('echo', { value: 'a' });
    const controller = new AbortController();
    const running = pool.run('spin', { ms: 3_000 }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cancelledAt = Date.now();
    controller.abort();
    const error = await rejection(running);
    expect(error.code).toBe('cancelled');
    expect(Date.now() - cancelledAt).toBeLessThan(1_000);
    // Reported cancelled while its worker is still alive (draining), not terminated.
    expect(pool.liveWorkers).toBe(1);
    const second = await pool.run('echo', { value: 'b' });
    expect(second.threadId).not.toBe(first.threadId);
    const deadline = Date.now() + 10_000;
    while (pool.liveWorkers > 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pool.liveWorkers).toBe(1);
    expect((await pool.run('echo', { value: 'c' })).threadId).toBe(second.threadId);
  });

  it('lets only one draining worker per lane go uncounted: repeated cancels of stuck tasks do not pile up threads', async () => {
    const pool = makePool(1, 50);
    const cancelSoon = async (task: Promise<unknown>, controller: AbortController) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      controller.abort();
      expect((await rejection(task)).code).toBe('cancelled');
    };
    const first = new AbortController();
    await cancelSoon(pool.run('spin', { ms: 6_000 }, { signal: first.signal }), first);
    const second = new AbortController();
    await cancelSoon(pool.run('spin', { ms: 6_000 }, { signal: second.signal }), second);
    // Two stuck workers: the first drains outside the count, the second fills the pool's one place.
    expect(pool.liveWorkers).toBe(2);
    const next = pool.run('echo', { value: 'after' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pool.queuedTasks).toBe(1);
    expect(pool.liveWorkers).toBe(2);
    expect((await next).value).toBe('after');
  }, 60_000);

  it('survives cancelling and closing a worker that is inside onnxruntime runs (terminating it there aborts the process)', async () => {
    const modelPath = fileURLToPath(new URL('../../../../resources/models/faceres.onnx', import.meta.url));
    const pool = makePool(1, 50);
    // Cancelled after its second run, with hundreds to go: far past the 50 ms grace.
    const controller = new AbortController();
    const onEvent = ({ ran }: { ran: number }) => ran === 2 && controller.abort();
    const running = pool.run('ort', { modelPath, runs: 150 }, { signal: controller.signal, onEvent });
    expect((await rejection(running)).code).toBe('cancelled');
    // Closed (not cancelled) mid-run, while the first worker still drains.
    let started!: () => void;
    const secondRun = new Promise<void>((resolve) => (started = resolve));
    const closing = rejection(pool.run('ort', { modelPath, runs: 60 }, { onEvent: () => started() }));
    await secondRun;
    await pool.close();
    expect((await closing).code).toBe('unavailable');
    // Reaching this line at all is the assertion: an abort would have killed this test process.
  }, 120_000);

  it('drops a queued task when it is cancelled before starting', async () => {
    const pool = makePool(1);
    const busy = pool.run('wait', { ms: 200 });
    const controller = new AbortController();
    const queued = pool.run('echo', { value: 'never' }, { signal: controller.signal });
    controller.abort();
    expect((await rejection(queued)).code).toBe('cancelled');
    await busy;
  });

  it('fails running and queued tasks when closed', async () => {
    const pool = makePool(1);
    const running = rejection(pool.run('wait', { ms: 5_000 }));
    const queued = rejection(pool.run('echo', { value: 'x' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pool.close();
    expect((await running).code).toBe('unavailable');
    expect((await queued).code).toBe('unavailable');
  });

  it('starts queued interactive tasks before queued batch tasks', async () => {
    const pool = makePool(1);
    const finished: string[] = [];
    const busy = pool.run('wait', { ms: 200 });
    const batch = pool.run('echo', { value: 'batch' }).then(() => finished.push('batch'));
    const interactive = pool
      .run('echo', { value: 'interactive' }, { priority: 'interactive' })
      .then(() => finished.push('interactive'));
    await Promise.all([busy, batch, interactive]);
    expect(finished).toEqual(['interactive', 'batch']);
  });

  it('keeps its interactive worker free of batch tasks, so a preview never waits behind an analysis', async () => {
    const pool = makePool(1, undefined, 1);
    // Started first (worker start-up through tsx takes a second or two here), so only waiting counts below.
    const warmUp = await pool.run('echo', { value: 'warm up' }, { priority: 'interactive' });
    const analysis = pool.run('wait', { ms: 2_500 });
    const queuedBatch = pool.run('echo', { value: 'later' });
    const started = Date.now();
    const preview = await pool.run('echo', { value: 'frame' }, { priority: 'interactive' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(preview.threadId).toBe(warmUp.threadId);
    expect(pool.queuedTasks).toBe(1); // the batch echo still waits for the shared worker
    const later = await queuedBatch;
    expect(later.threadId).not.toBe(preview.threadId);
    await analysis;
    expect(pool.liveWorkers).toBe(2);
  });

  it('sends tasks with the same affinity key to the worker that has it warm', async () => {
    const pool = makePool(2);
    const a1 = await pool.run('echo', { value: 'a' }, { affinity: 'asset:a' });
    const b1 = await pool.run('echo', { value: 'b' }, { affinity: 'asset:b' });
    expect(b1.threadId).not.toBe(a1.threadId);
    for (let round = 0; round < 3; round++) {
      expect((await pool.run('echo', { value: 'b' }, { affinity: 'asset:b' })).threadId).toBe(b1.threadId);
      expect((await pool.run('echo', { value: 'a' }, { affinity: 'asset:a' })).threadId).toBe(a1.threadId);
    }
  });

  it('runs a warm task on another idle worker when its warm worker is busy', async () => {
    const pool = makePool(2);
    const warm = await pool.run('echo', { value: 'a' }, { affinity: 'asset:a' });
    await pool.run('echo', { value: 'b' }, { affinity: 'asset:b' });
    const busy = pool.run('wait', { ms: 300 }, { affinity: 'asset:a' });
    const elsewhere = await pool.run('echo', { value: 'a' }, { affinity: 'asset:a' });
    expect(elsewhere.threadId).not.toBe(warm.threadId);
    await busy;
  });

  it('finds the engine worker entry next to its source when unbuilt', () => {
    expect(resolveWorkerEntry().pathname).toMatch(/src\/main\/engine\/workers\/worker-entry\.ts$/);
  });
});
