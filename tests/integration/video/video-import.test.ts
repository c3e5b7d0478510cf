import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../src/shared/api';
import { findFfmpeg } from '../../../src/main/engine/media/ffmpeg';
import { ASTRONAUT, startEngine, type Harness } from '../engine/engine-harness';

const run = promisify(execFile);
const FRAMES = 75; // 2.5 s at 30 fps: enough for tracking and identity frames, quick in CI
const LAST = FRAMES - 1;

let h: Harness;
let dir: string;
let clip: Uint8Array;

/** Waits for the project's first job of `kind` to finish (it is queued by another job, so its id is not known up front). */
async function waitForKind(projectId: string, kind: Job['kind'], timeoutMs: number): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await h.call('jobs.list', { projectId })).find((candidate) => candidate.kind === kind);
    if (job) return h.waitForJob(job.id, Math.max(1000, deadline - Date.now()));
    if (Date.now() > deadline) throw new Error(`no ${kind} job appeared in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  h = await startEngine();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-video-'));
  const file = path.join(dir, 'zoom.mp4');
  // The astronaut with a slow zoom and pan, so frames differ but the face stays in view.
  await run(findFfmpeg().path!, [
    ...['-y', '-loglevel', 'error', '-loop', '1', '-i', ASTRONAUT],
    '-vf',
    `zoompan=z='1+0.2*on/${LAST}':x='(iw-iw/zoom)*on/${LAST}':y='(ih-ih/zoom)/2':d=${FRAMES}:s=512x512:fps=30`,
    ...['-frames:v', String(FRAMES), '-pix_fmt', 'yuv420p', file],
  ]);
  clip = fs.readFileSync(file);
}, 60_000);

afterAll(async () => {
  await h?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('video import through the engine', () => {
  it('imports an MP4 by content, probes it, tracks the face and stores coefficient tracks', async () => {
    const project = await h.call('projects.create', { name: 'Driving video' });
    // A misleading extension: detection reads the bytes, not the name.
    const job = await h.call('assets.importBytes', { projectId: project.id, fileName: 'clip.dat', bytes: clip });
    expect(job.kind).toBe('import-video');
    const imported = await h.waitForJob(job.id, 30_000);
    expect(imported.error).toBeNull();
    expect(imported.state).toBe('succeeded');
    expect(imported.result).toMatchObject({ width: 512, height: 512, fps: 30, frameCount: FRAMES });

    const [asset] = await h.call('assets.list', { projectId: project.id });
    expect(asset).toMatchObject({
      kind: 'video',
      mime: 'video/mp4',
      width: 512,
      height: 512,
      fps: 30,
      frameCount: FRAMES,
    });
    expect(asset!.durationMs).toBeGreaterThan(2400);
    expect(asset!.durationMs).toBeLessThan(2600);
    // The original is stored byte for byte and is the working copy; the thumbnail is a real picture.
    expect(asset!.workingSha256).toBe(asset!.originalSha256);
    expect(fs.readFileSync(h.engine.resolveBlob(asset!.originalSha256)!.path).equals(Buffer.from(clip))).toBe(true);
    const thumbnail = h.engine.resolveBlob(asset!.thumbnailSha256)!;
    expect(thumbnail.mime).toBe('image/webp');
    const meta = await sharp(thumbnail.path).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(512);

    const tracking = await h.waitForJob(imported.result!.trackingJobId as string, 120_000);
    expect(tracking).toMatchObject({ kind: 'analyze-face', priority: 'batch', state: 'succeeded' });
    expect(tracking.result).toMatchObject({ ok: true, frames: FRAMES, framesWithFace: FRAMES });
    // Tracking reuses the previous frame: the detector runs on a few frames, not all of them.
    expect(tracking.result!.detectionsRun as number).toBeLessThan(FRAMES / 4);

    const fit = await waitForKind(project.id, 'fit-tracks', 60_000);
    expect(fit.state).toBe('succeeded');
    const [set] = await h.call('tracks.list', { projectId: project.id });
    expect(set).toMatchObject({
      source: { kind: 'video', assetId: asset!.id, name: 'clip.dat' },
      fps: 30,
      frameCount: FRAMES,
      measuredFrames: FRAMES,
    });
    expect(set!.channels).toHaveLength(55);
    expect(set!.fit!.identityFrames.length).toBeGreaterThanOrEqual(3);
    expect(set!.fit!.meanResidualPixels).toBeLessThan(6);

    const summary = await h.call('videos.trackingSummary', { assetId: asset!.id });
    expect(summary).toMatchObject({ analysed: true, ok: true, trackSetIds: [set!.id] });
    expect(summary.counters).toMatchObject({ frames: FRAMES, framesWithFace: FRAMES });
    // The latest tracking run of this video, whatever its outcome (the viewer's "Track again" reads it).
    expect(summary.lastRun).toEqual({ kind: 'fit-tracks', state: 'succeeded', error: null });

    const values = await h.call('tracks.get', {
      trackSetId: set!.id,
      channels: ['rig.mouthSmileLeft', 'rig.mouthSmileRight', 'rig.jawOpen', 'head.yawDeg'],
    });
    expect(values.times).toHaveLength(FRAMES);
    expect(values.times[1]).toBeCloseTo(1 / 30, 6);
    const byName = Object.fromEntries(values.channels.map((channel) => [channel.name, channel.values]));
    // The still photo smiles in every frame and never opens the jaw much; zoom and pan change neither.
    const mean = (list: Float32Array) => list.reduce((sum, v) => sum + v, 0) / list.length;
    const spread = (list: Float32Array) => Math.max(...list) - Math.min(...list);
    expect(mean(byName['rig.mouthSmileLeft']!)).toBeGreaterThan(0.3);
    expect(mean(byName['rig.mouthSmileRight']!)).toBeGreaterThan(0.3);
    expect(spread(byName['rig.mouthSmileLeft']!)).toBeLessThan(0.25);
    expect(mean(byName['rig.jawOpen']!)).toBeLessThan(0.3);
    expect(spread(byName['head.yawDeg']!)).toBeLessThan(6);
  }, 240_000);

  it('refuses a damaged video with a clear message and stores nothing', async () => {
    const project = await h.call('projects.create', { name: 'Broken' });
    // The first 4 KB: the container header is there, the index (moov, written last) is not.
    const truncated = clip.slice(0, 4096);
    const job = await h.call('assets.importBytes', { projectId: project.id, fileName: 'broken.mp4', bytes: truncated });
    const done = await h.waitForJob(job.id);
    expect(done.state).toBe('failed');
    expect(done.error!.code).toBe('unsupported_format');
    // Said plainly, without ffmpeg's internal "[mov,mp4,... @ 0x...]" tags.
    expect(done.error!.message).toMatch(/^broken\.mp4 could not be read as a video: the file is damaged or incomplete/);
    expect(done.error!.message).not.toMatch(/@ 0x|\[mov/);
    expect(await h.call('assets.list', { projectId: project.id })).toEqual([]);

    // WebM's magic followed by garbage.
    const garbage = new Uint8Array(2048).map((_, i) => (i * 37) % 251);
    garbage.set([0x1a, 0x45, 0xdf, 0xa3]);
    const second = await h.waitForJob(
      (await h.call('assets.importBytes', { projectId: project.id, fileName: 'noise.webm', bytes: garbage })).id,
    );
    expect(second.error).toMatchObject({ code: 'unsupported_format' });
    expect(second.error!.message).toContain('noise.webm could not be read as a video');
    expect(await h.call('assets.list', { projectId: project.id })).toEqual([]);
  });

  it('refuses kind video for bytes that are not a video', async () => {
    const project = await h.call('projects.create', { name: 'Not a video' });
    await expect(
      h.call('assets.importBytes', {
        projectId: project.id,
        kind: 'video',
        fileName: 'astronaut.png',
        bytes: fs.readFileSync(ASTRONAUT),
      }),
    ).rejects.toMatchObject({ code: 'unsupported_format', message: expect.stringContaining('is not a video') });
  });
});
