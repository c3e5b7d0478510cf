import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset, Job } from '../../../src/shared/api';
import { importAnalysedAstronaut, startEngine, type Harness } from '../engine/engine-harness';
import { SLOW_RENDER_MS } from './slow-render';

/** The longest a cancelled export may take to report Cancelled, frames in flight or not. */
const CANCELLED_WITHIN_MS = 1000;

let h: Harness;
let astronaut: Asset;

beforeAll(async () => {
  h = await startEngine({
    workers: 1,
    analyzeFacesAfterImport: true,
    workerEntry: new URL('./slow-render-worker.ts', import.meta.url),
  });
  astronaut = await importAnalysedAstronaut(h, 'Cancel');
}, 240_000);
afterAll(async () => {
  await h?.close();
});

describe('cancelling an export', () => {
  it('reports Cancelled at once, without waiting for the frame a worker is still rendering', async () => {
    const scene = await h.call('scenes.create', {
      projectId: astronaut.projectId,
      assetId: astronaut.id,
      name: 'Held',
    });
    await h.call('scenes.update', { id: scene.id, patch: { durationSeconds: 10, fps: 25 } });
    const job = await h.call('exports.start', { sceneId: scene.id, settings: { format: 'mp4', size: 512 } });
    // Mid-way: the first frame is encoded and the next one is in the worker's (uninterruptible) render.
    const deadline = Date.now() + 4 * SLOW_RENDER_MS + 30_000;
    while ((await h.call('jobs.get', { id: job.id })).progress.fraction === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await h.call('jobs.get', { id: job.id })).state).toBe('running');
    const asked = performance.now();
    const settled = h.waitForJob(job.id, 60_000);
    await h.call('jobs.cancel', { id: job.id });
    const done: Job = await settled;
    const waitedMs = performance.now() - asked;
    console.log(`export cancelled ${waitedMs.toFixed(0)} ms after jobs.cancel (a frame takes ${SLOW_RENDER_MS} ms)`);
    expect(done.state).toBe('cancelled');
    expect(waitedMs).toBeLessThan(CANCELLED_WITHIN_MS);
    // The partial output is gone and nothing was recorded.
    const exportsDir = path.join(h.dataDir, 'exports', astronaut.projectId);
    const left = fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir) : [];
    expect(left).toEqual([]);
    expect(await h.call('renders.list', { projectId: astronaut.projectId })).toEqual([]);
  }, 240_000);
});
