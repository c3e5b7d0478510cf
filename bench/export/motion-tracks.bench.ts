/**
 * Real motion against the timeline's tools, on the driving videos in the shared fixtures:
 * 1. key reduction: each video's fitted track set (face pipeline + rig fit, as the app stores it)
 *    reduced to bezier keys within 0.01 (coefficients) / 0.1 deg (head); samples, keys, max error;
 * 2. idle motion vs real: blink rate and duration (eyeBlinkLeft above 0.5) and head angular speed
 *    (median and 90th percentile, deg/s) of each video beside 60 s of generated idle motion.
 *
 *   npx tsx bench/export/motion-tracks.bench.ts          (fixtures from ../shared/fixtures)
 *   MIEN_FIXTURES=/path/to/fixtures npx tsx bench/export/motion-tracks.bench.ts
 *   REDUCE_TOLERANCE=0.02 ...   coefficient tolerance (head: 10x that in degrees); default 0.01
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeVideo } from '../../src/main/engine/face/analyze-video';
import { createOrtFaceModels } from '../../src/main/engine/face/ort-face-models';
import { fitVideoTracks } from '../../src/main/engine/tracks/video-rig-tracks';
import { generateIdle } from '../../src/shared/animate';
import { maxReductionError, reduceKeys } from '../../src/shared/timeline';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = process.env.MIEN_FIXTURES ?? path.resolve(repoRoot, '../../shared/fixtures');
const drivingDir = path.join(fixtures, 'driving');

interface MotionStats {
  seconds: number;
  blinksPerMinute: number;
  blinkMs: number[];
  headSpeedMedian: number;
  headSpeedP90: number;
}

function motionStats(
  fps: number,
  blink: ArrayLike<number>,
  yaw: ArrayLike<number>,
  pitch: ArrayLike<number>,
): MotionStats {
  const blinkMs: number[] = [];
  let start = -1;
  for (let f = 0; f < blink.length; f++) {
    const shut = blink[f]! > 0.5;
    if (shut && start < 0) start = f;
    if (!shut && start >= 0) {
      blinkMs.push(((f - start) * 1000) / fps);
      start = -1;
    }
  }
  const speeds: number[] = [];
  for (let f = 1; f < yaw.length; f++) speeds.push(Math.hypot(yaw[f]! - yaw[f - 1]!, pitch[f]! - pitch[f - 1]!) * fps);
  speeds.sort((a, b) => a - b);
  const seconds = blink.length / fps;
  return {
    seconds,
    blinksPerMinute: (blinkMs.length * 60) / seconds,
    blinkMs,
    headSpeedMedian: speeds[speeds.length >> 1] ?? 0,
    headSpeedP90: speeds[Math.floor(speeds.length * 0.9)] ?? 0,
  };
}

const models = await createOrtFaceModels({ modelsDir: path.join(repoRoot, 'resources/models'), intraOpThreads: 1 });
const videos = (await readdir(drivingDir)).filter((f) => /\.(mp4|mov|webm|mkv)$/i.test(f)).sort();
const coefficientTolerance = Number(process.env.REDUCE_TOLERANCE ?? 0.01);
const reductionRows: string[] = [];
const motionRows: string[] = [];
const row = (label: string, s: MotionStats) =>
  `| ${label} | ${s.seconds.toFixed(1)} | ${s.blinkMs.length} | ${s.blinksPerMinute.toFixed(1)} | ${
    s.blinkMs.length ? `${Math.min(...s.blinkMs).toFixed(0)}–${Math.max(...s.blinkMs).toFixed(0)}` : '–'
  } | ${s.headSpeedMedian.toFixed(1)} | ${s.headSpeedP90.toFixed(1)} |`;

for (const video of videos) {
  const analysis = await analyzeVideo(models, path.join(drivingDir, video), { expressions: false });
  const tracked = analysis.frames.flatMap((f) => (f.landmarks ? [{ index: f.index, landmarks: f.landmarks }] : []));
  const { data } = await fitVideoTracks(tracked, { fps: analysis.fps, frameCount: analysis.frames.length });
  let samples = 0;
  let keys = 0;
  let worstCoefficient = 0;
  let worstDegrees = 0;
  const started = performance.now();
  for (const channel of data.channels) {
    const degrees = channel.unit === 'degrees';
    const tolerance = degrees ? 10 * coefficientTolerance : coefficientTolerance;
    const reduced = reduceKeys(data.times, channel.samples, { tolerance });
    const error = maxReductionError(reduced, data.times, channel.samples);
    if (degrees) worstDegrees = Math.max(worstDegrees, error);
    else worstCoefficient = Math.max(worstCoefficient, error);
    samples += channel.samples.length;
    keys += reduced.length;
  }
  const ms = performance.now() - started;
  reductionRows.push(
    `| ${video} | ${data.frameCount} | ${data.channels.length} | ${samples} | ${keys} | ${(samples / keys).toFixed(1)}x | ${worstCoefficient.toFixed(4)} | ${worstDegrees.toFixed(3)} | ${ms.toFixed(0)} |`,
  );
  const channel = (name: string) => data.channels.find((c) => c.name === name)!.samples;
  motionRows.push(
    row(video, motionStats(data.fps, channel('rig.eyeBlinkLeft'), channel('head.yawDeg'), channel('head.pitchDeg'))),
  );
}

for (const seed of [1, 2, 3]) {
  const idle = generateIdle({ fps: 30, duration: 60, seed });
  const c = idle.channels;
  motionRows.push(
    row(`idle motion, seed ${seed}`, motionStats(30, c['rig.eyeBlinkLeft']!, c['head.yawDeg']!, c['head.pitchDeg']!)),
  );
}

console.log(
  `Key reduction of fitted driving-video tracks (tolerance ${coefficientTolerance} coefficient, ${10 * coefficientTolerance} deg head)`,
);
console.log('| video | frames | channels | samples | keys | reduction | max error coeff | max error deg | reduce ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const line of reductionRows) console.log(line);
console.log('\nReal motion vs generated idle motion (blink: eyeBlinkLeft > 0.5; head speed: yaw/pitch, deg/s)');
console.log('| clip | seconds | blinks | blinks/min | blink ms | head speed median | head speed p90 |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const line of motionRows) console.log(line);
