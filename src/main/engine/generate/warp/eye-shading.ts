import type { Rgb } from './photo-colours';
import type { LidTone } from './lid-tone';
import type { FrameSampler } from './source-pyramid';

/**
 * The eyeball inside the lids. The mesh warp alone would squash the iris when the lids move and
 * could not move it with the gaze: here the iris is the photo's own iris disc (highlight included)
 * drawn where the rig puts it, clipped by the lids because only the eye-opening triangles reach
 * this shader. Iris pixels the photo's lids hide are taken from the disc's mirror half; sclera the
 * photo's iris covered is filled with the photo's sclera colour.
 */
export interface EyeShading {
  /** 0: plain mesh warp; 1: the iris follows the gaze. */
  alpha: number;
  /** Target iris centre and radius, frame pixels. */
  targetX: number;
  targetY: number;
  targetRadius: number;
  /** Source iris centre and radius, pixels of the sampled pyramid level. */
  sourceX: number;
  sourceY: number;
  sourceRadius: number;
  /** Source lid margins (level pixels), x, y pairs sorted by x. */
  sourceUpper: Float32Array;
  sourceLower: Float32Array;
  sclera: Rgb;
  iris: Rgb;
}

/** y of a polyline (x-sorted x, y pairs) at x, or NaN outside its x range. */
export function polylineY(line: Float32Array, x: number): number {
  const n = line.length / 2;
  if (x < line[0]! || x > line[(n - 1) * 2]!) return NaN;
  for (let i = 1; i < n; i++) {
    const x1 = line[i * 2]!;
    if (x <= x1) {
      const x0 = line[(i - 1) * 2]!;
      const t = x1 > x0 ? (x - x0) / (x1 - x0) : 0;
      return line[(i - 1) * 2 + 1]! + t * (line[i * 2 + 1]! - line[(i - 1) * 2 + 1]!);
    }
  }
  return line[(n - 1) * 2 + 1]!;
}

function insideSourceOpening(eye: EyeShading, x: number, y: number): boolean {
  const top = polylineY(eye.sourceUpper, x);
  const bottom = polylineY(eye.sourceLower, x);
  return !Number.isNaN(top) && !Number.isNaN(bottom) && y > top + 0.5 && y < bottom - 0.5;
}

const smoothstep = (e0: number, e1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};

/**
 * Shades one eye pixel in place: `out[o..o+2]` holds the mesh-warped photo at (sourceX, sourceY)
 * on entry; (fx, fy) is the pixel centre in the frame.
 */
export function shadeEyePixel(
  eye: EyeShading,
  fx: number,
  fy: number,
  sourceX: number,
  sourceY: number,
  sampler: FrameSampler,
  out: Uint8ClampedArray,
  o: number,
): void {
  if (eye.alpha <= 0) return;
  // Sclera where the photo's iris was: the photo's sclera colour (the iris is drawn again below).
  const fromIris = Math.hypot(sourceX - eye.sourceX, sourceY - eye.sourceY) / eye.sourceRadius;
  const cover = smoothstep(1.2, 1.0, fromIris) * eye.alpha;
  let r = out[o]!;
  let g = out[o + 1]!;
  let b = out[o + 2]!;
  if (cover > 0) {
    r += (eye.sclera[0] - r) * cover;
    g += (eye.sclera[1] - g) * cover;
    b += (eye.sclera[2] - b) * cover;
  }
  const dx = (fx - eye.targetX) / eye.targetRadius;
  const dy = (fy - eye.targetY) / eye.targetRadius;
  const distance = Math.hypot(dx, dy);
  const irisAlpha = Math.min(1, Math.max(0, (1 - distance) * eye.targetRadius + 0.5)) * eye.alpha;
  if (irisAlpha > 0) {
    // The photo's iris pixel at the same place on the disc; if its lids hid it there, the mirror
    // half; failing that, nearer the centre (the iris is roughly radial).
    let x = eye.sourceX + dx * eye.sourceRadius;
    let y = eye.sourceY + dy * eye.sourceRadius;
    if (!insideSourceOpening(eye, x, y)) y = eye.sourceY - dy * eye.sourceRadius;
    for (let shrink = 0.75; shrink > 0 && !insideSourceOpening(eye, x, y); shrink -= 0.25) {
      x = eye.sourceX + dx * eye.sourceRadius * shrink;
      y = eye.sourceY + dy * eye.sourceRadius * shrink;
    }
    let ir: number;
    let ig: number;
    let ib: number;
    if (insideSourceOpening(eye, x, y)) {
      sampler.sample(x, y, o);
      ir = out[o]!;
      ig = out[o + 1]!;
      ib = out[o + 2]!;
    } else {
      ir = eye.iris[0];
      ig = eye.iris[1];
      ib = eye.iris[2];
    }
    r += (ir - r) * irisAlpha;
    g += (ig - g) * irisAlpha;
    b += (ib - b) * irisAlpha;
  }
  out[o] = r;
  out[o + 1] = g;
  out[o + 2] = b;
}

