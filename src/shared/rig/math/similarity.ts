import { quaternionToMatrix } from './rotation';

/** A similarity transform target = scale * R * source + t (R row-major). */
export interface Similarity {
  rotation: Float64Array;
  scale: number;
  translation: Float64Array;
}

export function createSimilarity(): Similarity {
  return { rotation: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]), scale: 1, translation: new Float64Array(3) };
}

const N = new Float64Array(16);
const V = new Float64Array(16);

/**
 * Largest-eigenvalue eigenvector of the symmetric 4x4 matrix in N by cyclic Jacobi rotations,
 * written to out. Hand-written because it runs once per fit iteration on a fixed 4x4 and a
 * general linear-algebra package would allocate.
 */
function dominantEigenvector4(out: Float64Array): void {
  V.fill(0);
  V[0] = V[5] = V[10] = V[15] = 1;
  for (let sweep = 0; sweep < 12; sweep++) {
    let off = 0;
    for (let p = 0; p < 3; p++) for (let q = p + 1; q < 4; q++) off += N[p * 4 + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < 3; p++) {
      for (let q = p + 1; q < 4; q++) {
        const apq = N[p * 4 + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = N[p * 4 + p]!;
        const aqq = N[q * 4 + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < 4; k++) {
          const akp = N[k * 4 + p]!;
          const akq = N[k * 4 + q]!;
          N[k * 4 + p] = c * akp - s * akq;
          N[k * 4 + q] = s * akp + c * akq;
        }
        for (let k = 0; k < 4; k++) {
          const apk = N[p * 4 + k]!;
          const aqk = N[q * 4 + k]!;
          N[p * 4 + k] = c * apk - s * aqk;
          N[q * 4 + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < 4; k++) {
          const vkp = V[k * 4 + p]!;
          const vkq = V[k * 4 + q]!;
          V[k * 4 + p] = c * vkp - s * vkq;
          V[k * 4 + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let best = 0;
  for (let k = 1; k < 4; k++) if (N[k * 5]! > N[best * 5]!) best = k;
  for (let k = 0; k < 4; k++) out[k] = V[k * 4 + best]!;
}

const quat = new Float64Array(4);

/**
 * Weighted least-squares similarity (Umeyama 1991; rotation by Horn's quaternion method) taking
 * `source` points onto `target` points, both packed xyz. `weights` may be null (all 1).
 * With allowScale false the scale is held at out.scale (rigid fit at a known scale).
 */
export function fitSimilarity(
  source: ArrayLike<number>,
  target: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  count: number,
  out: Similarity,
  allowScale = true,
): Similarity {
  let wSum = 0;
  let sx = 0;
  let sy = 0;
  let sz = 0;
  let tx = 0;
  let ty = 0;
  let tz = 0;
  for (let i = 0; i < count; i++) {
    const w = weights ? weights[i]! : 1;
    if (w === 0) continue;
    wSum += w;
    sx += w * source[i * 3]!;
    sy += w * source[i * 3 + 1]!;
    sz += w * source[i * 3 + 2]!;
    tx += w * target[i * 3]!;
    ty += w * target[i * 3 + 1]!;
    tz += w * target[i * 3 + 2]!;
  }
  sx /= wSum;
  sy /= wSum;
  sz /= wSum;
  tx /= wSum;
  ty /= wSum;
  tz /= wSum;
  let Sxx = 0, Sxy = 0, Sxz = 0, Syx = 0, Syy = 0, Syz = 0, Szx = 0, Szy = 0, Szz = 0; // prettier-ignore
  let sourceVar = 0;
  for (let i = 0; i < count; i++) {
    const w = weights ? weights[i]! : 1;
    if (w === 0) continue;
    const ax = source[i * 3]! - sx;
    const ay = source[i * 3 + 1]! - sy;
    const az = source[i * 3 + 2]! - sz;
    const bx = target[i * 3]! - tx;
    const by = target[i * 3 + 1]! - ty;
    const bz = target[i * 3 + 2]! - tz;
    Sxx += w * ax * bx;
    Sxy += w * ax * by;
    Sxz += w * ax * bz;
    Syx += w * ay * bx;
    Syy += w * ay * by;
    Syz += w * ay * bz;
    Szx += w * az * bx;
    Szy += w * az * by;
    Szz += w * az * bz;
    sourceVar += w * (ax * ax + ay * ay + az * az);
  }
  N[0] = Sxx + Syy + Szz;
  N[1] = N[4] = Syz - Szy;
  N[2] = N[8] = Szx - Sxz;
  N[3] = N[12] = Sxy - Syx;
  N[5] = Sxx - Syy - Szz;
  N[6] = N[9] = Sxy + Syx;
  N[7] = N[13] = Szx + Sxz;
  N[10] = -Sxx + Syy - Szz;
  N[11] = N[14] = Syz + Szy;
  N[15] = -Sxx - Syy + Szz;
  dominantEigenvector4(quat);
  const R = quaternionToMatrix(quat[0] ?? 1, quat[1]!, quat[2]!, quat[3]!, out.rotation);
  if (allowScale) {
    // s = sum w b.(R a) / sum w |a|^2 = trace(R S) / var, with S = sum w a b^T.
    const traceRS =
      R[0]! * Sxx + R[1]! * Syx + R[2]! * Szx +
      R[3]! * Sxy + R[4]! * Syy + R[5]! * Szy +
      R[6]! * Sxz + R[7]! * Syz + R[8]! * Szz; // prettier-ignore
    out.scale = traceRS / sourceVar;
  }
  const s = out.scale;
  out.translation[0] = tx - s * (R[0]! * sx + R[1]! * sy + R[2]! * sz);
  out.translation[1] = ty - s * (R[3]! * sx + R[4]! * sy + R[5]! * sz);
  out.translation[2] = tz - s * (R[6]! * sx + R[7]! * sy + R[8]! * sz);
  return out;
}

/** Applies target = s R p + t to packed xyz points. */
export function applySimilarity(sim: Similarity, points: ArrayLike<number>, count: number, out: Float64Array) {
  const R = sim.rotation;
  const s = sim.scale;
  const t = sim.translation;
  for (let i = 0; i < count; i++) {
    const x = points[i * 3]!;
    const y = points[i * 3 + 1]!;
    const z = points[i * 3 + 2]!;
    out[i * 3] = s * (R[0]! * x + R[1]! * y + R[2]! * z) + t[0]!;
    out[i * 3 + 1] = s * (R[3]! * x + R[4]! * y + R[5]! * z) + t[1]!;
    out[i * 3 + 2] = s * (R[6]! * x + R[7]! * y + R[8]! * z) + t[2]!;
  }
  return out;
}

/** Applies the inverse, p = R^T (target - t) / s. */
export function applyInverseSimilarity(sim: Similarity, points: ArrayLike<number>, count: number, out: Float64Array) {
  const R = sim.rotation;
  const inv = 1 / sim.scale;
  const t = sim.translation;
  for (let i = 0; i < count; i++) {
    const x = points[i * 3]! - t[0]!;
    const y = points[i * 3 + 1]! - t[1]!;
    const z = points[i * 3 + 2]! - t[2]!;
    out[i * 3] = inv * (R[0]! * x + R[3]! * y + R[6]! * z);
    out[i * 3 + 1] = inv * (R[1]! * x + R[4]! * y + R[7]! * z);
    out[i * 3 + 2] = inv * (R[2]! * x + R[5]! * y + R[8]! * z);
  }
  return out;
}
