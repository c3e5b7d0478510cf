/**
 * Key reduction on real motion, on the driving videos in the shared fixtures: each video's fitted
 * track set (face pipeline + rig fit, as the app stores it) reduced to bezier keys within 0.01
 * (coefficients) / 0.1 deg (head); samples, keys, max error. (Real motion against generated idle
 * motion is tools/animate/compare-idle.ts.)
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
import { maxReductionError, reduceKeys } from '../../src/shared/timeline';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = process.env.MIEN_FIXTURES ?? path.resolve(repoRoot, '../../shared/fixtures');
const drivingDir = path.join(fixtures, 'driving');

const models = await createOrtFaceModels({ modelsDir: path.join(repoRoot, 'resources/models'), intraOpThreads: 1 });
const videos = (await readdir(drivingDir)).filter((f) => /\.(mp4|mov|webm|mkv)$/i.test(f)).sort();
const coefficientTolerance = Number(process.env.REDUCE_TOLERANCE ?? 0.01);
const reductionRows: string[] = [];

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
}

console.log(
  `Key reduction of fitted driving-video tracks (tolerance ${coefficientTolerance} coefficient, ${10 * coefficientTolerance} deg head)`,
);
console.log('| video | frames | channels | samples | keys | reduction | max error coeff | max error deg | reduce ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const line of reductionRows) console.log(line);
