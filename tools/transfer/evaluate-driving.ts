/**
 * Retargeting on real driving videos (issue 9): each fixture driver (its first N frames) drives the
 * astronaut through `mien retarget`; the face pipeline then measures driver and output frame by
 * frame. Prints, per video, the correlation of driver and output for mouth opening (the pipeline's
 * jawOpen and the inner-lip gap), eye opening and head yaw, and the landmark jitter on still
 * stretches (frames where the driver's measures barely change) of the driver and of the output.
 *
 *   MIEN_FIXTURES=/path/to/shared/fixtures npx tsx tools/transfer/evaluate-driving.ts [FRAMES=90] [VIDEO...]
 * Default videos: smile-grimace-78f.mp4 and child-talking-225f.mp4.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runCli } from '../../src/main/cli/run-cli';
import { createEngine } from '../../src/main/engine/engine';
import { createOrtFaceModels } from '../../src/main/engine/face/ort-face-models';
import { findFfmpeg } from '../../src/main/engine/media/ffmpeg';
import { jitterOnStill, measureVideo, pearson, stillFrames, type FaceMeasure } from './face-measures';

const run = promisify(execFile);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = process.env.MIEN_FIXTURES ?? path.join(root, '../shared/fixtures');
if (!fs.existsSync(path.join(fixtures, 'driving'))) {
  console.error(`No driving videos at ${fixtures}/driving: set MIEN_FIXTURES to the shared fixtures folder.`);
  process.exit(2);
}
const frameLimit = Number(process.argv[2] ?? 90);
const videos = process.argv.length > 3 ? process.argv.slice(3) : ['smile-grimace-78f.mp4', 'child-talking-225f.mp4'];
const portrait = path.join(root, 'tests/fixtures/astronaut.png');
const ffmpeg = findFfmpeg().path!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-transfer-eval-'));
const models = await createOrtFaceModels({ modelsDir: path.join(root, 'resources/models') });

const rows: string[] = [];
try {
  for (const video of videos) {
    const driver = path.join(dir, `driver-${video}`);
    // The first frames only (the machine is shared); re-encoded near-losslessly at the same rate.
    await run(ffmpeg, [
      '-v',
      'error',
      '-y',
      '-i',
      path.join(fixtures, 'driving', video),
      '-frames:v',
      String(frameLimit),
      '-c:v',
      'libx264',
      '-crf',
      '12',
      '-preset',
      'veryfast',
      '-pix_fmt',
      'yuv420p',
      driver,
    ]);
    const out = path.join(dir, `out-${video}`);
    const lines: string[] = [];
    const code = await runCli(['retarget', portrait, driver, '--out', out, '--json'], {
      io: { out: (line) => lines.push(line), err: () => {} },
      createEngine: (options) => createEngine(options),
    });
    if (code !== 0) throw new Error(`mien retarget ${video} exited ${code}`);
    const result = JSON.parse(lines.join('\n')) as {
      frames: number;
      width: number;
      height: number;
      neutralFrameIndex: number;
    };
    const driven = await measureVideo(models, ffmpeg, driver, { width: 512, height: 512 });
    const output = await measureVideo(models, ffmpeg, out, { width: result.width, height: result.height });
    const both = driven.map((_, i) => i).filter((i) => driven[i] && output[i]);
    const r = (key: keyof Omit<FaceMeasure, 'landmarks'>) =>
      pearson(
        both.map((i) => driven[i]![key]),
        both.map((i) => output[i]![key]),
      ).toFixed(2);
    const still = stillFrames(driven);
    const driverJitter = jitterOnStill(driven, still);
    const outputJitter = jitterOnStill(output, still);
    rows.push(
      `| ${video} | ${result.frames} | ${result.neutralFrameIndex} | ${r('jawOpen')} | ${r('mouth')} | ${r('eyes')} | ${r('yawDeg')} | ` +
        `${driverJitter.frames} | ${(driverJitter.jitter * 1000).toFixed(2)} | ${(outputJitter.jitter * 1000).toFixed(2)} |`,
    );
    console.error(`${video}: done`);
  }
} finally {
  await models.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(
  '| driver | frames | neutral | r jawOpen | r lip gap | r eyes | r yaw | still frames | jitter driver (‰ face) | jitter output (‰ face) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
