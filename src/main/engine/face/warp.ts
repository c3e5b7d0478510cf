import type { ImagePyramid } from './pyramid';
import type { RotatedSquare } from './types';

/**
 * Rotated square crops resampled straight into the float tensors the models take.
 *
 * Hand-written rather than sharp: every video frame needs 3 to 5 rotated crops (mesh, two eyes,
 * expression), each normalised into a Float32Array in the model's layout. sharp's affine() goes
 * through libvips' async pipeline per call and returns 8-bit pixels that would still need a second
 * pass to normalise; this loop does crop, rotation, bilinear sampling and normalisation in one pass
 * in well under a millisecond for a 192x192 crop.
 */

export type TensorLayout = 'nchw' | 'nhwc';

export interface CropRequest {
  region: RotatedSquare;
  outSize: number;
  /** Mirror horizontally (the iris model wants the subject's left eye mirrored into a right eye). */
  flipX?: boolean;
  /** value = channel * scale + offset, channel in 0..255. */
  scale: number;
  offset: number;
  /** 'rgb' writes 3 channels; 'gray' writes 1 channel of 0.2989 R + 0.587 G + 0.114 B. */
  channels: 'rgb' | 'gray';
  layout: TensorLayout;
  /** Outside the image: repeat the edge pixel, or black. */
  border: 'replicate' | 'black';
}

/** Maps a point given in crop pixels (0..outSize, continuous) to image pixels. */
export function cropToImage(
  region: RotatedSquare,
  outSize: number,
  x: number,
  y: number,
  flipX = false,
): [number, number] {
  const unit = region.size / outSize;
  let lx = (x - outSize / 2) * unit;
  const ly = (y - outSize / 2) * unit;
  if (flipX) lx = -lx;
  const cos = Math.cos(region.angle);
  const sin = Math.sin(region.angle);
  return [region.cx + cos * lx - sin * ly, region.cy + sin * lx + cos * ly];
}

/** Writes one crop into `out` at `offsetElements` (so several crops can fill one batch tensor). */
export function writeCrop(pyramid: ImagePyramid, request: CropRequest, out: Float32Array, offsetElements = 0): void {
  const { region, outSize: n, scale: mul, offset: add, layout } = request;
  const unit = region.size / n;
  const { image, scale: levelScale } = pyramid.levelFor(unit);
  const src = image.data;
  const w = image.width;
  const h = image.height;
  const cos = Math.cos(region.angle);
  const sin = Math.sin(region.angle);
  const sx = request.flipX ? -1 : 1;
  // Image position (level pixels) of output pixel (u, v)'s centre = origin + u * du + v * dv.
  const dux = (sx * cos * unit) / levelScale;
  const duy = (sx * sin * unit) / levelScale;
  const dvx = (-sin * unit) / levelScale;
  const dvy = (cos * unit) / levelScale;
  const half = ((1 - n) / 2) * unit; // centre of pixel 0 relative to the crop centre
  const ox = (region.cx + sx * cos * half - sin * half) / levelScale - 0.5;
  const oy = (region.cy + sx * sin * half + cos * half) / levelScale - 0.5;
  const gray = request.channels === 'gray';
  const nchw = layout === 'nchw';
  const plane = n * n;
  const black = request.border === 'black';
  const maxX = w - 1;
  const maxY = h - 1;

  // Common case (a face crop well inside the frame, RGB, NHWC): no clamping or border tests.
  const cornersX = [ox, ox + (n - 1) * dux, ox + (n - 1) * dvx, ox + (n - 1) * (dux + dvx)];
  const cornersY = [oy, oy + (n - 1) * duy, oy + (n - 1) * dvy, oy + (n - 1) * (duy + dvy)];
  const inside =
    Math.min(...cornersX) >= 0 &&
    Math.max(...cornersX) < maxX &&
    Math.min(...cornersY) >= 0 &&
    Math.max(...cornersY) < maxY;
  if (inside && !gray && !nchw) {
    writeInteriorRgb(src, w, n, ox, oy, dux, duy, dvx, dvy, mul, add, out, offsetElements);
    return;
  }

  for (let v = 0; v < n; v++) {
    let px = ox + v * dvx;
    let py = oy + v * dvy;
    for (let u = 0; u < n; u++, px += dux, py += duy) {
      let r: number;
      let g: number;
      let b: number;
      if (black && (px < -0.5 || py < -0.5 || px > maxX + 0.5 || py > maxY + 0.5)) {
        r = g = b = 0;
      } else {
        const cx = px < 0 ? 0 : px > maxX ? maxX : px;
        const cy = py < 0 ? 0 : py > maxY ? maxY : py;
        const x0 = Math.floor(cx);
        const y0 = Math.floor(cy);
        const x1 = x0 < maxX ? x0 + 1 : x0;
        const y1 = y0 < maxY ? y0 + 1 : y0;
        const fx = cx - x0;
        const fy = cy - y0;
        const i00 = (y0 * w + x0) * 4;
        const i01 = (y0 * w + x1) * 4;
        const i10 = (y1 * w + x0) * 4;
        const i11 = (y1 * w + x1) * 4;
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        r = src[i00]! * w00 + src[i01]! * w01 + src[i10]! * w10 + src[i11]! * w11;
        g = src[i00 + 1]! * w00 + src[i01 + 1]! * w01 + src[i10 + 1]! * w10 + src[i11 + 1]! * w11;
        b = src[i00 + 2]! * w00 + src[i01 + 2]! * w01 + src[i10 + 2]! * w10 + src[i11 + 2]! * w11;
      }
      const pixel = v * n + u;
      if (gray) {
        out[offsetElements + pixel] = (0.2989 * r + 0.587 * g + 0.114 * b) * mul + add;
      } else if (nchw) {
        out[offsetElements + pixel] = r * mul + add;
        out[offsetElements + plane + pixel] = g * mul + add;
        out[offsetElements + 2 * plane + pixel] = b * mul + add;
      } else {
        const o = offsetElements + pixel * 3;
        out[o] = r * mul + add;
        out[o + 1] = g * mul + add;
        out[o + 2] = b * mul + add;
      }
    }
  }
}

/** Bilinear RGB sampling for a crop known to lie inside the image (so x0 + 1 and y0 + 1 exist). */
function writeInteriorRgb(
  src: Uint8Array | Uint8ClampedArray,
  w: number,
  n: number,
  ox: number,
  oy: number,
  dux: number,
  duy: number,
  dvx: number,
  dvy: number,
  mul: number,
  add: number,
  out: Float32Array,
  offset: number,
): void {
  const stride = w * 4;
  let o = offset;
  for (let v = 0; v < n; v++) {
    let px = ox + v * dvx;
    let py = oy + v * dvy;
    for (let u = 0; u < n; u++, px += dux, py += duy, o += 3) {
      const x0 = px | 0;
      const y0 = py | 0;
      const fx = px - x0;
      const fy = py - y0;
      const i00 = y0 * stride + x0 * 4;
      const i10 = i00 + stride;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      out[o] = (src[i00]! * w00 + src[i00 + 4]! * w01 + src[i10]! * w10 + src[i10 + 4]! * w11) * mul + add;
      out[o + 1] = (src[i00 + 1]! * w00 + src[i00 + 5]! * w01 + src[i10 + 1]! * w10 + src[i10 + 5]! * w11) * mul + add;
      out[o + 2] = (src[i00 + 2]! * w00 + src[i00 + 6]! * w01 + src[i10 + 2]! * w10 + src[i10 + 6]! * w11) * mul + add;
    }
  }
}
