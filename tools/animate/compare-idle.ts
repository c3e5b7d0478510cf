/**
 * Real motion against generated idle motion (issue 10): tracks extracted from the driving videos
 * in the shared fixtures (face pipeline + rig fit, as the app stores a video's track set) beside
 * minutes of `generateIdle` at several seeds, measured the same way:
 *   - blinks: a blink is a run of frames with both eyes' eyeBlink above 0.5 (the mean of left and
 *     right, so a one-eyed misread is not a blink); rate per minute, duration (time above 0.5)
 *     and the interval between blink onsets, as p10 / median / p90;
 *   - head speed: angular speed of yaw and pitch (deg/s), raw and after a 5-frame moving average
 *     (tracking jitter inflates the raw speed of real tracks), p10 / median / p90;
 *   - head range: standard deviation of yaw and pitch (deg).
 * Prints one markdown table (docs/timeline.md).
 *
 *   npx tsx tools/animate/compare-idle.ts [IDLE_SECONDS=120]
 *   MIEN_FIXTURES=/path/to/fixtures npx tsx tools/animate/compare-idle.ts
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeVideo } from '../../src/main/engine/face/analyze-video';
import { createOrtFaceModels } from '../../src/main/engine/face/ort-face-models';
import { fitVideoTracks } from '../../src/main/engine/tracks/video-rig-tracks';
import { generateIdle } from '../../src/shared/animate';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = process.env.MIEN_FIXTURES ?? path.resolve(repoRoot, '../../shared/fixtures');
const drivingDir = path.join(fixtures, 'driving');
const idleSeconds = Number(process.argv[2] ?? 120);
if (!existsSync(drivingDir)) {
  console.error(`No driving videos at ${drivingDir}: set MIEN_FIXTURES to the shared fixtures folder.`);
  process.exit(2);
}

interface Clip {
  label: string;
  fps: number;
  blinkLeft: ArrayLike<number>;
  blinkRight: ArrayLike<number>;
  yaw: ArrayLike<number>;
  pitch: ArrayLike<number>;
}

const percentile = (sorted: number[], p: number): number | null =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
/** "p10 / median / p90" of a list, with `digits` decimals; a dash for an empty list. */
const spread = (values: number[], digits = 0): string => {
  const sorted = [...values].sort((a, b) => a - b);
  const [p10, p50, p90] = [0.1, 0.5, 0.9].map((p) => percentile(sorted, p));
  if (p10 == null || p50 == null || p90 == null) return '–';
  return `${p10.toFixed(digits)} / ${p50.toFixed(digits)} / ${p90.toFixed(digits)}`;
};
const smooth = (values: ArrayLike<number>, radius: number): number[] =>
  Array.from(values, (_, i) => {
    let sum = 0;
    let count = 0;
    for (let j = Math.max(0, i - radius); j <= Math.min(values.length - 1, i + radius); j++) {
      sum += values[j]!;
      count++;
    }
    return sum / count;
  });
const speeds = (fps: number, yaw: ArrayLike<number>, pitch: ArrayLike<number>): number[] =>
  Array.from({ length: yaw.length - 1 }, (_, f) => Math.hypot(yaw[f + 1]! - yaw[f]!, pitch[f + 1]! - pitch[f]!) * fps);
const deviation = (values: ArrayLike<number>): number => {
  const list = Array.from(values);
  const mean = list.reduce((a, b) => a + b, 0) / list.length;
  return Math.sqrt(list.reduce((a, b) => a + (b - mean) ** 2, 0) / list.length);
};

function row(clip: Clip): string {
  const { fps } = clip;
  const onsets: number[] = [];
  const durations: number[] = [];
  let start = -1;
  for (let f = 0; f <= clip.blinkLeft.length; f++) {
    const shut = f < clip.blinkLeft.length && (clip.blinkLeft[f]! + clip.blinkRight[f]!) / 2 > 0.5;
    if (shut && start < 0) start = f;
    if (!shut && start >= 0) {
      onsets.push((start * 1000) / fps);
      durations.push(((f - start) * 1000) / fps);
      start = -1;
    }
  }
  const intervals = onsets.slice(1).map((t, i) => (t - onsets[i]!) / 1000);
  const seconds = clip.blinkLeft.length / fps;
  const raw = speeds(fps, clip.yaw, clip.pitch);
  const smoothed = speeds(fps, smooth(clip.yaw, 2), smooth(clip.pitch, 2));
  return `| ${clip.label} | ${seconds.toFixed(1)} | ${onsets.length} | ${((onsets.length * 60) / seconds).toFixed(1)} | ${spread(durations)} | ${spread(intervals, 1)} | ${spread(raw, 1)} | ${spread(smoothed, 1)} | ${deviation(clip.yaw).toFixed(1)} / ${deviation(clip.pitch).toFixed(1)} |`;
}

const rows: string[] = [];
const models = await createOrtFaceModels({ modelsDir: path.join(repoRoot, 'resources/models'), intraOpThreads: 1 });
const videos = (await readdir(drivingDir)).filter((f) => /\.(mp4|mov|webm|mkv)$/i.test(f)).sort();
for (const video of videos) {
  const analysis = await analyzeVideo(models, path.join(drivingDir, video), { expressions: false });
  const tracked = analysis.frames.flatMap((f) => (f.landmarks ? [{ index: f.index, landmarks: f.landmarks }] : []));
  const { data } = await fitVideoTracks(tracked, { fps: analysis.fps, frameCount: analysis.frames.length });
  const channel = (name: string) => data.channels.find((c) => c.name === name)!.samples;
  rows.push(
    row({
      label: `real: ${video}`,
      fps: data.fps,
      blinkLeft: channel('rig.eyeBlinkLeft'),
      blinkRight: channel('rig.eyeBlinkRight'),
      yaw: channel('head.yawDeg'),
      pitch: channel('head.pitchDeg'),
    }),
  );
}
for (const seed of [1, 2, 3, 4]) {
  const c = generateIdle({ fps: 30, duration: idleSeconds, seed }).channels;
  rows.push(
    row({
      label: `idle, seed ${seed}`,
      fps: 30,
      blinkLeft: c['rig.eyeBlinkLeft']!,
      blinkRight: c['rig.eyeBlinkRight']!,
      yaw: c['head.yawDeg']!,
      pitch: c['head.pitchDeg']!,
    }),
  );
}

console.log(`Real tracks (${drivingDir}) vs generated idle motion (${idleSeconds} s per seed, amount 1)`);
console.log(
  '| clip | seconds | blinks | blinks/min | blink ms p10/p50/p90 | interval s p10/p50/p90 | head deg/s p10/p50/p90 | smoothed deg/s p10/p50/p90 | yaw / pitch sd deg |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const line of rows) console.log(line);
