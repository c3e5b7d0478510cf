import { WRINKLE_REGION_COUNT } from './wrinkle-regions';

/**
 * The skin folds an expression makes, drawn where no photo supplies them (a rig edit, a driving
 * video): the same four regions as the expression detail layer (wrinkle-regions.ts), as shading
 * profiles in canonical face space (x towards the subject's left, y up, unit = the face's width).
 * A warp moves the photo's skin but cannot fold it: a smile's corners go up and out while the cheek
 * beside them stays flat, which reads as a stretched mouth rather than a smile (and the landmark
 * model reads a fifth less of it: a smile-line sketch on a render took its reading from 0.47 to
 * 0.55). Per region the profile is -1 in a fold's valley, up to RIDGE_LIGHT on its lit ridge, 0
 * elsewhere; the renderer multiplies skin by 1 + depth x profile (expression-folds.ts).
 *
 * Lines (canonical anchors as in wrinkle-regions.ts):
 * - nasolabial: from beside the nose wing (0.165, -0.035) bowing out to below and outside the
 *   mouth corner (0.255, -0.3); the cheek (outer) side is the lit ridge.
 * - forehead: three arched lines between the brows' upper row (0.40) and the mesh top (0.63).
 * - glabella: two short vertical lines between the inner brow heads.
 * Crow's feet come with age more than with the expression, and drawn ones read as scratches beside
 * a child's or a cartoon's eye: none are drawn.
 */

/** Valley half-widths (Gaussian sigma, face widths) of each region's lines (crow's feet: not drawn). */
const SIGMA = [0.0045, 0.004, 0, 0.016] as const;
/** A fold's ridge: this much lighter at its peak, on the lit side (nasolabial: the cheek). */
const RIDGE_LIGHT = 0.35;

interface Polyline {
  points: Float64Array;
}

function quadratic(ax: number, ay: number, cx: number, cy: number, bx: number, by: number, segments: number): Polyline {
  const points = new Float64Array((segments + 1) * 2);
  for (let i = 0; i <= segments; i++) {
    const t = i / segments;
    points[i * 2] = (1 - t) ** 2 * ax + 2 * (1 - t) * t * cx + t * t * bx;
    points[i * 2 + 1] = (1 - t) ** 2 * ay + 2 * (1 - t) * t * cy + t * t * by;
  }
  return { points };
}

const NASOLABIAL = quadratic(0.165, -0.035, 0.24, -0.12, 0.255, -0.3, 12);
/**
 * Forehead lines as parabolas y = top - bend x^2 over |x| <= half (the arch of a raised brow's
 * lines): vertical distance stands in for the true one (their slope stays under 0.3), which keeps
 * the per-pixel cost to a few multiplications on a preview that must follow a slider.
 */
const FOREHEAD = [0.475, 0.52, 0.565].map((top, k) => ({ top, bend: 0.55, half: 0.27 - 0.02 * k }));
/** Frown lines: two short segments between the inner brow heads, slightly apart at the bottom. */
const GLABELLA = { x0: 0.03, y0: 0.33, x1: 0.022, y1: 0.42 };

/** Distance from (x, y) to a polyline, how far along it (0..1) the nearest point is, and the side (cross product sign). */
const nearest = { distance: 0, along: 0, side: 0 };
function nearestOn(line: Polyline, x: number, y: number): void {
  const p = line.points;
  const segments = p.length / 2 - 1;
  let best = Infinity;
  for (let i = 0; i < segments; i++) {
    const ax = p[i * 2]!;
    const ay = p[i * 2 + 1]!;
    const dx = p[i * 2 + 2]! - ax;
    const dy = p[i * 2 + 3]! - ay;
    const t = Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    const ex = x - ax - t * dx;
    const ey = y - ay - t * dy;
    const d = ex * ex + ey * ey;
    if (d < best) {
      best = d;
      nearest.along = (i + t) / segments;
      nearest.side = dx * ey - dy * ex;
    }
  }
  nearest.distance = Math.sqrt(best);
}

/** A region's line width for a frame pixel of `pixel` face widths (never much under a pixel). */
function widened(region: number, pixel: number): number {
  return Math.sqrt(SIGMA[region]! ** 2 + (0.6 * pixel) ** 2);
}

