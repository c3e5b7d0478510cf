import type { RgbaFrame } from './generator';

/**
 * Paste-back of a generated face into the original photo (method A's step 4), shared by the
 * generators that make a face in their own frame (the style-based one makes an aligned square).
 * Pure arithmetic on RGBA buffers, so it runs in any worker. The built-in warp needs none of it:
 * it warps the photo itself, so its pixels already continue the photo's.
 */

/** x' = a·x − b·y + tx, y' = b·x + a·y + ty: a similarity (rotation, uniform scale, shift). */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

export function applySimilarity(t: Similarity, x: number, y: number): [number, number] {
  return [t.a * x - t.b * y + t.tx, t.b * x + t.a * y + t.ty];
}

export function invertSimilarity(t: Similarity): Similarity {
  const n = t.a * t.a + t.b * t.b;
  const a = t.a / n;
  const b = -t.b / n;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

/** The similarity scaled after it (k·T), e.g. when the photo it maps from is resized by 1/k. */
export const scaleSimilarity = (t: Similarity, k: number): Similarity => ({
  a: t.a * k,
  b: t.b * k,
  tx: t.tx * k,
  ty: t.ty * k,
});

/** Least-squares similarity taking `from` points onto `to` points (x, y pairs; at least two points). */
export function fitSimilarity(from: ArrayLike<number>, to: ArrayLike<number>): Similarity {
  const n = from.length / 2;
  let fx = 0,
    fy = 0,
    gx = 0,
    gy = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i * 2]!;
    fy += from[i * 2 + 1]!;
    gx += to[i * 2]!;
    gy += to[i * 2 + 1]!;
  }
  fx /= n;
  fy /= n;
  gx /= n;
  gy /= n;
  let dot = 0,
    cross = 0,
    norm = 0;
  for (let i = 0; i < n; i++) {
    const px = from[i * 2]! - fx;
    const py = from[i * 2 + 1]! - fy;
    const qx = to[i * 2]! - gx;
    const qy = to[i * 2 + 1]! - gy;
    dot += px * qx + py * qy;
    cross += px * qy - py * qx;
    norm += px * px + py * py;
  }
  if (norm === 0) throw new Error('the points to align coincide');
  const a = dot / norm;
  const b = cross / norm;
  return { a, b, tx: gx - (a * fx - b * fy), ty: gy - (b * fx + a * fy) };
}

