/**
 * The retarget benchmark (issue 9): frames per second of `mien retarget` at 512 px, split into
 * analysis (importing the portrait and the driver, face analysis, video tracking and track fitting),
 * render (waiting for generator frames) and encode (the ffmpeg pipe). In the same run, the peer:
 * ffmpeg alone decoding the driver and encoding the same number of frames with the same x264
 * settings, so the ratio says what retargeting costs beyond the video work any tool must do.
 *
 *   npx tsx bench/retarget/retarget.bench.ts [FRAMES=75] [DRIVER.mp4]
 * Without DRIVER a driver is rendered by the generator (the astronaut's jaw opening and closing).
 * Runs the command four times, alternating the painted mouth interior (--painted-mouth) and each
 * driver frame's own (the default), and compares their render + encode time; the table is the last.
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
import { writeSyntheticDriver } from '../../tools/transfer/synthetic-driver';

const run = promisify(execFile);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const portrait = path.join(root, 'tests/fixtures/astronaut.png');
const frames = Number(process.argv[2] ?? 75);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-retarget-bench-'));
const ffmpeg = findFfmpeg().path!;

try {
  let driver = process.argv[3];
  if (!driver) {
    driver = path.join(dir, 'driver.mp4');
    const models = await createOrtFaceModels({ modelsDir: path.join(root, 'resources/models') });
    await writeSyntheticDriver(models, portrait, driver, {
      frames,
      fps: 25,
      jawOpen: (f) => 0.8 * (0.5 - 0.5 * Math.cos((2 * Math.PI * f) / 25)),
    });
    await models.dispose();
  }
  const out = path.join(dir, 'out.mp4');
  type Result = {
    frames: number;
    width: number;
    height: number;
    donorFrames: number;
    timing: { analysisMs: number; renderMs: number; encodeMs: number };
  };
  const retarget = async (extra: string[]): Promise<{ result: Result; wallMs: number }> => {
    const lines: string[] = [];
    const started = performance.now();
    const code = await runCli(['retarget', portrait, driver!, '--out', out, '--size', '512', '--json', ...extra], {
      io: { out: (line) => lines.push(line), err: () => {} },
      createEngine: (options) => createEngine(options),
    });
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`mien retarget exited ${code}`);
    return { result: JSON.parse(lines.join('\n')) as Result, wallMs };
  };
  // Each frame's own mouth (the default) against the painted interior, alternating (the machine's
  // load moves between runs): render + encode ms a frame of each run.
  const perFrame = { painted: [] as number[], donor: [] as number[] };
  let last: { result: Result; wallMs: number } | null = null;
  for (const painted of [true, false, true, false]) {
    last = await retarget(painted ? ['--painted-mouth'] : []);
    const { renderMs, encodeMs } = last.result.timing;
    perFrame[painted ? 'painted' : 'donor'].push((renderMs + encodeMs) / last.result.frames);
  }
  const { result, wallMs } = last!;
  console.log(
    `render + encode ms a frame: painted mouth ${perFrame.painted.map((v) => v.toFixed(1)).join(', ')}; ` +
      `each frame's own mouth ${perFrame.donor.map((v) => v.toFixed(1)).join(', ')} (${result.donorFrames} of ` +
      `${result.frames} frames had a donor); ratio of the means ` +
      `${(perFrame.donor.reduce((a, b) => a + b) / perFrame.painted.reduce((a, b) => a + b)).toFixed(2)}`,
  );

  const peerStart = performance.now();
  await run(ffmpeg, [
    '-v',
    'error',
    '-y',
    '-i',
    driver,
    '-vf',
    `scale=${result.width}:${result.height}`,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '18',
    '-pix_fmt',
    'yuv420p',
    path.join(dir, 'peer.mp4'),
  ]);
  const peerMs = performance.now() - peerStart;

  const { analysisMs, renderMs, encodeMs } = result.timing;
  const fps = (ms: number) => (result.frames / (ms / 1000)).toFixed(1);
  console.log(`mien retarget, ${result.frames} frames at ${result.width}x${result.height} (${os.cpus().length} cores)`);
  console.log('| stage | ms | ms/frame | fps |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(
    `| analysis (import, face analysis, tracking, fit) | ${analysisMs.toFixed(0)} | ${(analysisMs / result.frames).toFixed(1)} | ${fps(analysisMs)} |`,
  );
  console.log(
    `| render (waiting for generator frames) | ${renderMs.toFixed(0)} | ${(renderMs / result.frames).toFixed(1)} | ${fps(renderMs)} |`,
  );
  console.log(
    `| encode (pipe into ffmpeg, finish) | ${encodeMs.toFixed(0)} | ${(encodeMs / result.frames).toFixed(1)} | ${fps(encodeMs)} |`,
  );
  console.log(
    `| render + encode | ${(renderMs + encodeMs).toFixed(0)} | ${((renderMs + encodeMs) / result.frames).toFixed(1)} | ${fps(renderMs + encodeMs)} |`,
  );
  console.log(
    `| whole command (engine start included) | ${wallMs.toFixed(0)} | ${(wallMs / result.frames).toFixed(1)} | ${fps(wallMs)} |`,
  );
  console.log(
    `| peer: ffmpeg alone (decode + x264 veryfast) | ${peerMs.toFixed(0)} | ${(peerMs / result.frames).toFixed(1)} | ${fps(peerMs)} |`,
  );
  console.log(
    `ratio render+encode / ffmpeg alone: ${((renderMs + encodeMs) / peerMs).toFixed(2)}x; whole command / ffmpeg alone: ${(wallMs / peerMs).toFixed(2)}x`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