/** A line's profile: a Gaussian valley whose depth fades in and out along the line (no blunt ends). */
function valley(line: Polyline, x: number, y: number, sigma: number, taper: number): number {
  nearestOn(line, x, y);
  // Beyond 3 sigma the valley is under 1.1% of its depth: nothing (and the grid's cells stay empty).
  if (nearest.distance > 3 * sigma) return 0;
  const ends = Math.min(1, Math.min(nearest.along, 1 - nearest.along) / taper);
  return -ends * ends * Math.exp(-(nearest.distance * nearest.distance) / (2 * sigma * sigma));
}

/**
 * Each region's fold profile at canonical (x, y), into out[0..3] (WRINKLE_REGIONS order).
 * `pixel`: a frame pixel's size in face widths; the lines widen to at least about a pixel, so a
 * small preview shows a soft fold rather than an aliased one-pixel scratch.
 */
export function foldProfiles(
  x: number,
  y: number,
  pixel: number,
  out: Float32Array,
  regions = ALL_REGIONS,
): Float32Array {
  out.fill(0);
  const ax = Math.abs(x);
  if (regions & FOREHEAD_BIT && y > 0.38 && y < 0.62 && ax < 0.3) {
    const sigma = widened(0, pixel);
    for (const line of FOREHEAD) {
      if (ax > line.half) continue;
      const d = y - (line.top - line.bend * ax * ax);
      if (Math.abs(d) > 3 * sigma) continue;
      // Fades towards the line's ends (over its outer quarter), so no line stops bluntly.
      const ends = Math.min(1, (line.half - ax) / (0.25 * line.half));
      out[0] = Math.min(out[0]!, -ends * ends * Math.exp(-(d * d) / (2 * sigma * sigma)));
    }
  }
  if (regions & GLABELLA_BIT && y > 0.31 && y < 0.44 && ax < 0.06) {
    const sigma = widened(1, pixel);
    const t = Math.min(1, Math.max(0, (y - GLABELLA.y0) / (GLABELLA.y1 - GLABELLA.y0)));
    const d = ax - (GLABELLA.x0 + (GLABELLA.x1 - GLABELLA.x0) * t);
    const ends = Math.min(1, Math.min(t, 1 - t) / 0.3);
    if (Math.abs(d) < 3 * sigma) out[1] = -ends * ends * Math.exp(-(d * d) / (2 * sigma * sigma));
  }
  if (regions & NASOLABIAL_BIT && ax > 0.12 && ax < 0.32 && y > -0.36 && y < 0.0) {
    const sigma = widened(3, pixel);
    const fold = valley(NASOLABIAL, ax, y, sigma, 0.2);
    // The cheek's side of the fold (outside the curve) catches the light; the lip's side does not.
    const lit = nearest.side > 0 && nearest.distance < 5 * sigma;
    const ends = Math.min(1, Math.min(nearest.along, 1 - nearest.along) / 0.2);
    const ridge = lit
      ? RIDGE_LIGHT * ends * Math.exp(-((nearest.distance - 2.2 * sigma) ** 2) / (2 * (1.4 * sigma) ** 2))
      : 0;
    out[3] = fold + ridge;
  }
  return out;
}

/** Region bits for foldProfiles' `regions` (bit k: region k of WRINKLE_REGIONS; crow's feet are not drawn). */
const FOREHEAD_BIT = 1;
const GLABELLA_BIT = 2;
const NASOLABIAL_BIT = 8;
const ALL_REGIONS = FOREHEAD_BIT | GLABELLA_BIT | NASOLABIAL_BIT;

/**
 * foldProfiles baked on a grid over the half face (x >= 0, mirrored), per size of a frame pixel
 * (one grid per power of two of the face's width in pixels, made once): the profiles cost a
 * polyline search per pixel, too slow for a preview that follows a slider (25-55 ms a 512 px frame
 * evaluated per pixel; a bilinear lookup is a few multiplications). The step (0.0015 face widths)
 * is a third of the narrowest line's sigma, so the lookup keeps its shape.
 */
