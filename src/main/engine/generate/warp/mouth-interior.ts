import type { Rgb } from './photo-colours';
import type { FrameSampler } from './source-pyramid';

/**
 * The inside of the mouth where the lips part beyond what the photo shows. Laid out in the mouth's
 * own frame (u across from the right corner to the left, v down from the corners' line), per
 * column: what the photo showed between its lips stays attached to the lips, not stretched (its
 * upper teeth hang from the upper lip, the lower part goes down with the jaw); the new gap between
 * is painted: a dark cavity shaded by depth, teeth rows (when the photo showed none) and the tongue
 * once the jaw drops far enough. Colours come from the photo: the cavity is a darkened lip tone,
 * painted teeth an off-white in the photo's light.
 */
export interface MouthShading {
  alpha: number;
  /** Frame pixels: right corner, unit vector to the left corner, the mouth's width. */
  originX: number;
  originY: number;
  axisX: number;
  axisY: number;
  width: number;
  /** Per column (MOUTH_LUT_SIZE across u in [0, 1]): inner lip v (frame pixels) and how much is painted. */
  upper: Float32Array;
  lower: Float32Array;
  paint: Float32Array;
  lip: Rgb;
  teeth: Rgb;
  photoShowsTeeth: boolean;
  /** The photo's mouth in the sampled pyramid level: the same frame and per-column lips. */
  source: {
    originX: number;
    originY: number;
    axisX: number;
    axisY: number;
    width: number;
    upper: Float32Array;
    lower: Float32Array;
    /** Level pixels per frame pixel. */
    perFramePixel: number;
  };
}

export const MOUTH_LUT_SIZE = 64;

/** Of the photo's own opening, the share that stays with the upper lip (the rest goes with the jaw). */
const UPPER_SHARE = 0.6;

/** The painted colour of the pixel being shaded (one buffer: no allocation per pixel). */
const painted = new Float64Array(3);

const smoothstep = (e0: number, e1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};

/** Tooth boundaries (u offsets from the middle, in mouth widths): central and lateral incisors. */
const UPPER_GAPS = [0, 0.09, -0.09, 0.17, -0.17];
const LOWER_GAPS = [0, 0.06, -0.06, 0.12, -0.12];

function toothSeam(gaps: readonly number[], offsetPixels: number, width: number): number {
  let nearest = Infinity;
  for (const gap of gaps) nearest = Math.min(nearest, Math.abs(offsetPixels - gap * width));
  return 0.9 + 0.1 * smoothstep(0.2, 1.2, nearest);
}

/** Shades one mouth pixel in place over the mesh-warped photo already in out[o..o+2]. */
export function shadeMouthPixel(
  mouth: MouthShading,
  fx: number,
  fy: number,
  sampler: FrameSampler,
  out: Uint8ClampedArray,
  o: number,
): void {
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

  const photo = mouth.source;
  const photoTop = photo.upper[i0]! * (1 - t) + photo.upper[i1]! * t;
  const photoBottom = photo.lower[i0]! * (1 - t) + photo.lower[i1]! * t;
  const photoGap = Math.max(0, photoBottom - photoTop) / photo.perFramePixel;
  const fromTop = v - top;
  const fromBottom = bottom - v;
  let r: number;
  let g: number;
  let b: number;
  const keptTop = photoGap * UPPER_SHARE;
  const keptBottom = photoGap * (1 - UPPER_SHARE);
  if (photoGap > 1 && (fromTop < keptTop || fromBottom < keptBottom)) {
    // The photo's own mouth interior, carried by the lip it belongs to.
    const pv =
      fromTop < keptTop ? photoTop + fromTop * photo.perFramePixel : photoBottom - fromBottom * photo.perFramePixel;
    const pu = u * photo.width;
    sampler.sample(
      photo.originX + pu * photo.axisX - pv * photo.axisY,
      photo.originY + pu * photo.axisY + pv * photo.axisX,
      o,
    );
    r = out[o]!;
    g = out[o + 1]!;
    b = out[o + 2]!;
  } else {
    // Cavity: darkest deep in the middle, a little light where lips and cheeks bounce it.
    const depthInto = (v - top) / gap;
    const rim = Math.max(side * side, (2 * depthInto - 1) ** 2);
    const shade = 0.22 + 0.2 * rim;
    painted[0] = mouth.lip[0] * shade;
    painted[1] = mouth.lip[1] * shade * 0.75;
    painted[2] = mouth.lip[2] * shade * 0.75;
    paintTeethAndTongue(mouth, u, v, top, bottom, gap, width, side, middle);
    r = painted[0];
    g = painted[1];
    b = painted[2];
  }
  // A pixel's worth of soft edge along the lips, so the painted gap is not a cut-out.
  const edge = Math.min(1, Math.max(0, Math.min(fromTop, fromBottom) / 1.5 + 0.35));
  const weight = paint * edge;
  out[o] = out[o]! + (r - out[o]!) * weight;
  out[o + 1] = out[o + 1]! + (g - out[o + 1]!) * weight;
  out[o + 2] = out[o + 2]! + (b - out[o + 2]!) * weight;
}