/** Bilinear RGBA sample at (x, y) in pixel-centre coordinates (pixel i spans [i, i+1)), edges clamped. */
export function sampleRgba(image: RgbaFrame, x: number, y: number, out: Float32Array): void {
  const { width, height, data } = image;
  const fx = Math.min(width - 1, Math.max(0, x - 0.5));
  const fy = Math.min(height - 1, Math.max(0, y - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const wx = fx - x0;
  const wy = fy - y0;
  const o00 = (y0 * width + x0) * 4;
  const o01 = (y0 * width + x1) * 4;
  const o10 = (y1 * width + x0) * 4;
  const o11 = (y1 * width + x1) * 4;
  for (let c = 0; c < 4; c++) {
    const top = data[o00 + c]! + (data[o01 + c]! - data[o00 + c]!) * wx;
    const bottom = data[o10 + c]! + (data[o11 + c]! - data[o10 + c]!) * wx;
    out[c] = top + (bottom - top) * wy;
  }
}

/**
 * Feathered alpha of a closed polygon (x, y pairs in the photo's pixels): 1 deeper than `feather`
 * inside, falling smoothly to 0 at the outline, 0 outside. One byte a pixel over `bounds`.
 */
export function featheredPolygonMask(
  polygon: ArrayLike<number>,
  feather: number,
  bounds: { x: number; y: number; width: number; height: number },
): Float32Array {
  const mask = new Float32Array(bounds.width * bounds.height);
  const n = polygon.length / 2;
  for (let y = 0; y < bounds.height; y++) {
    const py = bounds.y + y + 0.5;
    for (let x = 0; x < bounds.width; x++) {
      const px = bounds.x + x + 0.5;
      let inside = false;
      let nearest = Infinity;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const xi = polygon[i * 2]!,
          yi = polygon[i * 2 + 1]!;
        const xj = polygon[j * 2]!,
          yj = polygon[j * 2 + 1]!;
        if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
        const ex = xj - xi,
          ey = yj - yi;
        const t = Math.max(0, Math.min(1, ((px - xi) * ex + (py - yi) * ey) / (ex * ex + ey * ey || 1)));
        const dx = xi + t * ex - px,
          dy = yi + t * ey - py;
        nearest = Math.min(nearest, dx * dx + dy * dy);
      }
      if (!inside) continue;
      const depth = Math.min(1, Math.sqrt(nearest) / Math.max(1e-6, feather));
      // Smoothstep: no visible ring where the feather starts or ends.
      mask[y * bounds.width + x] = depth * depth * (3 - 2 * depth);
    }
  }
  return mask;
}

export interface PasteBackInput {
  /** The photo (RGBA); a new image is returned, this one is not changed. */
  photo: RgbaFrame;
  /** The generated picture in its own frame (e.g. the aligned square). */
  patch: RgbaFrame;
  /** Photo pixel -> patch pixel. */
  photoToPatch: Similarity;
  /** Where the generated face goes: a closed polygon in photo pixels (e.g. the face oval). */
  polygon: ArrayLike<number>;
  /** Width of the soft edge in photo pixels. */
  feather: number;
  /**
   * A further alpha in [0, 1] per photo pixel (x, y: the pixel's indices) that multiplies the
   * polygon's, e.g. painted masks. The colour match still measures the whole polygon.
   */
  alpha?: (x: number, y: number) => number;
}

/**
 * Pastes the patch into the photo inside the polygon with a feathered edge. Colour continuity: the
 * patch's colours are matched to the photo's over the masked area (per channel mean and spread,
 * the gain kept within [0.5, 2]), so the generator's different white balance or exposure does not
 * leave a colour step at the edge; the feather hides what remains.
 */
export function pasteBack(input: PasteBackInput): RgbaFrame {
  const { photo, patch, photoToPatch, polygon, feather, alpha } = input;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (let i = 0; i < polygon.length; i += 2) {
    minX = Math.min(minX, polygon[i]!);
    maxX = Math.max(maxX, polygon[i]!);
    minY = Math.min(minY, polygon[i + 1]!);
    maxY = Math.max(maxY, polygon[i + 1]!);
  }
  const x0 = Math.max(0, Math.floor(minX));
  const y0 = Math.max(0, Math.floor(minY));
  const x1 = Math.min(photo.width, Math.ceil(maxX));
  const y1 = Math.min(photo.height, Math.ceil(maxY));
  const out = new Uint8Array(photo.data);
  if (x1 <= x0 || y1 <= y0) return { data: out, width: photo.width, height: photo.height };
  const bounds = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  const mask = featheredPolygonMask(polygon, feather, bounds);

  // The patch sampled at every masked photo pixel, and both images' statistics under the mask.
  const sampled = new Float32Array(bounds.width * bounds.height * 3);
  const texel = new Float32Array(4);
  const sum = { p: [0, 0, 0], g: [0, 0, 0], pp: [0, 0, 0], gg: [0, 0, 0] };
  let weight = 0;
  for (let y = 0; y < bounds.height; y++) {
    for (let x = 0; x < bounds.width; x++) {
      const m = mask[y * bounds.width + x]!;
      if (m === 0) continue;
      const [u, v] = applySimilarity(photoToPatch, x0 + x + 0.5, y0 + y + 0.5);
      sampleRgba(patch, u, v, texel);
      const o = ((y0 + y) * photo.width + x0 + x) * 4;
      for (let c = 0; c < 3; c++) {
        const g = texel[c]!;
        const p = photo.data[o + c]!;
        sampled[(y * bounds.width + x) * 3 + c] = g;
        sum.p[c]! += m * p;
        sum.g[c]! += m * g;
        sum.pp[c]! += m * p * p;
        sum.gg[c]! += m * g * g;
      }
      weight += m;
    }
  }
  if (weight === 0) return { data: out, width: photo.width, height: photo.height };
  const gain = [0, 0, 0];
  const offset = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const mp = sum.p[c]! / weight;
    const mg = sum.g[c]! / weight;
    const sp = Math.sqrt(Math.max(0, sum.pp[c]! / weight - mp * mp));
    const sg = Math.sqrt(Math.max(0, sum.gg[c]! / weight - mg * mg));
    gain[c] = Math.min(2, Math.max(0.5, sg > 1e-3 ? sp / sg : 1));
    offset[c] = mp - gain[c]! * mg;
  }
  for (let y = 0; y < bounds.height; y++) {
    for (let x = 0; x < bounds.width; x++) {
      const m = mask[y * bounds.width + x]! * (alpha ? alpha(x0 + x, y0 + y) : 1);
      if (m === 0) continue;
      const o = ((y0 + y) * photo.width + x0 + x) * 4;
      for (let c = 0; c < 3; c++) {
        const g = gain[c]! * sampled[(y * bounds.width + x) * 3 + c]! + offset[c]!;
        out[o + c] = Math.round(Math.min(255, Math.max(0, photo.data[o + c]! + (g - photo.data[o + c]!) * m)));
      }
    }
  }
  return { data: out, width: photo.width, height: photo.height };
}
