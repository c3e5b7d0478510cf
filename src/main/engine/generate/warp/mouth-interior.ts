import type { Rgb } from './photo-colours';

/**
 * The inside of the mouth where the lips part beyond what the photo shows: a dark cavity shaded by
 * depth, the upper teeth hanging from the upper lip, the lower teeth and the tongue once the jaw
 * drops far enough. Everything is laid out in the mouth's own frame (u across from the right
 * corner to the left, v down from the corners' line) and coloured from the photo: the cavity is a
 * darkened lip tone, the teeth the photo's own teeth when visible, else an off-white in its light.
 */
export interface MouthShading {
  alpha: number;
  /** Frame pixels: right corner, unit vector to the left corner, the mouth's width. */
  originX: number;
  originY: number;
  axisX: number;
  axisY: number;
  width: number;
  /** Per column (LUT_SIZE across u in [0, 1]): inner lip v (frame pixels) and how much is painted. */
  upper: Float32Array;
  lower: Float32Array;
  paint: Float32Array;
  lip: Rgb;
  teeth: Rgb;
}

export const MOUTH_LUT_SIZE = 64;

const smoothstep = (e0: number, e1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};

/** Tooth boundaries (u offsets from the middle, in mouth widths): incisors, laterals, canines. */
const UPPER_GAPS = [0, 0.085, -0.085, 0.16, -0.16, 0.225, -0.225, 0.29, -0.29];
const LOWER_GAPS = [0, 0.06, -0.06, 0.12, -0.12, 0.185, -0.185, 0.25, -0.25];

function toothSeam(gaps: readonly number[], offsetPixels: number, width: number): number {
  let nearest = Infinity;
  for (const gap of gaps) nearest = Math.min(nearest, Math.abs(offsetPixels - gap * width));
  return 0.78 + 0.22 * smoothstep(0.2, 1.3, nearest);
}

/** Shades one mouth pixel in place over the mesh-warped photo already in out[o..o+2]. */
export function shadeMouthPixel(mouth: MouthShading, fx: number, fy: number, out: Uint8ClampedArray, o: number): void {
  if (mouth.alpha <= 0) return;
  const px = fx - mouth.originX;
  const py = fy - mouth.originY;
  const u = (px * mouth.axisX + py * mouth.axisY) / mouth.width;
  const v = -px * mouth.axisY + py * mouth.axisX;
  const position = Math.min(MOUTH_LUT_SIZE - 1, Math.max(0, u * (MOUTH_LUT_SIZE - 1)));
  const i0 = position | 0;
  const i1 = Math.min(MOUTH_LUT_SIZE - 1, i0 + 1);
  const t = position - i0;
  const paint = (mouth.paint[i0]! * (1 - t) + mouth.paint[i1]! * t) * mouth.alpha;
  if (paint <= 0.001) return;
  const top = mouth.upper[i0]! * (1 - t) + mouth.upper[i1]! * t;
  const bottom = mouth.lower[i0]! * (1 - t) + mouth.lower[i1]! * t;
  const gap = Math.max(0.5, bottom - top);
  const width = mouth.width;
  const middle = (u - 0.5) * 2; // -1 at the right corner, 1 at the left
  const side = Math.min(1, Math.abs(middle));
  const depthInto = (v - top) / gap; // 0 at the upper lip, 1 at the lower

  // Cavity: darkest deep in the middle, a little light where the lips and cheeks bounce it.
  const rim = Math.max(side * side, (2 * depthInto - 1) ** 2);
  let shade = 0.16 + 0.16 * rim;
  let r = mouth.lip[0] * shade;
  let g = mouth.lip[1] * shade * 0.85;
  let b = mouth.lip[2] * shade * 0.85;

  // Tongue: low in the mouth once the jaw has dropped, lip-toned and lit from the front.
  const tongueShow = smoothstep(0.12 * width, 0.3 * width, gap);
  if (tongueShow > 0) {
    const ex = middle / 0.62;
    const ey = (v - (bottom + 0.05 * gap)) / (0.42 * gap);
    const inside = ex * ex + ey * ey;
    const cover = smoothstep(1, 0.85, inside) * tongueShow;
    if (cover > 0) {
      const light = 0.45 + 0.3 * Math.min(1, Math.max(0, 1 + ey)) * (1 - 0.5 * ex * ex);
      r += (mouth.lip[0] * light * 1.05 - r) * cover;
      g += (mouth.lip[1] * light * 0.8 - g) * cover;
      b += (mouth.lip[2] * light * 0.8 - b) * cover;
    }
  }

  // Lower teeth: behind the lower lip, shown when the mouth is well open.
  const lowerShow = smoothstep(0.14 * width, 0.28 * width, gap);
  if (lowerShow > 0 && side < 0.62) {
    const height = Math.min(0.3 * gap, 0.09 * width) * (1 - 0.7 * side * side);
    const edge = bottom - height;
    const cover = smoothstep(edge - 0.6, edge + 0.6, v) * lowerShow * smoothstep(0.62, 0.45, side);
    if (cover > 0) {
      const light = (1 - 0.6 * side * side) * 0.82 * toothSeam(LOWER_GAPS, (u - 0.5) * width, width);
      r += (mouth.teeth[0] * light - r) * cover;
      g += (mouth.teeth[1] * light - g) * cover;
      b += (mouth.teeth[2] * light - b) * cover;
    }
  }

  // Upper teeth: hang from the upper lip, the incisal edge curving up towards the corners.
  if (side < 0.78) {
    const height = Math.min(0.6 * gap, 0.17 * width) * (1 - 0.55 * side * side);
    const edge = top + height;
    const cover = smoothstep(edge + 0.6, edge - 0.6, v) * smoothstep(0.78, 0.6, side);
    if (cover > 0) {
      const underLip = 0.78 + 0.22 * smoothstep(top, top + 0.35 * height + 0.5, v);
      const light = (1 - 0.55 * side * side) * underLip * toothSeam(UPPER_GAPS, (u - 0.5) * width, width);
      r += (mouth.teeth[0] * light - r) * cover;
      g += (mouth.teeth[1] * light - g) * cover;
      b += (mouth.teeth[2] * light - b) * cover;
    }
  }
  shade = paint;
  out[o] = out[o]! + (r - out[o]!) * shade;
  out[o + 1] = out[o + 1]! + (g - out[o + 1]!) * shade;
  out[o + 2] = out[o + 2]! + (b - out[o + 2]!) * shade;
}