export interface FoldGrid {
  /** WRINKLE_REGION_COUNT profiles per grid point, rows of `columns` points. */
  data: Float32Array;
  columns: number;
  rows: number;
  y0: number;
  step: number;
  /** Which regions are non-zero somewhere in each cell (bit k), for coarse tests. */
  present: Uint8Array;
}

const GRID_STEP = 0.0015;
const GRID_X1 = 0.33;
const GRID_Y0 = -0.37;
const GRID_Y1 = 0.63;
const grids = new Map<number, FoldGrid>();

/** The grid for a face `faceWidthPixels` wide in the frame. */
export function foldGrid(faceWidthPixels: number): FoldGrid {
  const bucket = Math.min(12, Math.max(5, Math.round(Math.log2(Math.max(1, faceWidthPixels)))));
  const cached = grids.get(bucket);
  if (cached) return cached;
  const pixel = 2 ** -bucket;
  const columns = Math.ceil(GRID_X1 / GRID_STEP) + 1;
  const rows = Math.ceil((GRID_Y1 - GRID_Y0) / GRID_STEP) + 1;
  const data = new Float32Array(columns * rows * WRINKLE_REGION_COUNT);
  const present = new Uint8Array(columns * rows);
  const point = new Float32Array(WRINKLE_REGION_COUNT);
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      foldProfiles(i * GRID_STEP, GRID_Y0 + j * GRID_STEP, pixel, point);
      const cell = j * columns + i;
      data.set(point, cell * WRINKLE_REGION_COUNT);
      for (let k = 0; k < WRINKLE_REGION_COUNT; k++) if (point[k] !== 0) present[cell] = present[cell]! | (1 << k);
    }
  }
  const grid = { data, columns, rows, y0: GRID_Y0, step: GRID_STEP, present };
  grids.set(bucket, grid);
  return grid;
}

/**
 * Bilinear lookup of the profiles at canonical (x, y) into out[0..3]; returns false (out untouched)
 * where none of the `regions` bits has a line in the cell (most skin between the lines).
 */
export function sampleFoldGrid(grid: FoldGrid, x: number, y: number, out: Float32Array, regions: number): boolean {
  const gx = Math.abs(x) / grid.step;
  const gy = (y - grid.y0) / grid.step;
  if (!(gx < grid.columns - 1 && gy >= 0 && gy < grid.rows - 1)) return false;
  const i = gx | 0;
  const j = gy | 0;
  if ((grid.present[j * grid.columns + i]! & regions) === 0) return false;
  const tx = gx - i;
  const ty = gy - j;
  const n = WRINKLE_REGION_COUNT;
  const o00 = (j * grid.columns + i) * n;
  const o10 = o00 + n;
  const o01 = o00 + grid.columns * n;
  const o11 = o01 + n;
  const d = grid.data;
  for (let k = 0; k < n; k++) {
    out[k] = (d[o00 + k]! * (1 - tx) + d[o10 + k]! * tx) * (1 - ty) + (d[o01 + k]! * (1 - tx) + d[o11 + k]! * tx) * ty;
  }
  return true;
}

/**
 * Which regions' lines reach the canonical box [x0, x1] x [y0, y1] (bit k), from the grid: a
 * triangle the edit's folds do not reach is not walked at all.
 */
export function foldRegionsIn(grid: FoldGrid, x0: number, x1: number, y0: number, y1: number): number {
  // Mirrored: the box's |x| range.
  const ax0 = x0 <= 0 && x1 >= 0 ? 0 : Math.min(Math.abs(x0), Math.abs(x1));
  const ax1 = Math.max(Math.abs(x0), Math.abs(x1));
  const i0 = Math.max(0, Math.floor(ax0 / grid.step));
  const i1 = Math.min(grid.columns - 1, Math.ceil(ax1 / grid.step));
  const j0 = Math.max(0, Math.floor((y0 - grid.y0) / grid.step));
  const j1 = Math.min(grid.rows - 1, Math.ceil((y1 - grid.y0) / grid.step));
  let bits = 0;
  for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) bits |= grid.present[j * grid.columns + i]!;
  return bits;
}
