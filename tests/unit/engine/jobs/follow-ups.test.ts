import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, succeededResult, type Job, type JobResultOf } from '../../../../src/shared/api';
import { followUp, type AnyFollowUp } from '../../../../src/main/engine/jobs/follow-ups';
import { FrameStreams } from '../../../../src/main/engine/jobs/frame-streams';
import { JobScheduler, type JobSpec } from '../../../../src/main/engine/jobs/job-scheduler';
import type { ProjectStore } from '../../../../src/main/engine/store/project-store';
import { openProjectStore } from '../../../../src/main/engine/schema';

let dataDir: string;
let store: ProjectStore;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-follow-ups-'));
  const opened = openProjectStore(dataDir);
  if (!opened.ok) throw new Error(opened.reason);
  store = opened.store;
});
afterEach(() => {
  vi.restoreAllMocks();
  store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const scheduler = (followUps: AnyFollowUp[]) =>
  new JobScheduler({ repo: store.jobs, streams: new FrameStreams(), concurrency: 1, onUpdate: () => {}, followUps });

const importPhoto = (run: JobSpec<'import-photo'>['run']): JobSpec<'import-photo'> => ({
  kind: 'import-photo',
  projectId: null,
  priority: 'interactive',
  title: 'Import a.png',
  hasPreview: false,
  run,
});

describe('follow-up jobs declared to the scheduler', () => {
  it('start with the typed result when a job of their kind succeeds, before the job is reported settled', async () => {
    const started: Array<{ result: JobResultOf<'import-photo'>; jobId: string }> = [];
    let queuedBySettle = -1;
    const jobs = scheduler([
      followUp({
        after: 'import-photo',
        name: 'record',
        start: (result, job) => started.push({ result, jobId: job.id }),
      }),
      followUp({ after: 'analyze-face', name: 'never', start: () => expect.unreachable('wrong kind') }),
    ]);
    const job = jobs.submit(importPhoto(async () => ({ assetId: 'asset-1' })));
    const settled = jobs.whenSettled(job.id).then((final) => {
      queuedBySettle = started.length;
      return final;
    });
    expect((await settled)?.state).toBe('succeeded');
    expect(started).toEqual([{ result: { assetId: 'asset-1' }, jobId: job.id }]);
    expect(queuedBySettle).toBe(1);
  });

  it('do not start when the job fails or is cancelled', async () => {
    const start = vi.fn();
    const jobs = scheduler([followUp({ after: 'import-photo', name: 'count', start })]);
    const failed = jobs.submit(
      importPhoto(async () => {
        throw new ApiError('not_an_image', 'not an image');
      }),
    );
    const cancelled = jobs.submit(
      importPhoto(
        (context) =>
          new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason))),
      ),
    );
    expect((await jobs.whenSettled(failed.id))?.state).toBe('failed');
    await jobs.cancel(cancelled.id);
    expect((await jobs.whenSettled(cancelled.id))?.state).toBe('cancelled');
    expect(start).not.toHaveBeenCalled();
  });

  it('refuse a result outside the contract of its kind, and say so', async () => {
    const start = vi.fn();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const jobs = scheduler([followUp({ after: 'import-photo', name: 'count', start })]);
    // A job whose result breaks the contract (no assetId): only a cast lets it compile.
    const job = jobs.submit(importPhoto((async () => ({ id: 'x' })) as unknown as JobSpec<'import-photo'>['run']));
    expect((await jobs.whenSettled(job.id))?.state).toBe('succeeded');
    expect(start).not.toHaveBeenCalled();
    expect(String(logged.mock.calls[0]?.[0])).toMatch(/result outside its contract/);
  });

  it('leave the finished job alone when one throws, and still start the others', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const second = vi.fn();
    const jobs = scheduler([
      followUp({
        after: 'import-photo',
        name: 'fail',
        start: () => {
          throw new Error('asset deleted');
        },
      }),
      followUp({ after: 'import-photo', name: 'second', start: second }),
    ]);
    const job = jobs.submit(importPhoto(async () => ({ assetId: 'asset-2' })));
    const final = await jobs.whenSettled(job.id);
    expect(final).toMatchObject({ state: 'succeeded', result: { assetId: 'asset-2' } });
    expect(store.jobs.find(job.id)?.state).toBe('succeeded');
    expect(second).toHaveBeenCalledOnce();
  });
});

describe('succeededResult', () => {
  const job = (patch: Partial<Job>): Job => ({
    id: 'j',
    kind: 'analyze-face',
    projectId: null,
    assetId: 'a',
    priority: 'batch',
    state: 'succeeded',
    title: 't',
    progress: { fraction: 1, stage: 'Done', etaMs: null },
    error: null,
    result: { assetId: 'a', ok: true, faces: 1, chosenIndex: 0 },
    hasPreview: false,
    createdAt: 0,
    startedAt: 0,
    finishedAt: 1,
    ...patch,
  });

  it('types the result of a succeeded job of the asked kind', () => {
    expect(succeededResult(job({}), 'analyze-face')).toEqual({ assetId: 'a', ok: true, faces: 1, chosenIndex: 0 });
  });

  it('is null for another kind, an unfinished job or a result that does not match the kind', () => {
    expect(succeededResult(job({}), 'fit-tracks')).toBeNull();
    expect(succeededResult(job({ state: 'running', result: null }), 'analyze-face')).toBeNull();
    expect(succeededResult(job({ result: { ok: true } }), 'analyze-face')).toBeNull();
  });
});