function paintTeethAndTongue(
  mouth: MouthShading,
  u: number,
  v: number,
  top: number,
  bottom: number,
  gap: number,
  width: number,
  side: number,
  middle: number,
): void {
  let r = painted[0]!;
  let g = painted[1]!;
  let b = painted[2]!;
  // Tongue: low in the mouth once the jaw has dropped, lip-toned and lit from the front.
  const tongueShow = smoothstep(0.12 * width, 0.3 * width, gap);
  if (tongueShow > 0) {
    const ex = middle / 0.62;
    const ey = (v - (bottom + 0.05 * gap)) / (0.42 * gap);
    const cover = smoothstep(1, 0.85, ex * ex + ey * ey) * tongueShow;
    if (cover > 0) {
      const light = 0.5 + 0.3 * Math.min(1, Math.max(0, 1 + ey)) * (1 - 0.5 * ex * ex);
      r += (mouth.lip[0] * light - r) * cover;
      g += (mouth.lip[1] * light * 0.78 - g) * cover;
      b += (mouth.lip[2] * light * 0.8 - b) * cover;
    }
  }
  if (!mouth.photoShowsTeeth) {
    // Lower teeth: behind the lower lip, shown when the mouth is well open.
    const lowerShow = smoothstep(0.14 * width, 0.28 * width, gap);
    if (lowerShow > 0 && side < 0.55) {
      const height = Math.min(0.25 * gap, 0.07 * width) * (1 - 0.7 * side * side);
      const edge = bottom - height;
      const cover = smoothstep(edge - 0.6, edge + 0.6, v) * lowerShow * smoothstep(0.55, 0.4, side);
      if (cover > 0) {
        const light = (1 - 0.6 * side * side) * 0.62 * toothSeam(LOWER_GAPS, (u - 0.5) * width, width);
        r += (mouth.teeth[0] * light - r) * cover;
        g += (mouth.teeth[1] * light - g) * cover;
        b += (mouth.teeth[2] * light - b) * cover;
      }
    }
    // Upper teeth: hang from the upper lip, the incisal edge curving up towards the corners.
    if (side < 0.72) {
      const height = Math.min(0.42 * gap, 0.12 * width) * (1 - 0.6 * side * side);
      const edge = top + height;
      const cover = smoothstep(edge + 0.6, edge - 0.6, v) * smoothstep(0.72, 0.55, side);
      if (cover > 0) {
        const underLip = 0.7 + 0.3 * smoothstep(top, top + 0.45 * height + 0.5, v);
        const light = (1 - 0.5 * side * side) * 0.8 * underLip * toothSeam(UPPER_GAPS, (u - 0.5) * width, width);
        r += (mouth.teeth[0] * light - r) * cover;
        g += (mouth.teeth[1] * light - g) * cover;
        b += (mouth.teeth[2] * light - b) * cover;
      }
    }
  }
  painted[0] = r;
  painted[1] = g;
  painted[2] = b;
}
