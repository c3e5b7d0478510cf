/**
 * Encode half of the export benchmark (issue 10): the same raw frames encoded by our frame-pipe
 * encoder (frames written from Node into ffmpeg's stdin, with backpressure) and by ffmpeg alone
 * reading them from a raw file, in the same run, same settings. The render half needs the
 * generator and is not measured here. Frames: 10 s at 30 fps, 512x512, the astronaut with a slow
 * zoom and pan (prepared in memory before timing).
 *
 *   npx tsx bench/export/encode.bench.ts [SECONDS=10]
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { ffmpegArgs, startEncoder, type EncodeOptions } from '../../src/main/engine/media/encode';
import { findFfmpeg } from '../../src/main/engine/media/ffmpeg';

const run = promisify(execFile);
const seconds = Number(process.argv[2] ?? 10);
const fps = 30;
const size = 512;
const frameCount = seconds * fps;
const portrait = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tests/fixtures/astronaut.png');
const ffmpeg = findFfmpeg().path!;

/** CPU ms of this process plus reaped children (ffmpeg) from /proc (Linux; 0 elsewhere). */
function cpuMs(): number {
  const own = process.cpuUsage();
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (own.user + own.system) / 1000 + ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return (own.user + own.system) / 1000;
  }
}

const { width = 0, height = 0 } = await sharp(portrait).metadata();
const side = Math.min(width, height);
const frames: Buffer[] = [];
for (let n = 0; n < frameCount; n++) {
  const crop = Math.round(side * (1 - (0.2 * n) / frameCount));
  frames.push(
    await sharp(portrait)
      .extract({
        left: Math.round(((width - crop) * n) / frameCount),
        top: Math.round((height - crop) / 2),
        width: crop,
        height: crop,
      })
      .resize(size, size)
      .ensureAlpha()
      .raw()
      .toBuffer(),
  );
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-encode-bench-'));
const rawFile = path.join(dir, 'frames.rgba');
fs.writeFileSync(rawFile, Buffer.concat(frames));

console.log(
  `Encode ${frameCount} frames ${size}x${size} at ${fps} fps (${seconds} s of video), ${os.cpus().length} cores`,
);
console.log('| format | path | wall ms | CPU ms | bytes | x real time |');
console.log('|---|---|---:|---:|---:|---:|');
for (const format of ['mp4', 'gif'] as const) {
  const options: EncodeOptions = { format, width: size, height: size, fps, outPath: path.join(dir, `pipe.${format}`) };
  let start = performance.now();
  let cpu = cpuMs();
  const encoder = startEncoder(options);
  for (const frame of frames) await encoder.write(frame);
  const result = await encoder.finish();
  const pipeMs = performance.now() - start;
  const pipeCpu = cpuMs() - cpu;

  const alone = path.join(dir, `alone.${format}`);
  const args = ffmpegArgs(options, alone).map((a) => (a === 'pipe:0' ? rawFile : a));
  start = performance.now();
  cpu = cpuMs();
  await run(ffmpeg, args);
  const aloneMs = performance.now() - start;
  const aloneCpu = cpuMs() - cpu;

  const line = (label: string, ms: number, cpuUsed: number, bytes: number) =>
    console.log(
      `| ${format} | ${label} | ${ms.toFixed(0)} | ${cpuUsed.toFixed(0)} | ${bytes} | ${((seconds * 1000) / ms).toFixed(1)} |`,
    );
  line('frame pipe (ours)', pipeMs, pipeCpu, result.bytes);
  line('ffmpeg alone (raw file)', aloneMs, aloneCpu, fs.statSync(alone).size);
  console.log(
    `| ${format} | ratio ours / alone | ${(pipeMs / aloneMs).toFixed(2)}x | ${(pipeCpu / aloneCpu).toFixed(2)}x | | |`,
  );
}
fs.rmSync(dir, { recursive: true, force: true });