/**
 * The upper lid as a blink unrolls it. On a photo the lid between the lashes and the fold is a thin
 * strip (most of it hides in the fold), so stretching it over the eye would smear the fold's
 * shadow into a second lash line. As the eye closes, the stretched band takes the photo's own lid
 * skin from just above the fold; the lash line at the band's lower edge stays the photo's.
 */
export interface LidShading {
  /** 0: open as in the photo; 1: fully closed. */
  closure: number;
  /** Source lid margin, fold and the row above it (level pixels), x, y pairs sorted by x. */
  margin: Float32Array;
  fold: Float32Array;
  above: Float32Array;
  /** The photo's lower lid margin (level pixels): the lid's texture is the skin under it. */
  lower: Float32Array;
  /** How many times its photo height the band between lashes and fold is drawn (at least 1). */
  stretch: number;
  /** The closed lid's colour across the eye. */
  tone: LidTone;
}

/** How far towards the socket's shade the lid darkens at the fold. */
const SOCKET_SHADE = 0.7;
/** Where the lid texture's local mean is taken (level pixels): the high pass keeps finer detail. */
const DETAIL_TAPS = [
  [-2, 0],
  [2, 0],
  [0, -2],
  [0, 2],
] as const;

export function shadeLidPixel(
  lid: LidShading,
  sourceX: number,
  sourceY: number,
  sampler: FrameSampler,
  out: Uint8ClampedArray,
  o: number,
): void {
  if (lid.closure <= 0.02) return;
  const margin = polylineY(lid.margin, sourceX);
  const fold = polylineY(lid.fold, sourceX);
  const above = polylineY(lid.above, sourceX);
  if (Number.isNaN(margin) || Number.isNaN(fold) || Number.isNaN(above) || margin - fold < 0.1) return;
  const v = (margin - sourceY) / (margin - fold); // 0 at the lashes, 1 at the fold
  // Tapered towards the eye's corners, where the band meets skin the blink does not repaint.
  const first = lid.margin[0]!;
  const last = lid.margin[lid.margin.length - 2]!;
  const across = (sourceX - first) / Math.max(1e-3, last - first);
  const taper = smoothstep(0, 0.12, Math.min(across, 1 - across));
  // Up at the fold the photo's own crease shadow takes over again. At the lashes the photo's lash
  // line stays, at its photo thickness: a share of the band would grow with the band as the lid
  // unrolls (4x on a wide-open eye) into a thick dark bar that reads as an eye still open a slit.
  const lashes = 1 / lid.stretch;
  const weight = lid.closure * smoothstep(0.12 * lashes, 0.4 * lashes, v) * smoothstep(1.05, 0.7, v) * taper;
  if (weight <= 0) return;
  const r = out[o]!;
  const g = out[o + 1]!;
  const b = out[o + 2]!;
  // The lid's light is its tone (see lid-tone.ts); its texture is the photo's skin under the eye,
  // with that skin's own light taken out (a high pass), mirrored across the closed lashes at the
  // band's scale. The strip above the fold is too thin for it: stretched over the band it drew
  // vertical streaks, mirrored back and forth its shading drew stripes.
  const column = Math.min(lid.tone.rgb.length / 3 - 1, Math.max(0, Math.round(sourceX - lid.tone.x0)));
  const lower = polylineY(lid.lower, sourceX);
  if (Number.isNaN(lower)) return;
  const opening = Math.max(2, lower - margin);
  const up = Math.max(0, v) * (margin - fold) * lid.stretch;
  const row = lower + opening * 0.3 + Math.min(up, opening * 1.5);
  sampler.sample(sourceX, row, o);
  const cr = out[o]!;
  const cg = out[o + 1]!;
  const cb = out[o + 2]!;
  let nr = 0;
  let ng = 0;
  let nb = 0;
  for (const [dx, dy] of DETAIL_TAPS) {
    sampler.sample(sourceX + dx, row + dy, o);
    nr += out[o]!;
    ng += out[o + 1]!;
    nb += out[o + 2]!;
  }
  // Towards the fold the lid curves back into the socket and takes its shade (the photo's skin
  // just over the fold), so it meets the socket's shadow without an edge.
  sampler.sample(sourceX, fold + (above - fold) * 0.05, o);
  const socket = SOCKET_SHADE * smoothstep(0.25, 1, v);
  const t = column * 3;
  const lidR = lid.tone.rgb[t]! * (1 - socket) + out[o]! * socket + cr - nr / DETAIL_TAPS.length;
  const lidG = lid.tone.rgb[t + 1]! * (1 - socket) + out[o + 1]! * socket + cg - ng / DETAIL_TAPS.length;
  const lidB = lid.tone.rgb[t + 2]! * (1 - socket) + out[o + 2]! * socket + cb - nb / DETAIL_TAPS.length;
  out[o] = r + (lidR - r) * weight;
  out[o + 1] = g + (lidG - g) * weight;
  out[o + 2] = b + (lidB - b) * weight;
}
