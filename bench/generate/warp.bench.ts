/**
 * Warp benchmark: ms per frame of the built-in generator rendering an animation of the astronaut
 * (jaw, smile, blink, gaze and head sweeping together; every frame a new rig state) at 512 and
 * 1024 px on the face region's long side, on this thread; then the H.264 encode of the very same
 * frames by ffmpeg (libx264, its default preset, yuv420p; all its threads), timed from the first
 * byte written to its exit. The renderer must keep up with the encoder: ratio render/encode <= 1.
 * Run: npx tsx bench/generate/warp.bench.ts [frames]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { findFfmpeg } from '../../src/main/engine/media/ffmpeg';
import { NO_MASKS } from '../../src/main/engine/generate/generator';
import { fitLandmarksForSource, generatorSource } from '../../src/main/engine/generate/generator-source';
import { warpGenerator } from '../../src/main/engine/generate/warp/warp-generator';
import { coefficientsToRecord } from '../../src/shared/rig';

const FRAMES = Number(process.argv[2] ?? 60);
const root = path.resolve(import.meta.dirname, '../..');
const photoPath = path.join(root, 'tests/fixtures/astronaut.png');
const landmarks = (
  JSON.parse(readFileSync(path.join(root, 'tests/integration/face/expected/astronaut-landmarks.json'), 'utf8')) as {
    landmarks: number[];
  }
).landmarks;

const { data, info } = await sharp(photoPath).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
const image = {
  data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  width: info.width,
  height: info.height,
};
const fit = fitLandmarksForSource(landmarks);
const prepared = warpGenerator.prepare(generatorSource('astronaut', image, landmarks, info.width, fit));
const base = coefficientsToRecord(fit.coefficients);

function targetAt(frame: number) {
  const t = frame / FRAMES;
  const wave = (period: number) => 0.5 - 0.5 * Math.cos(2 * Math.PI * t * period);
  return {
    coefficients: {
      ...base,
      jawOpen: 0.6 * wave(2),
      mouthSmileLeft: 0.8 * wave(1),
      mouthSmileRight: 0.8 * wave(1),
      eyeBlinkLeft: wave(3),
      eyeBlinkRight: wave(3),
      eyeLookOutLeft: wave(1.5),
      eyeLookInRight: wave(1.5),
      browInnerUp: 0.7 * wave(2.5),
    },
    head: { yawDeg: 15 * Math.sin(2 * Math.PI * t), pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg },
  };
}

/**
 * Encodes the frames with ffmpeg (run through bash's `time` so its CPU time, all threads, is read
 * too); returns wall and CPU seconds.
 */
async function encode(ffmpeg: string, frames: Uint8Array[], width: number, height: number) {
  const args = ['-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${width}x${height}`, '-r', '30', '-i', '-'];
  args.push(
    '-vf',
    'crop=trunc(iw/2)*2:trunc(ih/2)*2',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-f',
    'mp4',
    '-y',
    '/dev/null',
  );
  const quoted = [ffmpeg, ...args].map((a) => `'${a}'`).join(' ');
  const started = performance.now();
  const child = spawn('bash', ['-c', `TIMEFORMAT='%U %S'; time ${quoted}`], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}: ${stderr}`))));
  });
  for (const frame of frames) {
    if (!child.stdin.write(frame)) await new Promise((resolve) => child.stdin.once('drain', resolve));
  }
  child.stdin.end();
  await done;
  const wall = (performance.now() - started) / 1000;
  const [user, system] = stderr.trim().split(/\s+/).slice(-2).map(Number);
  return { wall, cpu: (user ?? NaN) + (system ?? NaN) };
}

const ffmpeg = findFfmpeg();
if (!ffmpeg.path) throw new Error(`No ffmpeg: ${JSON.stringify(ffmpeg)}`);
console.log(`warp benchmark: ${FRAMES} frames of the astronaut, render on one thread, encode by ${ffmpeg.path}`);
console.log('Wall times suffer when other processes share the cores; CPU times (ffmpeg: all its threads) less so.');
console.log('size  render wall ms/frame (median, p95, mean)  cpu   | encode wall  cpu  | ratio wall  cpu');
for (const maxSide of [512, 1024]) {
  // Warm the JIT and the raster buffers first, as a render worker is warm after its first frames:
  // on frames spread over the whole animation, so every shader path (blink, open mouth, gaze) has
  // run before V8 optimises the raster; warmed on the first frames only, the measured frames pay
  // for recompiling it as each new path turns up.
  for (let f = 0; f < FRAMES; f += 3)
    warpGenerator.render(prepared, targetAt(f), {}, NO_MASKS, { kind: 'preview', maxSide });
  const times: number[] = [];
  const frames: Uint8Array[] = [];
  let width = 0;
  let height = 0;
  const cpuStart = process.cpuUsage();
  for (let f = 0; f < FRAMES; f++) {
    const started = performance.now();
    const rendered = warpGenerator.render(prepared, targetAt(f), {}, NO_MASKS, { kind: 'preview', maxSide });
    times.push(performance.now() - started);
    frames.push(rendered.image.data);
    ({ width, height } = rendered.image);
  }
  const cpu = process.cpuUsage(cpuStart);
  const renderCpu = (cpu.user + cpu.system) / 1000 / FRAMES;
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const encoded = await encode(ffmpeg.path, frames, width, height);
  const encodeWall = (encoded.wall * 1000) / FRAMES;
  const encodeCpu = (encoded.cpu * 1000) / FRAMES;
  const f1 = (n: number) => n.toFixed(1).padStart(6);
  console.log(
    `${String(maxSide).padEnd(5)} ${f1(median)} ${f1(p95)} ${f1(mean)} (${width}x${height}) ${f1(renderCpu)} | ${f1(encodeWall)} ${f1(encodeCpu)} | ${(mean / encodeWall).toFixed(2).padStart(5)} ${(renderCpu / encodeCpu).toFixed(2).padStart(5)}`,
  );
}
