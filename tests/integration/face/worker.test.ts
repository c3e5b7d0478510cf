import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceAnalyzer } from '../../../src/main/engine/face/face-analyzer';
import type { FaceTasks } from '../../../src/main/engine/face/face-tasks';
import { locateFfmpeg } from '../../../src/main/engine/face/video-frames';
import type { WorkerPool } from '../../../src/main/engine/workers/worker-pool';
import { astronaut, astronautPath, expectedPath, landmarkError, toRgba } from './face-fixtures';

let analyzer: FaceAnalyzer;
let pool: WorkerPool<FaceTasks>;
let expected: number[];
let dir: string;
let clip: string;

beforeAll(async () => {
  ({ analyzer, pool } = FaceAnalyzer.withOwnPool(1));
  expected = (JSON.parse(await readFile(expectedPath, 'utf8')) as { landmarks: number[] }).landmarks;
  dir = await mkdtemp(path.join(tmpdir(), 'mien-face-worker-'));
  clip = path.join(dir, 'still.mp4');
  await promisify(execFile)(locateFfmpeg(), [
    ...['-y', '-loglevel', 'error', '-loop', '1', '-i', astronautPath, '-t', '2', '-r', '25'],
    ...['-pix_fmt', 'yuv420p', clip],
  ]);
});

afterAll(async () => {
  await pool?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('face analysis in a worker thread', () => {
  it('analyzes a file and an RGBA buffer off the calling thread', async () => {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const fromFile = await analyzer.analyzeFile(astronautPath);
    const image = await toRgba(astronaut());
    const fromPixels = await analyzer.analyzeRgba(new Uint8Array(image.data), image.width, image.height);
    delay.disable();
    for (const analysis of [fromFile, fromPixels]) {
      expect(analysis.ok).toBe(true);
      if (analysis.ok) expect(landmarkError(analysis.faces[0]!.landmarks, expected).mean).toBeLessThan(2);
    }
    // Models load and run in the worker: this thread stays responsive (generous bound for a busy 2-core CI box).
    expect(delay.max / 1e6).toBeLessThan(250);
  });

  it('tracks a video with progress events', async () => {
    const progress: number[] = [];
    const video = await analyzer.analyzeVideo(clip, (done) => progress.push(done));
    expect(video.counters.frames).toBe(50);
    expect(video.counters.framesWithFace).toBe(50);
    expect(video.counters.detectionsRun).toBe(1);
    expect(progress).toEqual([10, 20, 30, 40, 50]);
    expect(landmarkError(video.frames[49]!.landmarks!, expected).mean).toBeLessThan(3);
  });

  it('cancels a video analysis', async () => {
    const controller = new AbortController();
    const running = analyzer.analyzeVideo(
      clip,
      (done) => {
        if (done >= 10) controller.abort();
      },
      controller.signal,
    );
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
  });
});
