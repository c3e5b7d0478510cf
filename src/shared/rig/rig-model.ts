import { BLENDSHAPE_COUNT } from './arkit-names';
import { getBlendshapeBasis } from './blendshape-basis';
import { IDENTITY_MODE_COUNT, getIdentityBasis } from './identity-basis';
import { poseToSimilarity, type HeadPose } from './pose';
import { applySimilarity, createSimilarity } from './math/similarity';
import { RIG_POINT_COUNT } from './topology/rig-points';

/**
 * A person's own neutral face: identity-mode coefficients (proportions) plus a per-point detail
 * offset (what the modes cannot express), both in canonical units.
 */
export interface RigIdentity {
  /** IDENTITY_MODE_COUNT values, regularised towards 0 */
  modes: Float32Array;
  /** RIG_POINT_COUNT * 3 offsets, or null for none */
  detail: Float32Array | null;
}

export function canonicalIdentity(): RigIdentity {
  return { modes: new Float32Array(IDENTITY_MODE_COUNT), detail: null };
}

/** The identity's neutral points: canonical + modes + detail (xyz per point). */
export function identityNeutral(identity: RigIdentity, out = new Float32Array(RIG_POINT_COUNT * 3)): Float32Array {
  const basis = getBlendshapeBasis();
  const modes = getIdentityBasis();
  const size = RIG_POINT_COUNT * 3;
  out.set(basis.neutral);
  for (let k = 0; k < IDENTITY_MODE_COUNT; k++) {
    const a = identity.modes[k] ?? 0;
    if (a === 0) continue;
    const offset = k * size;
    for (let j = 0; j < size; j++) out[j] = out[j]! + a * modes[offset + j]!;
  }
  if (identity.detail) for (let j = 0; j < size; j++) out[j] = out[j]! + identity.detail[j]!;
  return out;
}

/** Model-frame points of a neutral shape deformed by 52 coefficients (not clamped here). */
export function evaluateRig(
  neutral: ArrayLike<number>,
  coefficients: ArrayLike<number>,
  out = new Float32Array(RIG_POINT_COUNT * 3),
): Float32Array {
  const { deltas } = getBlendshapeBasis();
  const size = RIG_POINT_COUNT * 3;
  for (let j = 0; j < size; j++) out[j] = neutral[j]!;
  for (let k = 0; k < BLENDSHAPE_COUNT; k++) {
    const c = coefficients[k] ?? 0;
    if (c === 0) continue;
    const offset = k * size;
    for (let j = 0; j < size; j++) out[j] = out[j]! + c * deltas[offset + j]!;
  }
  return out;
}

/** Model-frame points to image landmarks (x, y pixels with y down, z like facemesh) under a head pose. */
export function projectToImage(
  modelPoints: ArrayLike<number>,
  pose: HeadPose,
  out = new Float64Array(modelPoints.length),
): Float64Array {
  const count = modelPoints.length / 3;
  applySimilarity(poseToSimilarity(pose, createSimilarity()), modelPoints, count, out);
  for (let i = 0; i < count; i++) {
    out[i * 3 + 1] = -out[i * 3 + 1]!;
    out[i * 3 + 2] = -out[i * 3 + 2]!;
  }
  return out;
}
