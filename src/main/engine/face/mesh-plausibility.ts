import { flipImageCamera, getBlendshapeBasis, RIG_POINT_COUNT } from '../../../shared/rig';
import { applyInverseSimilarity, createSimilarity, fitSimilarity } from '../../../shared/rig/math/similarity';

/**
 * How human a fitted face mesh looks: the mesh model always returns a human-shaped mesh, but on an
 * animal or a cartoon it is stretched to eyes, snout and jaw that are not where a person's are.
 * The measure is the root-mean-square distance (in face widths) between the 468 mesh points and
 * the rig's canonical human face after the best similarity (rotation, scale, shift): the
 * proportions that no head pose explains.
 *
 * Measured on human faces (the five fixture portraits and all 657 frames of the three fixture
 * driving videos, landmarks from tests/fixtures/rig-eval): 0.013-0.054, the widest open mouths
 * highest; the stylised 3D render of a boy 0.029. The bounds sit above that. No animal photo is
 * among the fixtures, so where animals fall is not measured; the presence score is the other half
 * of the decision (analyze-image.ts).
 */
export const PLAUSIBLE_UP_TO = 0.07;
export const IMPLAUSIBLE_FROM = 0.1;

const weights = new Float64Array(RIG_POINT_COUNT).fill(1, 0, 468);

/** Root-mean-square misfit of the mesh to the canonical face after a similarity, in face widths. */
export function meshMisfit(landmarks: ArrayLike<number>): number {
  const count = landmarks.length / 3;
  const camera = new Float64Array(RIG_POINT_COUNT * 3);
  flipImageCamera(landmarks, Math.min(count, RIG_POINT_COUNT), camera);
  const neutral = Float64Array.from(getBlendshapeBasis().neutral);
  const similarity = createSimilarity();
  fitSimilarity(neutral, camera, weights, RIG_POINT_COUNT, similarity);
  const model = new Float64Array(RIG_POINT_COUNT * 3);
  applyInverseSimilarity(similarity, camera, RIG_POINT_COUNT, model);
  let sum = 0;
  for (let j = 0; j < 468 * 3; j++) sum += (model[j]! - neutral[j]!) ** 2;
  return Math.sqrt(sum / 468);
}

/** 1 for a mesh with human proportions, falling to 0 at IMPLAUSIBLE_FROM. */
export function meshPlausibility(landmarks: ArrayLike<number>): number {
  const misfit = meshMisfit(landmarks);
  return Math.min(1, Math.max(0, (IMPLAUSIBLE_FROM - misfit) / (IMPLAUSIBLE_FROM - PLAUSIBLE_UP_TO)));
}
