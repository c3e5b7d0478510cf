import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset } from '../../../src/shared/api';
import { findFfmpeg } from '../../../src/main/engine/media/ffmpeg';
import { apiErrorOf, ASTRONAUT, startEngine, type Harness } from './engine-harness';

let h: Harness;
let workDir: string;
const astronaut = () => new Uint8Array(fs.readFileSync(ASTRONAUT));

beforeAll(async () => {
  h = await startEngine();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-missing-'));
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function importInto(projectId: string, fileName: string, bytes: Uint8Array): Promise<Asset> {
  const job = await h.call('assets.importBytes', { projectId, fileName, bytes });
  const done = await h.waitForJob(job.id, 60_000);
  expect(done.error).toBeNull();
  return (await h.call('assets.list', { projectId })).find((asset) => asset.id === done.result!.assetId)!;
}

/** What a user (or a cleaning tool) does behind Mien's back: delete the asset's files. */
const deleteFilesOf = (asset: Asset) => {
  for (const sha of new Set([asset.originalSha256, asset.workingSha256, asset.thumbnailSha256])) {
    fs.rmSync(path.join(h.dataDir, 'blobs', sha.slice(0, 2), sha));
  }
};

describe('a stored file deleted behind Mien’s back', () => {
  it('a photo: analysis and duplicate say the file is missing with a code; re-import of the same file restores it, another file is refused', async () => {
    const project = await h.call('projects.create', { name: 'Missing photo' });
    const asset = await importInto(project.id, 'astronaut.png', astronaut());
    deleteFilesOf(asset);

    const listed = await h.call('assets.list', { projectId: project.id });
    expect(listed[0]).toMatchObject({ id: asset.id, fileMissing: true });

    const analysis = await h.waitForJob((await h.call('faces.analyze', { assetId: asset.id })).id);
    expect(analysis.state).toBe('failed');
    expect(analysis.error?.code).toBe('file_missing');
    expect(analysis.error?.message).toMatch(/The file behind this photo \(astronaut\.png\) is missing/);
    expect(analysis.error?.message).toMatch(/re-import it or remove it/i);

    const duplicate = await apiErrorOf(h.call('projects.duplicate', { id: project.id }));
    expect(duplicate.code).toBe('file_missing');
    expect(duplicate.message).toContain('astronaut.png');
    expect((await h.call('projects.list', {})).filter((p) => p.name.startsWith('Missing photo'))).toHaveLength(1);

    // Re-import with a different file: refused, nothing changes.
    const other = new Uint8Array(
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
        .png()
        .toBuffer(),
    );
    const wrong = await h.call('assets.importBytes', {
      projectId: project.id,
      fileName: 'grey.png',
      bytes: other,
      replacesAssetId: asset.id,
    });
    const refused = await h.waitForJob(wrong.id);
    expect(refused.state).toBe('failed');
    expect(refused.error?.code).toBe('conflict');
    expect(refused.error?.message).toMatch(/not the file astronaut\.png was imported from/);

    // Re-import with the same file: the same asset gets its files back.
    const restore = await h.call('assets.importBytes', {
      projectId: project.id,
      fileName: 'astronaut.png',
      bytes: astronaut(),
      replacesAssetId: asset.id,
    });
    const restored = await h.waitForJob(restore.id);
    expect(restored.error).toBeNull();
    expect(restored.result?.assetId).toBe(asset.id);
    const after = await h.call('assets.list', { projectId: project.id });
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: asset.id, fileMissing: false });
    expect(h.engine.resolveBlob(after[0]!.workingSha256)).not.toBeNull();
    const reanalysed = await h.waitForJob((await h.call('faces.analyze', { assetId: asset.id })).id, 60_000);
    expect(reanalysed.state).toBe('succeeded');
    expect((await h.call('projects.duplicate', { id: project.id })).assetCount).toBe(1);
  }, 120_000);

  it('a video: tracking says the file behind this video is missing, not "No video stream"', async () => {
    const clip = path.join(workDir, 'clip.mp4');
    await promisify(execFile)(findFfmpeg().path!, [
      ...['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-frames:v', '10'],
      ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', clip],
    ]);
    const project = await h.call('projects.create', { name: 'Missing video' });
    const asset = await importInto(project.id, 'clip.mp4', new Uint8Array(fs.readFileSync(clip)));
    expect(asset.kind).toBe('video');
    // Let the tracking queued by the import finish first.
    for (const job of await h.call('jobs.list', { projectId: project.id, activeOnly: true }))
      await h.waitForJob(job.id, 60_000);
    deleteFilesOf(asset);
    const tracking = await h.waitForJob((await h.call('faces.analyze', { assetId: asset.id })).id);
    expect(tracking.error?.code).toBe('file_missing');
    expect(tracking.error?.message).toMatch(/The file behind this video \(clip\.mp4\) is missing/);
  }, 120_000);
});
