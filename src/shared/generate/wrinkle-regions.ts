import { ARKIT_BLENDSHAPE_NAMES, type ArkitBlendshapeName } from '../rig/arkit-names';
import { CANONICAL_FACE } from '../rig/canonical/canonical-face';

/**
 * Where expressions fold the skin (issue 9, "Fine detail"): forehead (raised brows), glabella (frown
 * lines between the brows), crow's feet (beside the outer eye corners) and the nasolabial folds
 * (smile lines from the nose wings past the mouth corners). Defined in face space: the canonical
 * face's x, y (x towards the subject's left, y up, unit distance between the face sides, origin at
 * the mesh centroid; CANONICAL_FACE), which every pixel of a rendered face gets by interpolating its
 * mesh triangle. Anchors, from the canonical landmarks: brows' upper row at y 0.33..0.40 (points
 * 70, 105, 66, 107), mesh top 0.63 (10), outer eye corners (±0.32, 0.24) (33, 263), nose wings
 * (±0.14, -0.03) (129, 358), mouth corners (±0.17, -0.25) (61, 291), face sides ±0.5 (234, 454).
 * Soft edges (smoothstep over 0.03..0.05 face widths) so no seam shows where the detail stops.
 */

const smoothstep = (edge0: number, edge1: number, value: number): number => {
  const t = Math.min(1, Math.max(0, (value - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
};

/** Distance from (x, y) to the segment (ax, ay)-(bx, by). */
function segmentDistance(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

/**
 * Forehead: above the brows' hair (full from y 0.48), fading out towards the temples and before the
 * mesh's top row (0.63), which on many faces is the hairline.
 */
function forehead(ax: number, y: number): number {
  return smoothstep(0.43, 0.48, y) * (1 - smoothstep(0.55, 0.62, y)) * (1 - smoothstep(0.33, 0.43, ax));
}

/** Glabella: the vertical band between the inner brow heads, down to the nose's root. */
function glabella(ax: number, y: number): number {
  return 1 - smoothstep(0.035, 0.07, segmentDistance(ax, y, 0, 0.3, 0, 0.46));
}

/** Crow's feet: a disc beside each outer eye corner, kept off the lids and lashes. */
function crowsFeet(ax: number, y: number): number {
  const disc = 1 - smoothstep(0.05, 0.09, Math.hypot(ax - 0.41, y - 0.23));
  return disc * smoothstep(0.34, 0.37, ax);
}

/** Nasolabial fold: from beside the nose wing down and out past the mouth corner. */
function nasolabial(ax: number, y: number): number {
  return 1 - smoothstep(0.03, 0.06, segmentDistance(ax, y, 0.18, -0.05, 0.26, -0.29));
}

/** The four regions, in the order of every per-region array here. */
export const WRINKLE_REGIONS = ['forehead', 'glabella', 'crowsFeet', 'nasolabial'] as const;
export const WRINKLE_REGION_COUNT = WRINKLE_REGIONS.length;

/** Each region's weight 0..1 at canonical face position (x, y), into out[0..3]. */
export function wrinkleRegionWeights(x: number, y: number, out = new Float32Array(WRINKLE_REGION_COUNT)): Float32Array {
  const ax = Math.abs(x);
  out[0] = forehead(ax, y);
  out[1] = glabella(ax, y);
  out[2] = crowsFeet(ax, y);
  out[3] = nasolabial(ax, y);
  return out;
}

/** Weight 0..1 of the wrinkle regions together (the largest) at canonical face position (x, y). */
export function wrinkleRegionWeight(x: number, y: number): number {
  return Math.max(...wrinkleRegionWeights(x, y));
}

const mean = (coefficients: ArrayLike<number>, ...names: ArkitBlendshapeName[]): number =>
  names.reduce((sum, name) => sum + (coefficients[ARKIT_BLENDSHAPE_NAMES.indexOf(name)] ?? 0), 0) / names.length;

/**
 * How much a face's expression folds each region (0..1), from its rig coefficients (52, ARKit
 * order): forehead lines come with raised brows, frown lines with lowered brows (and a sneer's
 * lines at the nose's root), crow's feet with a squint or a full smile, smile lines with a smile,
 * a squint of the cheeks, a sneer or a raised upper lip. A face at rest folds nothing: its lines
 * there are the person's own (and so are its freckles and moles), not the expression's.
 * Full from 0.35 of a coefficient, none under 0.05.
 */
export function regionActivations(coefficients: ArrayLike<number>): Float32Array {
  const c = coefficients;
  const raw = [
    Math.max(mean(c, 'browInnerUp'), mean(c, 'browOuterUpLeft', 'browOuterUpRight')),
    Math.max(mean(c, 'browDownLeft', 'browDownRight'), 0.5 * mean(c, 'noseSneerLeft', 'noseSneerRight')),
    Math.max(
      mean(c, 'eyeSquintLeft', 'eyeSquintRight'),
      mean(c, 'cheekSquintLeft', 'cheekSquintRight'),
      0.7 * mean(c, 'mouthSmileLeft', 'mouthSmileRight'),
    ),
    Math.max(
      mean(c, 'mouthSmileLeft', 'mouthSmileRight'),
      mean(c, 'cheekSquintLeft', 'cheekSquintRight'),
      mean(c, 'noseSneerLeft', 'noseSneerRight'),
      0.7 * mean(c, 'mouthUpperUpLeft', 'mouthUpperUpRight'),
    ),
  ];
  return Float32Array.from(raw, (value) => smoothstep(0.05, 0.35, value));
}

/**
 * How much hair may lie over the face at canonical height y: 1 above the nose's middle (a fringe
 * over the forehead and brows, strands over the temples and crow's feet), 0 from the nose wings
 * down, where the smile lines are (hair hardly ever hangs inside them, and a deep fold's texture
 * is as strong as hair's at a small photo's resolution, so a hair test there would drop the fold).
 */
export function hairProneWeight(y: number): number {
  return smoothstep(0.05, 0.15, y);
}

/** The canonical x, y of the 468 mesh points (what a rendered pixel interpolates to look its region up). */
export function canonicalMeshXY(): Float32Array {
  const count = 468;
  const out = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    out[i * 2] = CANONICAL_FACE[i * 3]!;
    out[i * 2 + 1] = CANONICAL_FACE[i * 3 + 1]!;
  }
  return out;
}

/** The regions sampled on a grid over the canonical face, looked up per pixel (sampleWrinkleRegions). */
export interface WrinkleRegionGrid {
  /** WRINKLE_REGION_COUNT weights per grid point, rows of `size` points. */
  data: Float32Array;
  size: number;
  /** Canonical position of grid cell (0, 0) and the grid's step. */
  x0: number;
  y0: number;
  step: number;
}

let grid: WrinkleRegionGrid | null = null;

/** The wrinkle regions on a 160 x 160 grid over x -0.8..0.8, y -0.8..0.8 (every mesh point is inside). */
export function wrinkleRegionGrid(): WrinkleRegionGrid {
  if (grid) return grid;
  const size = 160;
  const x0 = -0.8;
  const y0 = -0.8;
  const step = 1.6 / (size - 1);
  const data = new Float32Array(size * size * WRINKLE_REGION_COUNT);
  const point = new Float32Array(WRINKLE_REGION_COUNT);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      data.set(wrinkleRegionWeights(x0 + i * step, y0 + j * step, point), (j * size + i) * WRINKLE_REGION_COUNT);
    }
  }
  grid = { data, size, x0, y0, step };
  return grid;
}

/** Bilinear lookup of each region's weight at canonical (x, y) into out[0..3] (0 outside the grid); returns the largest. */
export function sampleWrinkleRegions(regions: WrinkleRegionGrid, x: number, y: number, out: Float32Array): number {
  const gx = (x - regions.x0) / regions.step;
  const gy = (y - regions.y0) / regions.step;
  const last = regions.size - 1;
  if (!(gx >= 0 && gy >= 0 && gx <= last && gy <= last)) {
    out.fill(0);
    return 0;
  }
  const ix = Math.min(last - 1, gx | 0);
  const iy = Math.min(last - 1, gy | 0);
  const tx = gx - ix;
  const ty = gy - iy;
  const d = regions.data;
  const n = WRINKLE_REGION_COUNT;
  const i00 = (iy * regions.size + ix) * n;
  const i01 = i00 + regions.size * n;
  let largest = 0;
  for (let k = 0; k < n; k++) {
    const value =
      (d[i00 + k]! * (1 - tx) + d[i00 + n + k]! * tx) * (1 - ty) + (d[i01 + k]! * (1 - tx) + d[i01 + n + k]! * tx) * ty;
    out[k] = value;
    if (value > largest) largest = value;
  }
  return largest;
}
