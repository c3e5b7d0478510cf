import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset, FaceAnalysis, Job } from '../../../src/shared/api';
import { apiErrorOf, ASTRONAUT, startEngine, type Harness } from '../engine/engine-harness';
import { expectedPath, landmarkError } from './face-fixtures';

let h: Harness;
let expected: number[];

beforeAll(async () => {
  h = await startEngine();
  expected = (JSON.parse(fs.readFileSync(expectedPath, 'utf8')) as { landmarks: number[] }).landmarks;
});
afterAll(async () => h?.close());

async function importPhoto(projectId: string, fileName: string, bytes: Uint8Array): Promise<Asset> {
  const job = await h.call('assets.importBytes', { projectId, fileName, bytes: bytes as Uint8Array<ArrayBuffer> });
  const done = await h.waitForJob(job.id);
  expect(done.state).toBe('succeeded');
  const assets = await h.call('assets.list', { projectId });
  return assets.find((a) => a.id === done.result?.assetId)!;
}

async function analyze(assetId: string): Promise<Job> {
  const job = await h.call('faces.analyze', { assetId });
  expect(job).toMatchObject({ kind: 'analyze-face', state: 'queued' });
  return h.waitForJob(job.id, 60_000);
}

describe('faces through the engine API', () => {
  it('analyses an imported portrait in a job and serves the stored result', async () => {
    const project = await h.call('projects.create', { name: 'Faces' });
    const asset = await importPhoto(project.id, 'astronaut.png', fs.readFileSync(ASTRONAUT));
    expect(await h.call('faces.get', { assetId: asset.id })).toEqual({ analysis: null });

    const done = await analyze(asset.id);
    expect(done.state).toBe('succeeded');
    expect(done.result).toMatchObject({ assetId: asset.id, ok: true, faces: 1, chosenIndex: 0 });

    const { analysis } = await h.call('faces.get', { assetId: asset.id });
    const parsed = FaceAnalysis.parse(analysis);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(landmarkError(parsed.faces[0]!.landmarks, expected).mean).toBeLessThan(2);
    // The rig reads the same rows: it now fits the analysed face instead of the canonical one.
    const rig = await h.call('rig.get', { assetId: asset.id });
    expect(rig.fit).not.toBeNull();
  });

  it('stores "no face" as a result, and refuses to choose a face that is not there', async () => {
    const project = await h.call('projects.create', { name: 'Wall' });
    const wall = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#8090a0' } })
      .png()
      .toBuffer();
    const asset = await importPhoto(project.id, 'wall.png', wall);
    const done = await analyze(asset.id);
    expect(done.state).toBe('succeeded');
    expect(done.result).toMatchObject({ ok: false, reason: 'no_face', message: 'No face found' });
    expect((await h.call('faces.get', { assetId: asset.id })).analysis).toMatchObject({ ok: false, reason: 'no_face' });
    const error = await apiErrorOf(h.call('faces.choose', { assetId: asset.id, index: 1 }));
    expect(error.code).toBe('invalid_request');
  });
});
