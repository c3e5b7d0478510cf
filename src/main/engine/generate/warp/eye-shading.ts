import type { Rgb } from './photo-colours';
import type { LidTone } from './lid-tone';
import type { FrameSampler } from './source-pyramid';

/**
 * The eyeball inside the lids when the gaze moves. The mesh warp alone would squash the iris when
 * the lids move and could not move it with the gaze. Here the photo's iris is taken out (its place
 * filled, row by row, with the photo's own sclera on either side of it, so the lids' shadow and the
 * sclera's tint carry across) and drawn again where the rig puts it: the photo's own iris disc,
 * highlight included, clipped by the lids because only the eye-opening triangles reach this
 * shader, with a soft edge along the lid margins. Iris pixels the photo's lids hid are taken from
 * the disc's mirror half.
 */
export interface EyeShading {
  /** 0: plain mesh warp (the iris did not move); 1: the eyeball is drawn again. */
  alpha: number;
  /** Target iris centre and radius, frame pixels. */
  targetX: number;
  targetY: number;
  targetRadius: number;
  /** Target lid margins (frame pixels), x, y pairs sorted by x. */
  targetUpper: Float32Array;
  targetLower: Float32Array;
  /** Source iris centre and radius, pixels of the sampled pyramid level. */
  sourceX: number;
  sourceY: number;
  sourceRadius: number;
  /** Source lid margins (level pixels), x, y pairs sorted by x. */
  sourceUpper: Float32Array;
  sourceLower: Float32Array;
  /** Source level pixels per frame pixel. */
  perFramePixel: number;
  /**
   * This frame's sclera beside the iris per source row (ROW_FIELDS per half pixel of height across
   * the taken-out disc, NaN until measured): see eyeballRows.
   */
  scleraRows: Float32Array;
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

function insideSourceOpening(eye: EyeShading, x: number, y: number, margin = 0.5): boolean {
  const top = polylineY(eye.sourceUpper, x);
  const bottom = polylineY(eye.sourceLower, x);
  return !Number.isNaN(top) && !Number.isNaN(bottom) && y > top + margin && y < bottom - margin;
}

const smoothstep = (e0: number, e1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};

/** How far out (iris radii) the photo's iris is taken out: its dark limbal ring and soft edge too. */
const IRIS_OUT = [1.15, 1.45] as const;

/** The eyeball's colour being built for one pixel (one buffer: no allocation per pixel). */
const eyeball = new Float64Array(3);

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
  const warpedR = out[o]!;
  const warpedG = out[o + 1]!;
  const warpedB = out[o + 2]!;
  eyeball[0] = warpedR;
  eyeball[1] = warpedG;
  eyeball[2] = warpedB;
  // The photo's iris taken out: the sclera beside it on the same row, blended across.
  const fromIris = Math.hypot(sourceX - eye.sourceX, sourceY - eye.sourceY) / eye.sourceRadius;
  const cover = smoothstep(IRIS_OUT[1], IRIS_OUT[0], fromIris);
  if (cover > 0) scleraAcross(eye, sourceX, sourceY, sampler, out, o, cover);
  // The iris where the rig puts it, with a pixel-wide soft edge.
  const dx = (fx - eye.targetX) / eye.targetRadius;
  const dy = (fy - eye.targetY) / eye.targetRadius;
  const irisAlpha = Math.min(1, Math.max(0, (1 - Math.hypot(dx, dy)) * eye.targetRadius + 0.5));
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
    let ir: number = eye.iris[0];
    let ig: number = eye.iris[1];
    let ib: number = eye.iris[2];
    if (insideSourceOpening(eye, x, y)) {
      sampler.sample(x, y, o);
      ir = out[o]!;
      ig = out[o + 1]!;
      ib = out[o + 2]!;
    }
    eyeball[0] = eyeball[0]! + (ir - eyeball[0]!) * irisAlpha;
    eyeball[1] = eyeball[1]! + (ig - eyeball[1]!) * irisAlpha;
    eyeball[2] = eyeball[2]! + (ib - eyeball[2]!) * irisAlpha;
  }
  // Along the lid margins the drawn eyeball fades into the warped photo over about a pixel: the
  // margins are triangle edges, and a hard cut there reads as a sticker.
  const top = polylineY(eye.targetUpper, fx);
  const bottom = polylineY(eye.targetLower, fx);
  const inside = Number.isNaN(top) || Number.isNaN(bottom) ? 0 : Math.min(fy - top, bottom - fy);
  const weight = eye.alpha * smoothstep(-0.2, 1.3, inside);
  out[o] = warpedR + (eyeball[0]! - warpedR) * weight;
  out[o + 1] = warpedG + (eyeball[1]! - warpedG) * weight;
  out[o + 2] = warpedB + (eyeball[2]! - warpedB) * weight;
}

