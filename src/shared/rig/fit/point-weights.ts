import { FACE_MESH_REGIONS as R } from '../topology/facemesh-topology';
import { RIG_POINT_COUNT } from '../topology/rig-points';
import { ALL_LIPS, LEFT_BROW, mandibleWeights } from '../shapes/anatomy';
import { mirrorIndex } from '../topology/mirror';

/**
 * Per-point weights of the least-squares fit. Face-outline points are down-weighted because
 * landmark detectors place them least reliably (they slide along the silhouette); iris points
 * only count when the landmarks include them (478).
 */
export function fitPointWeights(count: number): Float64Array {
  const w = new Float64Array(RIG_POINT_COUNT);
  for (let i = 0; i < Math.min(count, RIG_POINT_COUNT); i++) w[i] = 1;
  for (const i of R.silhouette) w[i] = 0.5;
  return w;
}

/**
 * Weights for the first rigid alignment of a frame, before any expression is known: points
 * that expressions barely move (forehead, nose, eye corners, temples) count; mouth, jaw, lids
 * and brows do not.
 */
export function stablePointWeights(): Float64Array {
  const mirror = mirrorIndex();
  const mandible = mandibleWeights();
  const moving = new Set<number>([
    ...ALL_LIPS,
    ...LEFT_BROW,
    ...LEFT_BROW.map((i) => mirror[i]!),
    ...R.leftEyeUpper0,
    ...R.leftEyeLower0,
    ...R.rightEyeUpper0,
    ...R.rightEyeLower0,
    ...R.leftEyeUpper1,
    ...R.rightEyeUpper1,
  ]);
  const w = new Float64Array(RIG_POINT_COUNT);
  for (let i = 0; i < 468; i++) w[i] = moving.has(i) ? 0 : Math.max(0, 1 - 1.5 * mandible[i]!);
  return w;
}
