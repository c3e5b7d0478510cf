import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANDMARK_COUNT } from '../../../src/shared/api';
import { findFfmpeg } from '../../../src/main/engine/media/ffmpeg';
import { apiErrorOf, ASTRONAUT, startEngine, type Harness } from '../engine/engine-harness';
import { expectedPath } from '../face/face-fixtures';

const run = promisify(execFile);
const FRAMES = 60; // 2 s at 30 fps
const LAST = FRAMES - 1;
const SIZE = 512;

/** zoompan shows the region at (x, y) of size SIZE / zoom scaled to SIZE: a still point p lands at (p - (x, y)) * zoom. */
const zoomAt = (n: number) => 1 + (0.2 * n) / LAST;
const panAt = (n: number) => {
  const slack = SIZE - SIZE / zoomAt(n);
  return { x: (slack * n) / LAST, y: slack / 2 };
};

let h: Harness;
let dir: string;
let clip: Buffer;
let still: number[];

async function importVideo(projectId: string, fileName: string, bytes: Uint8Array): Promise<string> {
  const job = await h.call('assets.importBytes', { projectId, fileName, bytes });
  const done = await h.waitForJob(job.id, 30_000);
  expect(done.state).toBe('succeeded');
  return done.result!.trackingJobId as string;
}

beforeAll(async () => {
  h = await startEngine();
  still = (JSON.parse(fs.readFileSync(expectedPath, 'utf8')) as { landmarks: number[] }).landmarks;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-video-frames-'));
  const file = path.join(dir, 'zoom.mp4');
  await run(findFfmpeg().path!, [
    ...['-y', '-loglevel', 'error', '-loop', '1', '-i', ASTRONAUT],
    '-vf',
    `zoompan=z='1+0.2*on/${LAST}':x='(iw-iw/zoom)*on/${LAST}':y='(ih-ih/zoom)/2':d=${FRAMES}:s=${SIZE}x${SIZE}:fps=30`,
    ...['-frames:v', String(FRAMES), '-pix_fmt', 'yuv420p', file],
  ]);
  clip = fs.readFileSync(file);
}, 60_000);

afterAll(async () => {
  await h?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('faces.videoFrames', () => {
  it('returns every tracked frame as 478 x, y points on the moving face, in chunks', async () => {
    const project = await h.call('projects.create', { name: 'Mesh over video' });
    const tracking = await h.waitForJob(await importVideo(project.id, 'zoom.mp4', clip), 120_000);
    expect(tracking.state).toBe('succeeded');
    const [asset] = await h.call('assets.list', { projectId: project.id });

    const all = await h.call('faces.videoFrames', { assetId: asset!.id, from: 0, count: 300 });
    expect(all).toMatchObject({ fps: 30, frameCount: FRAMES, width: SIZE, height: SIZE });
    expect(all.frames.map((f) => f.frame)).toEqual([...Array(FRAMES).keys()]);
    for (const { frame, landmarks } of all.frames) {
      expect(landmarks, `frame ${frame}`).not.toBeNull();
      expect(landmarks).toHaveLength(LANDMARK_COUNT * 2);
      for (const v of landmarks!) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(SIZE);
      }
    }
    // Near the face: each frame's points match the still photo's landmarks moved by that frame's zoom and pan.
    for (let n = 0; n < FRAMES; n += 10) {
      const zoom = zoomAt(n);
      const pan = panAt(n);
      const points = all.frames[n]!.landmarks!;
      let sum = 0;
      for (let i = 0; i < LANDMARK_COUNT; i++) {
        const ex = (still[i * 3]! - pan.x) * zoom;
        const ey = (still[i * 3 + 1]! - pan.y) * zoom;
        sum += Math.hypot(points[i * 2]! - ex, points[i * 2 + 1]! - ey);
      }
      expect(sum / LANDMARK_COUNT, `frame ${n}`).toBeLessThan(5);
    }

    // A chunk is the same data as the matching slice of the whole, and stops at the last frame.
    const chunk = await h.call('faces.videoFrames', { assetId: asset!.id, from: 50, count: 20 });
    expect(chunk.frames.map((f) => f.frame)).toEqual([...Array(10).keys()].map((i) => 50 + i));
    expect(chunk.frames[3]).toEqual(all.frames[53]);

    const past = await apiErrorOf(h.call('faces.videoFrames', { assetId: asset!.id, from: FRAMES, count: 1 }));
    expect(past.code).toBe('invalid_request');
    expect(past.message).toContain(`0..${LAST}`);
    const tooMany = await apiErrorOf(h.call('faces.videoFrames', { assetId: asset!.id, from: 0, count: 301 }));
    expect(tooMany.code).toBe('invalid_request');
  }, 180_000);

  it('gives null for frames without a face', async () => {
    const project = await h.call('projects.create', { name: 'No face' });
    const file = path.join(dir, 'grey.mp4');
    await run(findFfmpeg().path!, [
      ...['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=gray:size=160x120:rate=10:duration=1'],
      ...['-pix_fmt', 'yuv420p', file],
    ]);
    const tracking = await h.waitForJob(await importVideo(project.id, 'grey.mp4', fs.readFileSync(file)), 60_000);
    expect(tracking.result).toMatchObject({ ok: false, framesWithFace: 0 });
    const [asset] = await h.call('assets.list', { projectId: project.id });
    const answer = await h.call('faces.videoFrames', { assetId: asset!.id, from: 0, count: 300 });
    expect(answer).toMatchObject({ fps: 10, frameCount: 10, width: 160, height: 120 });
    expect(answer.frames).toEqual([...Array(10).keys()].map((frame) => ({ frame, landmarks: null })));
  }, 60_000);

  it('refuses a photo and a video whose face was not tracked yet', async () => {
    const project = await h.call('projects.create', { name: 'Refusals' });
    const photoJob = await h.call('assets.importBytes', {
      projectId: project.id,
      fileName: 'astronaut.png',
      bytes: fs.readFileSync(ASTRONAUT),
    });
    await h.waitForJob(photoJob.id);
    const [photo] = await h.call('assets.list', { projectId: project.id });
    const notVideo = await apiErrorOf(h.call('faces.videoFrames', { assetId: photo!.id, from: 0, count: 10 }));
    expect(notVideo.code).toBe('invalid_request');
    expect(notVideo.message).toBe('astronaut.png is a photo; only a video has per-frame landmarks.');

    // Cancelling the tracking that the import queued leaves the video untracked.
    const trackingId = await importVideo(project.id, 'untracked.mp4', clip);
    await h.call('jobs.cancel', { id: trackingId });
    expect((await h.waitForJob(trackingId, 30_000)).state).toBe('cancelled');
    const video = (await h.call('assets.list', { projectId: project.id })).find((a) => a.kind === 'video')!;
    const untracked = await apiErrorOf(h.call('faces.videoFrames', { assetId: video.id, from: 0, count: 10 }));
    expect(untracked.code).toBe('not_found');
    expect(untracked.message).toBe('The face in untracked.mp4 has not been tracked yet.');
  }, 60_000);
});
