import type { RgbaFrame } from '../generator';

/** One level of the source pyramid: the photo at `scale` times its full resolution. */
export interface PyramidLevel extends RgbaFrame {
  scale: number;
  /** The same pixels, one 32-bit word each (little-endian RGBA), for four-channel loads. */
  pixels: Uint32Array;
}

function packed(data: Uint8Array): Uint32Array {
  if (data.byteOffset % 4 === 0) return new Uint32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  return new Uint32Array(Uint8Array.from(data).buffer);
}

/**
 * Halves the photo until its short side is under 256 px (2x2 box filter), so a preview samples a
 * level at most twice its own resolution and bilinear sampling does not alias.
 */
export function buildPyramid(image: RgbaFrame): PyramidLevel[] {
  const levels: PyramidLevel[] = [{ ...image, scale: 1, pixels: packed(image.data) }];
  for (;;) {
    const last = levels[levels.length - 1]!;
    if (Math.min(last.width, last.height) < 256) break;
    levels.push(halve(last));
  }
  return levels;
}

function halve(level: PyramidLevel): PyramidLevel {
  const width = level.width >> 1;
  const height = level.height >> 1;
  const data = new Uint8Array(width * height * 4);
  const src = level.data;
  const stride = level.width * 4;
  for (let y = 0; y < height; y++) {
    let o = y * width * 4;
    let i = y * 2 * stride;
    for (let x = 0; x < width; x++, o += 4, i += 8) {
      for (let c = 0; c < 4; c++) {
        data[o + c] = (src[i + c]! + src[i + 4 + c]! + src[i + stride + c]! + src[i + stride + 4 + c]! + 2) >> 2;
      }
    }
  }
  return { data, width, height, scale: (level.scale * width) / level.width, pixels: packed(data) };
}

/** The coarsest level still at least as sharp as the frame (`scale` frame pixels per original pixel). */
export function levelFor(levels: readonly PyramidLevel[], scale: number): PyramidLevel {
  let chosen = levels[0]!;
  for (const level of levels) if (level.scale >= scale * 0.98) chosen = level;
  return chosen;
}

/**
 * Bilinear sample of `level` at (x, y) (pixel centres at +0.5), edges clamped, as one packed
 * opaque RGBA word. Fixed point (8-bit weights) on whole-pixel loads: this is the renderer's
 * innermost operation, run once or twice for every frame pixel.
 */
export function samplePacked(level: PyramidLevel, x: number, y: number): number {
  const { pixels, width, height } = level;
  let fx = x - 0.5;
  let fy = y - 0.5;
  if (fx < 0) fx = 0;
  else if (fx > width - 1) fx = width - 1;
  if (fy < 0) fy = 0;
  else if (fy > height - 1) fy = height - 1;
  const x0 = fx | 0;
  const y0 = fy | 0;
  const dx = x0 + 1 < width ? 1 : 0;
  const dy = y0 + 1 < height ? width : 0;
  const tx = ((fx - x0) * 256) | 0;
  const ty = ((fy - y0) * 256) | 0;
  const i = y0 * width + x0;
  const p00 = pixels[i]!;
  const p10 = pixels[i + dx]!;
  const p01 = pixels[i + dy]!;
  const p11 = pixels[i + dy + dx]!;
  const w00 = (256 - tx) * (256 - ty);
  const w10 = tx * (256 - ty);
  const w01 = (256 - tx) * ty;
  const w11 = tx * ty;
  const r = ((p00 & 255) * w00 + (p10 & 255) * w10 + (p01 & 255) * w01 + (p11 & 255) * w11 + 32768) >>> 16;
  const g =
    (((p00 >>> 8) & 255) * w00 +
      ((p10 >>> 8) & 255) * w10 +
      ((p01 >>> 8) & 255) * w01 +
      ((p11 >>> 8) & 255) * w11 +
      32768) >>>
    16;
  const b =
    (((p00 >>> 16) & 255) * w00 +
      ((p10 >>> 16) & 255) * w10 +
      ((p01 >>> 16) & 255) * w01 +
      ((p11 >>> 16) & 255) * w11 +
      32768) >>>
    16;
  return (r | (g << 8) | (b << 16) | 0xff000000) >>> 0;
}

/**
 * Writes bilinear samples of one level into a frame. One per prepared source, pointed at each
 * frame's level and pixels: the shaders call one stable method instead of a closure made per frame
 * (a new call target every frame would make V8 throw away the optimised raster code).
 */
export class FrameSampler {
  level: PyramidLevel | null = null;
  frame32: Uint32Array = new Uint32Array(0);

  /** Samples the level at (x, y) into the frame pixel at byte offset `o`. */
  sample(x: number, y: number, o: number): void {
    this.frame32[o >> 2] = samplePacked(this.level!, x, y);
  }
}

/** Bilinear sample of `level` at (x, y) (pixel centres at +0.5), edges clamped, into out[o..o+3]. */
export function sampleBilinear(level: RgbaFrame, x: number, y: number, out: Uint8ClampedArray, o: number): void {
  const { data, width, height } = level;
  let fx = x - 0.5;
  let fy = y - 0.5;
  if (fx < 0) fx = 0;
  else if (fx > width - 1) fx = width - 1;
  if (fy < 0) fy = 0;
  else if (fy > height - 1) fy = height - 1;
  const x0 = fx | 0;
  const y0 = fy | 0;
  const x1 = x0 + 1 < width ? x0 + 1 : x0;
  const y1 = y0 + 1 < height ? y0 + 1 : y0;
  const tx = fx - x0;
  const ty = fy - y0;
  const i00 = (y0 * width + x0) * 4;
  const i10 = (y0 * width + x1) * 4;
  const i01 = (y1 * width + x0) * 4;
  const i11 = (y1 * width + x1) * 4;
  const w00 = (1 - tx) * (1 - ty);
  const w10 = tx * (1 - ty);
  const w01 = (1 - tx) * ty;
  const w11 = tx * ty;
  out[o] = data[i00]! * w00 + data[i10]! * w10 + data[i01]! * w01 + data[i11]! * w11;
  out[o + 1] = data[i00 + 1]! * w00 + data[i10 + 1]! * w10 + data[i01 + 1]! * w01 + data[i11 + 1]! * w11;
  out[o + 2] = data[i00 + 2]! * w00 + data[i10 + 2]! * w10 + data[i01 + 2]! * w01 + data[i11 + 2]! * w11;
  out[o + 3] = 255;
}
