import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeVideo } from '../../../src/main/engine/face/analyze-video';
import type { OrtFaceModels } from '../../../src/main/engine/face/ort-face-models';
import type { VideoAnalysis } from '../../../src/main/engine/face/types';
import { locateFfmpeg } from '../../../src/main/engine/face/video-frames';
import { astronautPath, expectedPath, landmarkError, loadModels } from './face-fixtures';

const run = promisify(execFile);
const FRAMES = 354;
const LAST = FRAMES - 1;

/**
 * zoompan shows the input region starting at (x, y) of size (512 / zoom) scaled to 512, so a point
 * p of the still photo appears at (p - (x, y)) * zoom. These are the clip's zoom and pan per frame.
 */
const zoomAt = (n: number) => 1 + (0.25 * n) / LAST;
const panAt = (n: number) => {
  const slack = 512 - 512 / zoomAt(n);
  return { x: (slack * n) / LAST, y: slack / 2 };
};

let models: OrtFaceModels;
let dir: string;
let analysis: VideoAnalysis;
let still: number[];

beforeAll(async () => {
  models = await loadModels();
  still = (JSON.parse(await readFile(expectedPath, 'utf8')) as { landmarks: number[] }).landmarks;
  dir = await mkdtemp(path.join(tmpdir(), 'mien-face-video-'));
  const clip = path.join(dir, 'pan-zoom.mp4');
  await run(locateFfmpeg(), [
    ...['-y', '-loglevel', 'error', '-loop', '1', '-i', astronautPath],
    '-vf',
    `zoompan=z='1+0.25*on/${LAST}':x='(iw-iw/zoom)*on/${LAST}':y='(ih-ih/zoom)/2':d=${FRAMES}:s=512x512:fps=30`,
    ...['-frames:v', String(FRAMES), '-pix_fmt', 'yuv420p', clip],
  ]);
  analysis = await analyzeVideo(models, clip, { expressions: false });
}, 180_000);

afterAll(async () => {
  await models?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('video tracking on a 354-frame pan and zoom over the astronaut', () => {
  it('decodes every frame at the right size and rate', () => {
    expect(analysis.width).toBe(512);
    expect(analysis.height).toBe(512);
    expect(analysis.fps).toBe(30);
    expect(analysis.counters.frames).toBe(FRAMES);
    expect(analysis.frames.map((f) => f.index)).toEqual([...Array(FRAMES).keys()]);
  });

  it('tracks the face in every frame and runs the detector only a few times', () => {
    expect(analysis.counters.framesWithFace).toBe(FRAMES);
    expect(analysis.counters.detectionsRun).toBeLessThanOrEqual(3);
    expect(analysis.frames[0]!.detected).toBe(true);
    expect(analysis.frames.filter((f) => f.detected).length).toBe(analysis.counters.detectionsRun);
  });

  it('keeps the landmarks on the moving face', () => {
    // Measured about 2 px mean: the tracking crop (from the last landmarks) differs from the still
    // photo's detection crop, zoompan snaps its pan to whole pixels, and the One Euro filter lags a little.
    for (let n = 0; n < FRAMES; n += 10) {
      const zoom = zoomAt(n);
      const { x, y } = panAt(n);
      const moved = still.map((v, i) => (i % 3 === 0 ? (v - x) * zoom : i % 3 === 1 ? (v - y) * zoom : v));
      const error = landmarkError(analysis.frames[n]!.landmarks!, moved);
      expect(error.mean, `frame ${n}`).toBeLessThan(4.5);
      expect(error.max, `frame ${n}`).toBeLessThan(12);
    }
    // The face really moves: the nose tip travels more than 50 px across the clip.
    const nose = (n: number) => analysis.frames[n]!.landmarks![3]!;
    expect(Math.abs(nose(LAST) - nose(0))).toBeGreaterThan(50);
  });
});
