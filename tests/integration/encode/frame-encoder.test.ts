import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEncoder, type StartEncoderOptions } from '../../../src/main/engine/media/encode';
import { probeMedia, videoTools } from './probe-media';

const run = promisify(execFile);
const { ffmpeg } = videoTools();

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-encode-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A gradient that slides one step a frame, with a moving white bar, so frames really differ. */
function gradientFrame(width: number, height: number, n: number): Buffer {
  const frame = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const bar = Math.abs(x - ((n * 3) % width)) < 2;
      frame[i] = bar ? 255 : ((x + n * 4) * 255) / width;
      frame[i + 1] = bar ? 255 : (y * 255) / height;
      frame[i + 2] = bar ? 255 : 128;
      frame[i + 3] = 255;
    }
  }
  return frame;
}

async function encode(
  options: Omit<StartEncoderOptions, 'width' | 'height'>,
  width: number,
  height: number,
  frames: number,
) {
  const encoder = startEncoder({ ...options, width, height });
  for (let n = 0; n < frames; n++) await encoder.write(gradientFrame(width, height, n));
  return encoder.finish();
}

const probe = probeMedia;

describe('frame-pipe encoders (ffprobe checks)', () => {
  it('writes H.264 MP4 in yuv420p with faststart, exact frames and duration, odd sizes made even', async () => {
    const out = path.join(dir, 'clip.mp4');
    const result = await encode({ format: 'mp4', outPath: out, fps: 24, crf: 23, preset: 'veryfast' }, 97, 61, 36);
    expect(result).toMatchObject({ frames: 36, width: 96, height: 60 });
    const info = await probe(out);
    expect(info).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 96, height: 60, frames: 36 });
    expect(info.duration).toBeCloseTo(36 / 24, 2);
    // +faststart: the index (moov) comes before the media data (mdat).
    const head = fs.readFileSync(out).subarray(0, 4096).toString('latin1');
    expect(head.indexOf('moov')).toBeGreaterThan(0);
    expect(head.indexOf('moov')).toBeLessThan(head.indexOf('mdat') === -1 ? Infinity : head.indexOf('mdat'));
  });

  it('keeps colours through RGB to BT.709 YUV and back (matrix tagged, not assumed)', async () => {
    const out = path.join(dir, 'solid.mp4');
    const encoder = startEncoder({ format: 'mp4', outPath: out, fps: 30, width: 64, height: 48, preset: 'veryfast' });
    const solid = Buffer.alloc(64 * 48 * 4);
    for (let i = 0; i < solid.length; i += 4) solid.set([200, 100, 50, 255], i);
    for (let n = 0; n < 5; n++) await encoder.write(Buffer.from(solid));
    await encoder.finish();
    const { stdout } = await run(
      ffmpeg,
      ['-v', 'error', '-i', out, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
      { encoding: 'buffer' },
    );
    const centre = (24 * 64 + 32) * 3;
    const [r, g, b] = [stdout[centre]!, stdout[centre + 1]!, stdout[centre + 2]!];
    expect(Math.abs(r - 200)).toBeLessThanOrEqual(3);
    expect(Math.abs(g - 100)).toBeLessThanOrEqual(3);
    expect(Math.abs(b - 50)).toBeLessThanOrEqual(3);
  });

  it('writes VP9 WebM', async () => {
    const out = path.join(dir, 'clip.webm');
    await encode({ format: 'webm', outPath: out, fps: 30 }, 64, 48, 30);
    const info = await probe(out);
    expect(info).toMatchObject({ codec_name: 'vp9', pix_fmt: 'yuv420p', width: 64, height: 48, frames: 30 });
    expect(info.duration).toBeCloseTo(1, 2);
  });

  it('writes a looping GIF with one palette for the clip', async () => {
    const out = path.join(dir, 'clip.gif');
    await encode({ format: 'gif', outPath: out, fps: 25, loop: 0 }, 65, 49, 25);
    const info = await probe(out);
    expect(info).toMatchObject({ codec_name: 'gif', width: 65, height: 49, frames: 25 });
    expect(info.duration).toBeCloseTo(1, 2);
    // NETSCAPE2.0 application block = a looping GIF; one global colour table (no local ones).
    const bytes = fs.readFileSync(out);
    expect(bytes.includes(Buffer.from('NETSCAPE2.0'))).toBe(true);
    expect(bytes[10]! & 0x80).toBe(0x80);
  });

  it('dithers a GIF steadily: a texture that barely changes does not shimmer (Bayer by default)', async () => {
    // Skin-like noise that brightens by one level a frame (a face moving a little): an
    // error-diffusion dither re-spreads every frame's error and many pixels flip colour.
    const width = 64;
    const height = 64;
    // Each channel its own noise (0..63): far more colours than a 256-colour palette holds.
    const texture = Buffer.alloc(width * height * 3);
    let seed = 7;
    for (let i = 0; i < texture.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      texture[i] = seed >>> 26;
    }
    const frameChange = async (dither?: 'sierra2_4a') => {
      const out = path.join(dir, `steady-${dither ?? 'default'}.gif`);
      const encoder = startEncoder({ format: 'gif', outPath: out, fps: 25, width, height, dither });
      for (let n = 0; n < 8; n++) {
        const frame = Buffer.alloc(width * height * 4);
        for (let i = 0; i < width * height; i++) {
          const [r, g, b] = [texture[i * 3]!, texture[i * 3 + 1]!, texture[i * 3 + 2]!];
          frame.set([150 + r + n, 110 + g + n, 90 + b + n, 255], i * 4);
        }
        await encoder.write(frame);
      }
      await encoder.finish();
      const { stdout } = await run(
        ffmpeg,
        ['-v', 'error', '-i', out, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
        {
          encoding: 'buffer',
          maxBuffer: 1 << 26,
        },
      );
      const size = width * height * 3;
      let sum = 0;
      for (let f = 1; f < 8; f++) {
        for (let i = 0; i < size; i++) sum += Math.abs(stdout[f * size + i]! - stdout[(f - 1) * size + i]!);
      }
      // The source changes by 1 per channel per frame.
      return sum / (7 * size);
    };
    const steady = await frameChange();
    const diffused = await frameChange('sierra2_4a');
    // Measured: 0.98 with the default (Bayer), 1.83 with Sierra.
    expect(steady).toBeLessThan(1.3);
    expect(diffused).toBeGreaterThan(steady * 1.5);
  });

  it('writes a numbered RGBA PNG sequence', async () => {
    const out = path.join(dir, 'frames');
    const result = await encode({ format: 'png', outPath: out, fps: 30 }, 33, 21, 7);
    expect(result.files.map((f) => path.basename(f))).toEqual(
      Array.from({ length: 7 }, (_, i) => `frame_${String(i).padStart(5, '0')}.png`),
    );
    const meta = await sharp(result.files[3]!).metadata();
    expect(meta).toMatchObject({ width: 33, height: 21, channels: 4, format: 'png' });
    const pixels = await sharp(result.files[3]!).raw().toBuffer();
    expect(pixels.equals(gradientFrame(33, 21, 3))).toBe(true);
  });

  it('respects backpressure: at most about one frame is ever queued', async () => {
    const out = path.join(dir, 'big.mp4');
    const width = 640;
    const height = 360;
    const result = await encode({ format: 'mp4', outPath: out, fps: 30, preset: 'ultrafast' }, width, height, 20);
    expect(result.frames).toBe(20);
    expect(result.maxQueuedBytes).toBeLessThanOrEqual(width * height * 4);
  });

  it('cancels: the signal stops ffmpeg and removes the partial file', async () => {
    for (const format of ['mp4', 'png'] as const) {
      const out = path.join(dir, format === 'png' ? 'cancelled-frames' : 'cancelled.mp4');
      const controller = new AbortController();
      const encoder = startEncoder({ format, outPath: out, fps: 30, width: 64, height: 48, signal: controller.signal });
      let n = 0;
      const writing = (async () => {
        for (;;) await encoder.write(gradientFrame(64, 48, n++));
      })();
      await new Promise((resolve) => setTimeout(resolve, 300));
      controller.abort();
      await expect(writing).rejects.toThrow(/cancelled/);
      await expect(encoder.finish()).rejects.toThrow(/cancelled/);
      expect(n).toBeGreaterThan(0);
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  it('rejects bad settings and wrong frame sizes clearly, leaving nothing behind', async () => {
    expect(() =>
      startEncoder({ format: 'mp4', outPath: path.join(dir, 'x.mp4'), fps: 30, width: 1, height: 40 }),
    ).toThrow(/at least 2x2/);
    expect(() =>
      startEncoder({ format: 'mp4', outPath: path.join(dir, 'x.mp4'), fps: 30, width: 40, height: 40, crf: 99 }),
    ).toThrow(/crf must be 0–51/);
    expect(() =>
      startEncoder({ format: 'gif', outPath: path.join(dir, 'x.gif'), fps: 60, width: 40, height: 40 }),
    ).toThrow(/GIF plays at most 50 fps/);
    const encoder = startEncoder({ format: 'gif', outPath: path.join(dir, 'y.gif'), fps: 30, width: 40, height: 40 });
    await expect(encoder.write(Buffer.alloc(10))).rejects.toThrow(/6400 bytes; got 10/);
    await expect(encoder.finish()).rejects.toThrow(/No frames/);
    expect(fs.existsSync(path.join(dir, 'y.gif'))).toBe(false);
  });
});
