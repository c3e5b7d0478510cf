/**
 * GIF encoder comparison at equal size: ffmpeg palettegen/paletteuse with one palette for the clip
 * (the exporter's GIF path, src/main/engine/media/encode) against sharp's GIF encoder (libvips +
 * libimagequant, per-frame palettes reused when close), on the same frames in the same run.
 * Frames: the astronaut portrait with a slow zoom and pan (photographic content, like an export).
 * Prints bytes, encode time and PSNR of the decoded GIF against the source frames.
 *
 *   npx tsx bench/export/gif-compare.bench.ts [SIZE=256] [FRAMES=50]
 *   GIF_COMPARE_CONTENT=face ...    a still portrait whose face region moves (default: zoom and pan)
 *   GIF_COMPARE_SHEET=out.png ...   also writes the middle frame of the source and each GIF side by side
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { startEncoder } from '../../src/main/engine/media/encode';
import { findFfmpeg } from '../../src/main/engine/media/ffmpeg';

const run = promisify(execFile);
const size = Number(process.argv[2] ?? 256);
const frameCount = Number(process.argv[3] ?? 50);
const fps = 25;
const here = path.dirname(fileURLToPath(import.meta.url));
const portrait = path.join(here, '../../tests/fixtures/astronaut.png');
const ffmpeg = findFfmpeg().path!;

/**
 * 'pan': zoom and pan over the whole photo (every pixel changes: the worst case).
 * 'face': the still portrait with only the face region moving, like a talking-head export.
 */
const content = process.env.GIF_COMPARE_CONTENT === 'face' ? 'face' : 'pan';

async function sourceFrames(): Promise<Buffer[]> {
  const image = sharp(portrait);
  const { width = 0, height = 0 } = await image.metadata();
  const side = Math.min(width, height);
  const frames: Buffer[] = [];
  if (content === 'face') {
    const still = await sharp(portrait)
      .extract({ left: Math.round((width - side) / 2), top: 0, width: side, height: side })
      .resize(size, size)
      .ensureAlpha()
      .raw()
      .toBuffer();
    // The face box (about the middle third, upper half) sways sideways by up to 3% of the width.
    const [x0, x1, y0, y1] = [0.35, 0.66, 0.23, 0.55].map((f) => Math.round(f * size));
    for (let n = 0; n < frameCount; n++) {
      const frame = Buffer.from(still);
      const dx = Math.round(0.03 * size * Math.sin(n / 4));
      for (let y = y0!; y < y1!; y++) {
        still.copy(frame, (y * size + x0!) * 4, (y * size + x0! + dx) * 4, (y * size + x1! + dx) * 4);
      }
      frames.push(frame);
    }
    return frames;
  }
  for (let n = 0; n < frameCount; n++) {
    const crop = Math.round(side * (1 - (0.25 * n) / frameCount));
    const left = Math.round(((width - crop) * n) / frameCount);
    const top = Math.round((height - crop) / 2);
    frames.push(
      await sharp(portrait)
        .extract({ left, top, width: crop, height: crop })
        .resize(size, size)
        .ensureAlpha()
        .raw()
        .toBuffer(),
    );
  }
  return frames;
}

async function decodeGif(file: string): Promise<Buffer> {
  const { stdout } = await run(ffmpeg, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 1 << 30,
  });
  return stdout;
}

function psnr(frames: Buffer[], decoded: Buffer): number {
  let squared = 0;
  let count = 0;
  const frameBytes = size * size * 4;
  if (decoded.length !== frameBytes * frames.length) {
    throw new Error(`decoded ${decoded.length / frameBytes} frames, expected ${frames.length}`);
  }
  frames.forEach((frame, f) => {
    for (let i = 0; i < frameBytes; i++) {
      if (i % 4 === 3) continue;
      const d = frame[i]! - decoded[f * frameBytes + i]!;
      squared += d * d;
      count++;
    }
  });
  return 10 * Math.log10((255 * 255) / (squared / count));
}

const frames = await sourceFrames();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-gif-'));
const rows: Array<{ encoder: string; bytes: number; ms: number; cpuMs: number; psnr: number }> = [];
/**
 * CPU time of this process plus its reaped children (ffmpeg), in ms: wall time is unreliable on a
 * shared machine. Children's time comes from /proc (Linux); elsewhere it reads 0.
 */
function cpuMs(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    children = ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    children = 0;
  }
  return (own.user + own.system) / 1000 + children;
}
const middles: Buffer[] = [frames[frameCount >> 1]!];
const middleOf = (decoded: Buffer) =>
  decoded.subarray((frameCount >> 1) * size * size * 4, ((frameCount >> 1) + 1) * size * size * 4);

for (const dither of ['sierra2_4a', 'none'] as const) {
  const out = path.join(dir, `ffmpeg-${dither}.gif`);
  const start = performance.now();
  const cpuStart = cpuMs();
  const encoder = startEncoder({ format: 'gif', outPath: out, width: size, height: size, fps, dither });
  for (const frame of frames) await encoder.write(Buffer.from(frame));
  const result = await encoder.finish();
  rows.push({
    encoder: `ffmpeg palettegen+paletteuse (clip palette, dither ${dither})`,
    bytes: result.bytes,
    ms: performance.now() - start,
    cpuMs: cpuMs() - cpuStart,
    psnr: psnr(frames, await decodeGif(out)),
  });
  middles.push(middleOf(await decodeGif(out)));
}

for (const [label, options] of [
  ['sharp gif (effort 7, dither 1.0: defaults)', {}],
  ['sharp gif (effort 10, dither 0.5)', { effort: 10, dither: 0.5 }],
] as const) {
  const out = path.join(dir, `sharp-${rows.length}.gif`);
  const start = performance.now();
  const cpuStart = cpuMs();
  await sharp(Buffer.concat(frames), { raw: { width: size, height: size * frameCount, channels: 4, pageHeight: size } })
    .gif({ ...options, loop: 0, delay: new Array(frameCount).fill(1000 / fps) })
    .toFile(out);
  rows.push({
    encoder: label,
    bytes: fs.statSync(out).size,
    ms: performance.now() - start,
    cpuMs: cpuMs() - cpuStart,
    psnr: psnr(frames, await decodeGif(out)),
  });
  middles.push(middleOf(await decodeGif(out)));
}

console.log(`GIF ${size}x${size}, ${frameCount} frames at ${fps} fps (astronaut, content: ${content})`);
console.log('| encoder | bytes | encode wall ms | encode CPU ms | PSNR dB |');
console.log('|---|---:|---:|---:|---:|');
for (const row of rows)
  console.log(
    `| ${row.encoder} | ${row.bytes} | ${row.ms.toFixed(0)} | ${row.cpuMs.toFixed(0)} | ${row.psnr.toFixed(2)} |`,
  );
const sheet = process.env.GIF_COMPARE_SHEET;
if (sheet) {
  await sharp({ create: { width: size * middles.length, height: size, channels: 4, background: '#000' } })
    .composite(
      middles.map((m, i) => ({
        input: m,
        raw: { width: size, height: size, channels: 4 as const },
        left: i * size,
        top: 0,
      })),
    )
    .png()
    .toFile(sheet);
  console.log(`Middle frames (source, then each row in order): ${sheet}`);
}
fs.rmSync(dir, { recursive: true, force: true });
