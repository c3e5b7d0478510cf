import { CANONICAL_FACE } from '../canonical/canonical-face';
import { RIG_POINT_COUNT } from '../topology/rig-points';

/**
 * Small vocabulary for authoring blendshapes on the canonical face: per-point weight fields
 * (smooth falloffs, side masks, region memberships) and displacement fields built from them.
 * All fields are Float64Array, weights one value per rig point, displacements xyz per point.
 */
export type WeightField = Float64Array;
export type DisplacementField = Float64Array;
export type Vec3 = readonly [number, number, number];

export const NEUTRAL: Float64Array = Float64Array.from(CANONICAL_FACE);

export const px = (i: number) => NEUTRAL[i * 3]!;
export const py = (i: number) => NEUTRAL[i * 3 + 1]!;
export const pz = (i: number) => NEUTRAL[i * 3 + 2]!;
export const point = (i: number): Vec3 => [px(i), py(i), pz(i)];

export const newWeights = (): WeightField => new Float64Array(RIG_POINT_COUNT);
export const newDisplacement = (): DisplacementField => new Float64Array(RIG_POINT_COUNT * 3);

export function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.max(0, Math.min(1, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

/**
 * Smooth compact falloff (1 - t^2)^2: 1 at t = 0, 0 with zero slope at t >= 1, still 0.56 at
 * half the radius (a Wendland C2 kernel was tried first and read as too pinched on the mesh).
 */
export function falloff(t: number): number {
  if (t >= 1) return 0;
  const u = 1 - t * t;
  return u * u;
}

/** Weight by ellipsoidal distance from a centre: radii per axis. */
export function nearPoint(centre: Vec3, radii: Vec3 | number): WeightField {
  const [rx, ry, rz] = typeof radii === 'number' ? [radii, radii, radii] : radii;
  const w = newWeights();
  for (let i = 0; i < RIG_POINT_COUNT; i++) {
    const dx = (px(i) - centre[0]) / rx;
    const dy = (py(i) - centre[1]) / ry;
    const dz = (pz(i) - centre[2]) / rz;
    w[i] = falloff(Math.sqrt(dx * dx + dy * dy + dz * dz));
  }
  return w;
}

/** Weight by distance to the nearest of several mesh points (max of their falloffs). */
export function nearPoints(indices: readonly number[], radii: Vec3 | number): WeightField {
  const w = newWeights();
  for (const index of indices) {
    const single = nearPoint(point(index), radii);
    for (let i = 0; i < RIG_POINT_COUNT; i++) w[i] = Math.max(w[i]!, single[i]!);
  }
  return w;
}

/** 1 on the subject's left (x > 0), 0 on the right, a smooth ramp of half-width `blend` across the midline. */
export function leftSide(blend = 0.03): WeightField {
  const w = newWeights();
  for (let i = 0; i < RIG_POINT_COUNT; i++) w[i] = smoothstep(-blend, blend, px(i));
  return w;
}

/** Weight from a function of the point's position. */
export function byPosition(f: (x: number, y: number, z: number, index: number) => number): WeightField {
  const w = newWeights();
  for (let i = 0; i < RIG_POINT_COUNT; i++) w[i] = f(px(i), py(i), pz(i), i);
  return w;
}

/** Explicit weights for listed points, 0 elsewhere. */
export function members(groups: ReadonlyArray<readonly [readonly number[], number]>): WeightField {
  const w = newWeights();
  for (const [indices, weight] of groups) for (const i of indices) w[i] = Math.max(w[i]!, weight);
  return w;
}

export function multiply(...fields: WeightField[]): WeightField {
  const w = newWeights().fill(1);
  for (const f of fields) for (let i = 0; i < RIG_POINT_COUNT; i++) w[i] = w[i]! * f[i]!;
  return w;
}

export function maxOf(...fields: WeightField[]): WeightField {
  const w = newWeights();
  for (const f of fields) for (let i = 0; i < RIG_POINT_COUNT; i++) w[i] = Math.max(w[i]!, f[i]!);
  return w;
}

export function invert(field: WeightField): WeightField {
  return byPosition((_x, _y, _z, i) => 1 - field[i]!);
}

/** Adds weight * vector to every point of a displacement field. */
export function addTranslation(target: DisplacementField, weights: WeightField, v: Vec3): DisplacementField {
  for (let i = 0; i < RIG_POINT_COUNT; i++) {
    const w = weights[i]!;
    target[i * 3] = target[i * 3]! + w * v[0];
    target[i * 3 + 1] = target[i * 3 + 1]! + w * v[1];
    target[i * 3 + 2] = target[i * 3 + 2]! + w * v[2];
  }
  return target;
}

/** Adds a per-point displacement computed from the point itself, scaled by weight. */
export function addField(
  target: DisplacementField,
  weights: WeightField,
  f: (x: number, y: number, z: number, index: number) => Vec3,
): DisplacementField {
  for (let i = 0; i < RIG_POINT_COUNT; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const [dx, dy, dz] = f(px(i), py(i), pz(i), i);
    target[i * 3] = target[i * 3]! + w * dx;
    target[i * 3 + 1] = target[i * 3 + 1]! + w * dy;
    target[i * 3 + 2] = target[i * 3 + 2]! + w * dz;
  }
  return target;
}

/**
 * Adds the displacement of a rigid rotation (row-major 3x3, about `pivot`) scaled by weight:
 * weight * (R (p - pivot) + pivot - p). At weight 1 the point lands exactly on the rotated position.
 */
export function addRotation(
  target: DisplacementField,
  weights: WeightField,
  rotation: ArrayLike<number>,
  pivot: Vec3,
): DisplacementField {
  const R = rotation;
  return addField(target, weights, (x, y, z) => {
    const ux = x - pivot[0];
    const uy = y - pivot[1];
    const uz = z - pivot[2];
    return [
      R[0]! * ux + R[1]! * uy + R[2]! * uz - ux,
      R[3]! * ux + R[4]! * uy + R[5]! * uz - uy,
      R[6]! * ux + R[7]! * uy + R[8]! * uz - uz,
    ];
  });
}

/** Centroid of listed points. */
export function centroid(indices: readonly number[]): Vec3 {
  let x = 0;
  let y = 0;
  let z = 0;
  for (const i of indices) {
    x += px(i);
    y += py(i);
    z += pz(i);
  }
  return [x / indices.length, y / indices.length, z / indices.length];
}

/** Mesh point nearest to (x, y) in the front view, preferring the front-most surface. */
export function nearestFrontPoint(x: number, y: number): number {
  let best = 0;
  let bestScore = Infinity;
  for (let i = 0; i < 468; i++) {
    const score = (px(i) - x) ** 2 + (py(i) - y) ** 2 - 0.0001 * pz(i);
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

export function scale(field: WeightField, factor: number): WeightField {
  return byPosition((_x, _y, _z, i) => field[i]! * factor);
}
