import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFfmpeg } from '../../../src/main/engine/media/ffmpeg';
import { startEngine, type Harness } from '../engine/engine-harness';

const run = promisify(execFile);
const FPS = 30;
const FULL_FRAMES = 120; // 4 s

let h: Harness;
let dir: string;
let cut: Buffer;
let decodableFrames: number;

beforeAll(async () => {
  h = await startEngine();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-truncated-'));
  const whole = path.join(dir, 'whole.mp4');
  const ffmpeg = findFfmpeg().path!;
  // faststart: the index (moov) comes first and announces all 120 frames, so a copy cut short
  // still claims the full length.
  await run(ffmpeg, [
    ...['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=${FPS}`],
    ...['-frames:v', String(FULL_FRAMES), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', whole],
  ]);
  const bytes = fs.readFileSync(whole);
  cut = bytes.subarray(0, Math.floor(bytes.byteLength / 2));
  const cutPath = path.join(dir, 'cut.mp4');
  fs.writeFileSync(cutPath, cut);
  // What a decoder really gets out of the cut file, counted by ffmpeg itself.
  const decoded = await run(ffmpeg, [
    '-hide_banner',
    '-nostdin',
    '-i',
    cutPath,
    '-map',
    '0:v:0',
    '-f',
    'framemd5',
    '-',
  ]);
  decodableFrames = decoded.stdout.split('\n').filter((line) => /^0,/.test(line)).length;
}, 60_000);

afterAll(async () => {
  await h?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a faststart MP4 cut short', () => {
  it('imports with the frames and duration that were actually decoded, not what its index claims', async () => {
    expect(decodableFrames).toBeGreaterThan(10);
    expect(decodableFrames).toBeLessThan(FULL_FRAMES * 0.75);
    const project = await h.call('projects.create', { name: 'Cut short' });
    const job = await h.call('assets.importBytes', { projectId: project.id, fileName: 'cut.mp4', bytes: cut });
    const imported = await h.waitForJob(job.id, 60_000);
    expect(imported.error).toBeNull();
    const [asset] = await h.call('assets.list', { projectId: project.id });
    expect(asset!.frameCount).toBe(decodableFrames);
    expect(asset!.durationMs).toBe(Math.round((decodableFrames / FPS) * 1000));
    expect(imported.result).toMatchObject({ frameCount: decodableFrames, durationMs: asset!.durationMs });
  }, 90_000);
});
