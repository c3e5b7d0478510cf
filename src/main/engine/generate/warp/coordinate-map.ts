import { samplePacked, type PyramidLevel } from './source-pyramid';

/**
 * The warp's raster: every triangle of the mesh is drawn straight into the frame, each pixel
 * sampling the photo's pyramid level at the source position its triangle maps it to, with a depth
 * test (a turning nose hides the cheek behind it). Pixels of painted surfaces (eyes, lids, mouth)
 * are handed to their shader after the photo's pixel is written.
 *
 * Written by hand on typed arrays: no library warps an image by a triangle mesh in Node (sharp
 * and libvips do affine transforms only; canvas/WebGL are not available to a worker thread
 * without a native GPU stack). What keeps a 512 px frame at a few milliseconds: each triangle's
 * source position, depth and edge tests are affine in the pixel, so they are stepped along a row
 * by constant increments; each row visits only the span its edges allow, not the bounding box;
 * the bilinear sample is inlined in 8-bit fixed point on packed RGBA words; nothing allocates.
 */

/** Surface kinds. 0 means no triangle covers the pixel (it shows the photo unchanged). */
export const SURFACE = {
  none: 0,
  skin: 1,
  surround: 2,
  rightEye: 3,
  leftEye: 4,
  mouth: 5,
  rightUpperLid: 6,
  leftUpperLid: 7,
} as const;

/** The first surface kind that a shader repaints (eyes, mouth and lids are all >= it). */
const FIRST_PAINTED_SURFACE = SURFACE.rightEye;

/** Per-frame scratch of the raster, kept by the prepared source and reused while the size holds. */
export interface WarpRaster {
  width: number;
  height: number;
  /** Depth of the surface drawn at each pixel (smaller = nearer); Infinity where nothing is drawn. */
  depth: Float32Array;
}

export function createRaster(width: number, height: number): WarpRaster {
  return { width, height, depth: new Float32Array(width * height) };
}

/** True when the pixel centre at x (row constants r, slopes d) lies outside one of the triangle's edges. */
function outside(r0: number, r1: number, r2: number, d0: number, d1: number, d2: number, x: number, epsilon: number) {
  return r0 + d0 * x < epsilon || r1 + d1 * x < epsilon || r2 + d2 * x < epsilon;
}

/**
 * Bilinear blend of the level's pixels i (top left), i + dx (top right), i01 and i01 + dx (bottom)
 * with 8-bit weights tx, ty: red and blue blended together in the two 16-bit halves of one word,
 * green on its own; opaque.
 */
function bilinear(pixels: Uint32Array, i: number, i01: number, dx: number, tx: number, ty: number): number {
  const p00 = pixels[i]!;
  const p10 = pixels[i + dx]!;
  const p01 = pixels[i01]!;
  const p11 = pixels[i01 + dx]!;
  const sx0 = 256 - tx;
  const sy0 = 256 - ty;
  const rbTop = ((Math.imul(p00 & 0xff00ff, sx0) + Math.imul(p10 & 0xff00ff, tx) + 0x800080) >>> 8) & 0xff00ff;
  const rbBottom = ((Math.imul(p01 & 0xff00ff, sx0) + Math.imul(p11 & 0xff00ff, tx) + 0x800080) >>> 8) & 0xff00ff;
  const rb = ((Math.imul(rbTop, sy0) + Math.imul(rbBottom, ty) + 0x800080) >>> 8) & 0xff00ff;
  const gTop = ((p00 & 0xff00) * sx0 + (p10 & 0xff00) * tx + 0x8000) >>> 8;
  const gBottom = ((p01 & 0xff00) * sx0 + (p11 & 0xff00) * tx + 0x8000) >>> 8;
  const g = (((gTop & 0xff00) * sy0 + (gBottom & 0xff00) * ty + 0x8000) >>> 8) & 0xff00;
  return rb | g | 0xff000000;
}

/** Catmull-Rom weights of the four taps at fraction t, into `out` (CUBIC_X, CUBIC_Y: no allocation per pixel). */
function catmullRomWeights(t: number, out: Float64Array): void {
  const t2 = t * t;
  const t3 = t2 * t;
  out[0] = 0.5 * (-t3 + 2 * t2 - t);
  out[1] = 0.5 * (3 * t3 - 5 * t2 + 2);
  out[2] = 0.5 * (-3 * t3 + 4 * t2 + t);
  out[3] = 0.5 * (t3 - t2);
}
const CUBIC_X = new Float64Array(4);
const CUBIC_Y = new Float64Array(4);

