import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job } from '../../../src/shared/api';
import { ASTRONAUT, startEngine, type Harness } from '../engine/engine-harness';

let h: Harness;
beforeAll(async () => {
  h = await startEngine({ analyzeFacesAfterImport: true });
});
afterAll(async () => h?.close());

/** Imports bytes and returns the analyze-face job the engine queued after the import succeeded. */
async function importAndFindAnalysis(projectId: string, fileName: string, bytes: Buffer): Promise<Job> {
  const importJob = await h.call('assets.importBytes', { projectId, fileName, bytes });
  const imported = await h.waitForJob(importJob.id);
  expect(imported.state).toBe('succeeded');
  const assetId = imported.result?.assetId;
  let analysis: Job | undefined;
  await expect
    .poll(async () => {
      const jobs = await h.call('jobs.list', { projectId });
      analysis = jobs.find((job) => job.kind === 'analyze-face' && job.result?.assetId === assetId);
      if (!analysis)
        analysis = jobs.find((job) => job.kind === 'analyze-face' && job.createdAt >= imported.finishedAt!);
      return analysis?.id ?? null;
    })
    .not.toBeNull();
  return h.waitForJob(analysis!.id, 60_000);
}

describe('face analysis after import', () => {
  it('queues a batch analyze-face job when a portrait import succeeds, with the provider from settings', async () => {
    const project = await h.call('projects.create', { name: 'Auto' });
    const done = await importAndFindAnalysis(project.id, 'astronaut.png', fs.readFileSync(ASTRONAUT));
    expect(done).toMatchObject({ kind: 'analyze-face', priority: 'batch', state: 'succeeded' });
    expect(done.result).toMatchObject({ ok: true, faces: 1, chosenIndex: 0, provider: 'cpu' });
    expect(done.result?.warnings).toBeUndefined();
    const { analysis } = await h.call('faces.get', { assetId: done.result!.assetId as string });
    expect(analysis?.ok).toBe(true);
  });

  it('stores a failed analysis as a result the viewer can show, not a failed job', async () => {
    const project = await h.call('projects.create', { name: 'Gradient' });
    const gradient = await sharp(
      Buffer.from(Array.from({ length: 64 * 48 * 3 }, (_, i) => Math.floor(((i / 3) % 64) * 4))),
      { raw: { width: 64, height: 48, channels: 3 } },
    )
      .resize(320, 240)
      .png()
      .toBuffer();
    const done = await importAndFindAnalysis(project.id, 'gradient.png', gradient);
    expect(done.state).toBe('succeeded');
    expect(done.error).toBeNull();
    expect(done.result).toMatchObject({ ok: false, reason: 'no_face', message: 'No face found' });
    const { analysis } = await h.call('faces.get', { assetId: done.result!.assetId as string });
    expect(analysis).toMatchObject({ ok: false, message: 'No face found' });
  });
});
