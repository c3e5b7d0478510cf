import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ApiError,
  Asset,
  Job,
  type EventName,
  type MethodName,
  type ParamsOf,
  type ResultOf,
} from '../../../src/shared/api';
import { createEngine, type Engine, type EngineOptions } from '../../../src/main/engine/engine';

export const ASTRONAUT = path.resolve(__dirname, '../../fixtures/astronaut.png');
const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export interface Harness {
  engine: Engine;
  dataDir: string;
  events: Array<{ event: EventName; payload: unknown }>;
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  /** Resolves with the job's final record (from its job.updated events). */
  waitForJob(jobId: string, timeoutMs?: number): Promise<Job>;
  close(): Promise<void>;
}

/** A real engine on a fresh temporary data folder. */
export async function startEngine(options: Partial<EngineOptions> = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mien-engine-'));
  // No automatic face analysis unless a test asks: it would race tests that read or write face rows themselves.
  const engine = await createEngine({ host: 'cli', workers: 1, analyzeFacesAfterImport: false, ...options, dataDir });
  const events: Harness['events'] = [];
  engine.onEvent((event, payload) => events.push({ event, payload }));
  const call = <M extends MethodName>(method: M, params: ParamsOf<M>) =>
    engine.handle(method, params) as Promise<ResultOf<M>>;
  return {
    engine,
    dataDir,
    events,
    call,
    waitForJob: (jobId, timeoutMs = 30_000) =>
      new Promise<Job>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`job ${jobId} did not finish in ${timeoutMs} ms`)), timeoutMs);
        const finish = (job: Job) => {
          clearTimeout(timer);
          stop();
          resolve(job);
        };
        const stop = engine.onEvent((event, payload) => {
          if (event !== 'job.updated') return;
          const job = Job.parse(payload);
          if (job.id === jobId && FINISHED.has(job.state)) finish(job);
        });
        void call('jobs.get', { id: jobId }).then((job) => FINISHED.has(job.state) && finish(job));
      }),
    close: async () => {
      await engine.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The ApiError a call rejects with (fails the test if it resolves). */
export async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Imports the astronaut into a new project and waits until its face analysis (the follow-up job) has finished. */
export async function importAnalysedAstronaut(h: Harness, projectName: string): Promise<Asset> {
  const project = await h.call('projects.create', { name: projectName });
  const job = Job.parse(
    await h.call('assets.importBytes', {
      projectId: project.id,
      fileName: 'astronaut.png',
      bytes: fs.readFileSync(ASTRONAUT),
    }),
  );
  const settled = await h.waitForJob(job.id);
  if (settled.state !== 'succeeded') throw new Error(`importing the astronaut ended ${settled.state}`);
  const asset = Asset.parse((await h.call('assets.list', { projectId: project.id }))[0]);
  const deadline = Date.now() + 60_000;
  while ((await h.call('jobs.list', { projectId: project.id, activeOnly: true })).length > 0) {
    if (Date.now() > deadline) throw new Error('face analysis did not finish');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return asset;
}