/**
 * Catmull-Rom sample at (sx, sy) (already minus the pixel-centre 0.5), at least one pixel inside
 * the level on every side, as one packed opaque RGBA word. Bilinear sampling averages neighbours
 * whenever a point falls between pixels, which it does almost everywhere once the rig moves the
 * face a fraction of a pixel: at half a pixel it is a two-pixel box blur, and a full-resolution
 * render came out visibly softer than the photo (skin texture, hair, lashes). The cubic passes
 * the photo's detail through (its taps are 0, 1, 0, 0 on a pixel centre, so an unmoved pixel is
 * the photo's own) at about three times bilinear's cost, so previews, which sample a level at
 * most at its own resolution, stay bilinear.
 */
function sampleCatmullRom(pixels: Uint32Array, levelWidth: number, sx: number, sy: number): number {
  const ix = sx | 0;
  const iy = sy | 0;
  catmullRomWeights(sx - ix, CUBIC_X);
  catmullRomWeights(sy - iy, CUBIC_Y);
  let r = 0;
  let g = 0;
  let b = 0;
  let row = (iy - 1) * levelWidth + ix - 1;
  for (let j = 0; j < 4; j++, row += levelWidth) {
    let rr = 0;
    let gg = 0;
    let bb = 0;
    for (let i = 0; i < 4; i++) {
      const p = pixels[row + i]!;
      const w = CUBIC_X[i]!;
      rr += (p & 255) * w;
      gg += ((p >>> 8) & 255) * w;
      bb += ((p >>> 16) & 255) * w;
    }
    const w = CUBIC_Y[j]!;
    r += rr * w;
    g += gg * w;
    b += bb * w;
  }
  // The cubic overshoots a little at sharp edges: clamp each channel to a byte.
  const cr = r < 0 ? 0 : r > 255 ? 255 : (r + 0.5) | 0;
  const cg = g < 0 ? 0 : g > 255 ? 255 : (g + 0.5) | 0;
  const cb = b < 0 ? 0 : b > 255 ? 255 : (b + 0.5) | 0;
  return (cr | (cg << 8) | (cb << 16) | 0xff000000) >>> 0;
}

/** Repaints the pixels of painted surfaces. */
export interface SurfaceShader {
  /**
   * Repaints one pixel of surface `surface`: the frame's pixel `index` already holds the photo's
   * pixel at the source position (sx, sy); (fx, fy) is the pixel's centre in the frame.
   */
  shade(surface: number, fx: number, fy: number, sx: number, sy: number, index: number): void;
}

/**
 * Draws the triangles (frame positions `frameXY`, source positions `sourceXY` in the level's
 * pixels, depths `depth`) into `frame32`. Both windings are drawn: a triangle that flips is turned
 * away from the camera and the depth test decides whether it shows. Pixels no triangle covers keep
 * Infinity in the raster's depth and are left untouched in the frame.
 */
