import { FACE_MESH_POINT_COUNT, FACE_MESH_UV } from './facemesh-topology';
import { IRIS_MIRROR, RIG_POINT_COUNT } from './rig-points';

let cached: Int32Array | null = null;

/**
 * Index of each rig point's left/right mirror partner (points on the midline map to themselves).
 * MediaPipe's canonical UV layout is symmetric about u = 0.5 to within 0.0012, so the partner of
 * a point is the point nearest to its reflected UV.
 */
export function mirrorIndex(): Int32Array {
  if (cached) return cached;
  const map = new Int32Array(RIG_POINT_COUNT);
  for (let i = 0; i < FACE_MESH_POINT_COUNT; i++) {
    const u = 1 - (FACE_MESH_UV[2 * i] ?? 0);
    const v = FACE_MESH_UV[2 * i + 1] ?? 0;
    let best = i;
    let bestDistance = Infinity;
    for (let j = 0; j < FACE_MESH_POINT_COUNT; j++) {
      const du = (FACE_MESH_UV[2 * j] ?? 0) - u;
      const dv = (FACE_MESH_UV[2 * j + 1] ?? 0) - v;
      const d = du * du + dv * dv;
      if (d < bestDistance) {
        bestDistance = d;
        best = j;
      }
    }
    map[i] = best;
  }
  for (const [a, b] of IRIS_MIRROR) {
    map[a] = b;
    map[b] = a;
  }
  cached = map;
  return map;
}

/**
 * Mirrors a per-point field of 3-vectors across the x = 0 plane: out[i] = reflect(field[mirror(i)]).
 * Used to build every Right shape from its Left twin, so the pairs are exact mirror images.
 */
export function mirrorField(field: Float64Array, out: Float64Array = new Float64Array(field.length)): Float64Array {
  const map = mirrorIndex();
  for (let i = 0; i < RIG_POINT_COUNT; i++) {
    const j = map[i] ?? i;
    out[i * 3] = -(field[j * 3] ?? 0);
    out[i * 3 + 1] = field[j * 3 + 1] ?? 0;
    out[i * 3 + 2] = field[j * 3 + 2] ?? 0;
  }
  return out;
}