/**
 * Mixes into `eyeball`, by `cover`, the sclera the photo would show at (x, y) without its iris: on
 * that row, the photo's sclera just outside the iris on the left and on the right (each averaged
 * over two pixels), interpolated across; one side where the other is under a lid or past the eye's
 * corner; the photo's mean sclera colour where neither is visible.
 */
function scleraAcross(
  eye: EyeShading,
  x: number,
  y: number,
  sampler: FrameSampler,
  out: Uint8ClampedArray,
  o: number,
  cover: number,
): void {
  const reach = IRIS_OUT[1] * eye.sourceRadius;
  // The two sides depend on the row only: measured once per half source pixel of height per frame.
  const key = Math.round((y - eye.sourceY + reach) * 2);
  const rows = eye.scleraRows;
  const at = key * ROW_FIELDS;
  if (key < 0 || at + ROW_FIELDS > rows.length) return;
  const rowY = eye.sourceY - reach + key / 2;
  const dy = rowY - eye.sourceY;
  const half = Math.sqrt(Math.max(0, reach * reach - dy * dy)) + 0.5;
  const left = eye.sourceX - half;
  const right = eye.sourceX + half;
  if (Number.isNaN(rows[at]!)) {
    const step = Math.max(0.5, eye.perFramePixel);
    rows[at] = scleraSide(eye, left, rowY, -1, step, sampler, out, o, rows, at + 1) ? 1 : 0;
    rows[at + 4] = scleraSide(eye, right, rowY, 1, step, sampler, out, o, rows, at + 5) ? 1 : 0;
  }
  const hasLeft = rows[at] === 1;
  const hasRight = rows[at + 4] === 1;
  let sr: number = eye.sclera[0];
  let sg: number = eye.sclera[1];
  let sb: number = eye.sclera[2];
  if (hasLeft && hasRight) {
    const t = Math.min(1, Math.max(0, (x - left) / (right - left)));
    sr = rows[at + 1]! + (rows[at + 5]! - rows[at + 1]!) * t;
    sg = rows[at + 2]! + (rows[at + 6]! - rows[at + 2]!) * t;
    sb = rows[at + 3]! + (rows[at + 7]! - rows[at + 3]!) * t;
  } else if (hasLeft || hasRight) {
    const from = at + (hasLeft ? 1 : 5);
    sr = rows[from]!;
    sg = rows[from + 1]!;
    sb = rows[from + 2]!;
  }
  eyeball[0] = eyeball[0]! + (sr - eyeball[0]!) * cover;
  eyeball[1] = eyeball[1]! + (sg - eyeball[1]!) * cover;
  eyeball[2] = eyeball[2]! + (sb - eyeball[2]!) * cover;
}

/** Per cached row: left found (1/0), its r, g, b; right found, its r, g, b. */
const ROW_FIELDS = 8;

/** An empty row cache for a frame's eye whose iris (source level pixels) has `sourceRadius`. */
export function eyeballRows(sourceRadius: number): Float32Array {
  return new Float32Array((Math.ceil(4 * IRIS_OUT[1] * sourceRadius) + 2) * ROW_FIELDS).fill(NaN);
}

/**
 * The sclera beside the iris on one side of a row, averaged over a small patch (two columns, five
 * rows: single rows interpolated independently draw the sclera's noise as horizontal streaks), clear
 * of the lashes along the margins; into `into[at..at+2]`. False where under two samples are visible.
 */
function scleraSide(
  eye: EyeShading,
  x0: number,
  y: number,
  outwards: number,
  step: number,
  sampler: FrameSampler,
  out: Uint8ClampedArray,
  o: number,
  into: Float32Array,
  at: number,
): boolean {
  let n = 0;
  let r = 0;
  let g = 0;
  let b = 0;
  for (let row = -2; row <= 2; row++) {
    const yy = y + row * step;
    for (let col = 0; col < 2; col++) {
      const xx = x0 + outwards * col * step;
      if (!insideSourceOpening(eye, xx, yy, 0.8 * step)) continue;
      sampler.sample(xx, yy, o);
      r += out[o]!;
      g += out[o + 1]!;
      b += out[o + 2]!;
      n++;
    }
  }
  if (n < 2) return false;
  into[at] = r / n;
  into[at + 1] = g / n;
  into[at + 2] = b / n;
  return true;
}

/**
 * The upper lid as a blink unrolls it. On a photo the lid between the lashes and the fold is a thin
 * strip (most of it hides in the fold), so stretching it over the eye would smear the fold's
 * shadow into a second lash line. As the eye closes, the band is drawn as skin: the closed lid's
 * tone (lid-tone.ts) with the under-eye skin's texture, shading into the socket towards the fold;
 * the lash line at the band's lower edge stays the photo's.
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