export function rasterizeWarp(
  raster: WarpRaster,
  level: PyramidLevel,
  frame32: Uint32Array,
  frameXY: Float32Array,
  sourceXY: Float32Array,
  depth: Float32Array,
  triangles: Uint32Array | Uint16Array,
  surfaces: Uint8Array,
  shader: SurfaceShader,
  /** Catmull-Rom instead of bilinear inside the level (full-resolution renders: see sampleCatmullRom). */
  sharp = false,
): void {
  const { width, height, depth: depthBuffer } = raster;
  depthBuffer.fill(Infinity);
  const pixels = level.pixels;
  const levelWidth = level.width;
  const maxSourceX = level.width - 1;
  const maxSourceY = level.height - 1;
  const triangleCount = triangles.length / 3;
  // A little slack on the edge test so shared edges never leave a crack between triangles.
  const epsilon = -1e-4;
  for (let t = 0; t < triangleCount; t++) {
    const a = triangles[t * 3]!;
    const b = triangles[t * 3 + 1]!;
    const c = triangles[t * 3 + 2]!;
    const ax = frameXY[a * 2]!;
    const ay = frameXY[a * 2 + 1]!;
    const bx = frameXY[b * 2]!;
    const by = frameXY[b * 2 + 1]!;
    const cx = frameXY[c * 2]!;
    const cy = frameXY[c * 2 + 1]!;
    const area = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    if (Math.abs(area) < 1e-9) continue;
    const minX = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
    const maxX = Math.min(width - 1, Math.ceil(Math.max(ax, bx, cx)));
    const minY = Math.max(0, Math.floor(Math.min(ay, by, cy)));
    const maxY = Math.min(height - 1, Math.ceil(Math.max(ay, by, cy)));
    if (minX > maxX || minY > maxY) continue;
    const inv = 1 / area;
    // Barycentric weights are affine in (x, y): w0 = w0dx x + w0dy y + w0c, and so on; the
    // source position (minus 0.5, the sampler's pixel-centre offset) and the depth with them.
    const w0dx = (by - cy) * inv;
    const w0dy = (cx - bx) * inv;
    const w0c = (bx * cy - cx * by) * inv;
    const w1dx = (cy - ay) * inv;
    const w1dy = (ax - cx) * inv;
    const w1c = (cx * ay - ax * cy) * inv;
    const sax = sourceXY[a * 2]! - 0.5;
    const say = sourceXY[a * 2 + 1]! - 0.5;
    const sbx = sourceXY[b * 2]! - 0.5;
    const sby = sourceXY[b * 2 + 1]! - 0.5;
    const scx = sourceXY[c * 2]! - 0.5;
    const scy = sourceXY[c * 2 + 1]! - 0.5;
    const za = depth[a]!;
    const zb = depth[b]!;
    const zc = depth[c]!;
    // Per-unit-x increments of the source position and depth (w2 = 1 - w0 - w1).
    const sxdx = w0dx * (sax - scx) + w1dx * (sbx - scx);
    const sydx = w0dx * (say - scy) + w1dx * (sby - scy);
    const zdx = w0dx * (za - zc) + w1dx * (zb - zc);
    const kind = surfaces[t]!;
    const painted = kind >= FIRST_PAINTED_SURFACE;
    // Pixels on the edges may sample a hair outside the source triangle (the edge test's slack).
    const interior =
      Math.min(sax, sbx, scx) > 1 &&
      Math.max(sax, sbx, scx) < maxSourceX - 1 &&
      Math.min(say, sby, scy) > 1 &&
      Math.max(say, sby, scy) < maxSourceY - 1;
    for (let y = minY; y <= maxY; y++) {
      const py = y + 0.5;
      // The row's span: each weight is affine in x, so its sign bound is one division.
      const r0 = w0dy * py + w0c;
      const r1 = w1dy * py + w1c;
      const r2 = 1 - r0 - r1;
      const w2dx = -w0dx - w1dx;
      // w = base + slope (x + 0.5) >= epsilon bounds x from one side; a pixel's margin each way
      // (the exact test below decides), so the span never loses a pixel to rounding.
      let x0 = minX;
      let x1 = maxX;
      if (w0dx > 1e-12) x0 = Math.max(x0, Math.ceil((epsilon - r0) / w0dx - 0.5) - 1);
      else if (w0dx < -1e-12) x1 = Math.min(x1, Math.floor((epsilon - r0) / w0dx - 0.5) + 1);
      else if (r0 < epsilon) continue;
      if (w1dx > 1e-12) x0 = Math.max(x0, Math.ceil((epsilon - r1) / w1dx - 0.5) - 1);
      else if (w1dx < -1e-12) x1 = Math.min(x1, Math.floor((epsilon - r1) / w1dx - 0.5) + 1);
      else if (r1 < epsilon) continue;
      if (w2dx > 1e-12) x0 = Math.max(x0, Math.ceil((epsilon - r2) / w2dx - 0.5) - 1);
      else if (w2dx < -1e-12) x1 = Math.min(x1, Math.floor((epsilon - r2) / w2dx - 0.5) + 1);
      else if (r2 < epsilon) continue;
      // Then exact: the pixels inside all three edges form one run, so trimming its ends leaves
      // a span the loop below fills without testing.
      while (x0 <= x1 && outside(r0, r1, r2, w0dx, w1dx, w2dx, x0 + 0.5, epsilon)) x0++;
      while (x1 >= x0 && outside(r0, r1, r2, w0dx, w1dx, w2dx, x1 + 0.5, epsilon)) x1--;
      if (x0 > x1) continue;
      const startX = x0 + 0.5;
      const w0 = r0 + w0dx * startX;
      const w1 = r1 + w1dx * startX;
      const w2 = 1 - w0 - w1;
      let z = w0 * za + w1 * zb + w2 * zc;
      let sx = w0 * sax + w1 * sbx + w2 * scx;
      let sy = w0 * say + w1 * sby + w2 * scy;
      let index = y * width + x0;
      if (interior && sharp) {
        for (let x = x0; x <= x1; x++, index++, z += zdx, sx += sxdx, sy += sydx) {
          if (z >= depthBuffer[index]!) continue;
          depthBuffer[index] = z;
          frame32[index] = sampleCatmullRom(pixels, levelWidth, sx, sy);
          if (painted) shader.shade(kind, x + 0.5, py, sx + 0.5, sy + 0.5, index);
        }
        continue;
      }
      if (interior) {
        // The whole triangle samples at least a pixel inside the level: no clamps needed.
        for (let x = x0; x <= x1; x++, index++, z += zdx, sx += sxdx, sy += sydx) {
          if (z >= depthBuffer[index]!) continue;
          depthBuffer[index] = z;
          const ix = sx | 0;
          const iy = sy | 0;
          // bilinear() written out: V8 does not inline it into this large function, and a call
          // per pixel costs a fifth of the raster.
          const i = iy * levelWidth + ix;
          const tx = ((sx - ix) * 256) | 0;
          const ty = ((sy - iy) * 256) | 0;
          const p00 = pixels[i]!;
          const p10 = pixels[i + 1]!;
          const p01 = pixels[i + levelWidth]!;
          const p11 = pixels[i + levelWidth + 1]!;
          const sx0 = 256 - tx;
          const sy0 = 256 - ty;
          const rbTop = ((Math.imul(p00 & 0xff00ff, sx0) + Math.imul(p10 & 0xff00ff, tx) + 0x800080) >>> 8) & 0xff00ff;
          const rbBottom =
            ((Math.imul(p01 & 0xff00ff, sx0) + Math.imul(p11 & 0xff00ff, tx) + 0x800080) >>> 8) & 0xff00ff;
          const rb = ((Math.imul(rbTop, sy0) + Math.imul(rbBottom, ty) + 0x800080) >>> 8) & 0xff00ff;
          const gTop = ((p00 & 0xff00) * sx0 + (p10 & 0xff00) * tx + 0x8000) >>> 8;
          const gBottom = ((p01 & 0xff00) * sx0 + (p11 & 0xff00) * tx + 0x8000) >>> 8;
          frame32[index] =
            rb | ((((gTop & 0xff00) * sy0 + (gBottom & 0xff00) * ty + 0x8000) >>> 8) & 0xff00) | 0xff000000;
          if (painted) shader.shade(kind, x + 0.5, py, sx + 0.5, sy + 0.5, index);
        }
        continue;
      }
      for (let x = x0; x <= x1; x++, index++, z += zdx, sx += sxdx, sy += sydx) {
        if (z >= depthBuffer[index]!) continue;
        depthBuffer[index] = z;
        // Edges clamped: the last row and column repeat.
        const fx = sx < 0 ? 0 : sx > maxSourceX ? maxSourceX : sx;
        const fy = sy < 0 ? 0 : sy > maxSourceY ? maxSourceY : sy;
        const ix = fx | 0;
        const iy = fy | 0;
        const i = iy * levelWidth + ix;
        const i01 = iy < maxSourceY ? i + levelWidth : i;
        const dx = ix < maxSourceX ? 1 : 0;
        frame32[index] = bilinear(pixels, i, i01, dx, ((fx - ix) * 256) | 0, ((fy - iy) * 256) | 0);
        if (painted) shader.shade(kind, x + 0.5, py, sx + 0.5, sy + 0.5, index);
      }
    }
  }
}

/**
 * Fills the pixels no triangle covered with the photo itself: frame pixel (x, y) samples the level
 * at ((x + 0.5) * toLevel + offsetX, (y + 0.5) * toLevel + offsetY). The mesh covers the polygon
 * of the border anchors, which lie on the region's edge in order around the face, so what it
 * leaves are the region's corners: only each row's two ends are scanned.
 */
export function fillUncovered(
  raster: WarpRaster,
  level: PyramidLevel,
  frame32: Uint32Array,
  toLevel: number,
  offsetX: number,
  offsetY: number,
): void {
  const { width, height, depth } = raster;
  for (let y = 0; y < height; y++) {
    const sy = (y + 0.5) * toLevel + offsetY;
    const row = y * width;
    let x = 0;
    for (; x < width && depth[row + x] === Infinity; x++) {
      frame32[row + x] = samplePacked(level, (x + 0.5) * toLevel + offsetX, sy);
    }
    for (let end = width - 1; end > x && depth[row + end] === Infinity; end--) {
      frame32[row + end] = samplePacked(level, (end + 0.5) * toLevel + offsetX, sy);
    }
  }
}
