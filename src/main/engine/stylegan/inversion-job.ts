import type { InversionSettings } from '../../../shared/api';
import type { InversionState } from '../autodiff';
import type { EngineContext } from '../api';
import type { JobSpec } from '../jobs';
import type { ProjectStore } from '../store';
import { InversionsRepo } from './inversions-repo';
import type { StyleModels } from './style-models';
import type { StyleSourceSpec } from './tasks';

/** A chunk of iterations lasts about this long: the state is saved after each, and a cancel loses at most one. */
const CHUNK_MS = 1500;
const FIRST_CHUNK_STEPS = 5;
/** The loss curve goes to the renderer at most this often. */
const CURVE_EVENT_MS = 200;

export interface InversionJobInput {
  inversionId: string;
  assetId: string;
  projectId: string;
  title: string;
  models: StyleModels;
  source: StyleSourceSpec;
  settings: InversionSettings;
}

/**
 * The 'invert' job (method A, step 2): runs the inversion in chunks in the style worker, saves the
 * optimiser state after each chunk (so it resumes where it stopped: after a cancel, a crash or a
 * restart), streams the target and the reconstruction side by side on the job's stream and the
 * loss curve as 'inversion.progress' events; progress says iterations, loss and ETA.
 */
export function inversionJob(
  context: Pick<EngineContext, 'stylePool' | 'events'>,
  store: ProjectStore,
  input: InversionJobInput,
): JobSpec<'invert'> {
  const repo = store.repository(InversionsRepo);
  const { inversionId, settings } = input;
  return {
    kind: 'invert',
    projectId: input.projectId,
    assetId: input.assetId,
    priority: 'batch',
    title: input.title,
    hasPreview: true,
    async run(job) {
      repo.update(inversionId, { status: 'running', jobId: job.jobId });
      let state: InversionState | null = repo.state(inversionId);
      const total = settings.iterations;
      const startedAt = state?.iteration ?? 0;
      let msTotal = 0;
      let timed = 0;
      let pending: number[] = [];
      let pendingFirst = startedAt + 1;
      let lastCurveAt = 0;
      const flushCurve = (force: boolean): void => {
        const now = Date.now();
        if (pending.length === 0 || (!force && now - lastCurveAt < CURVE_EVENT_MS)) return;
        lastCurveAt = now;
        context.events.emit('inversion.progress', {
          inversionId,
          jobId: job.jobId,
          firstIteration: pendingFirst,
          losses: pending,
          msPerIteration: timed ? msTotal / timed : 0,
        });
        pendingFirst += pending.length;
        pending = [];
      };
      try {
        job.progress(startedAt / total, `Iteration ${startedAt}/${total}`);
        while ((state?.iteration ?? 0) < total) {
          job.signal.throwIfAborted();
          const done = state?.iteration ?? 0;
          const perStep = timed ? msTotal / timed : 0;
          const steps = Math.min(
            total - done,
            perStep ? Math.max(1, Math.round(CHUNK_MS / perStep)) : FIRST_CHUNK_STEPS,
          );
          const out = await context.stylePool.run(
            'stylegan.invert',
            { inversionId, ...input.models, source: input.source, settings, state, steps },
            {
              signal: job.signal,
              onEvent: (event) => {
                if (event.kind === 'preview') {
                  job.publishFrame({ width: event.width, height: event.height, format: 'rgba', data: event.rgba });
                  return;
                }
                msTotal += event.ms;
                timed += 1;
                pending.push(event.loss);
                flushCurve(false);
                job.progress(
                  event.iteration / total,
                  `Iteration ${event.iteration}/${total} · loss ${event.loss.toPrecision(4)}`,
                );
              },
            },
          );
          state = out.state;
          repo.saveState(inversionId, state);
          if (settings.start !== out.start) repo.update(inversionId, { settings: { ...settings, start: out.start } });
          flushCurve(true);
        }
        repo.update(inversionId, { status: 'done' });
        const losses = state?.losses ?? [];
        return {
          inversionId,
          assetId: input.assetId,
          iteration: state?.iteration ?? 0,
          firstLoss: losses[0] ?? 0,
          lastLoss: losses[losses.length - 1] ?? 0,
          msPerIteration: timed ? msTotal / timed : 0,
        };
      } catch (error) {
        flushCurve(true);
        if (store.assets.find(input.assetId)) {
          repo.update(inversionId, { status: job.signal.aborted ? 'stopped' : 'failed' });
        }
        throw error;
      }
    },
  };
}
