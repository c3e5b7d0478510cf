import { RIG_POINT_COUNT } from '../topology/rig-points';
import { evaluateRig, identityNeutral, projectToImage, canonicalIdentity, type RigIdentity } from '../rig-model';
import type { HeadPose } from '../pose';

/** Small seeded PRNG (mulberry32) so synthetic data is reproducible across runs and machines. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal sample (Box-Muller). */
export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Image landmarks (478 points, facemesh conventions) of the rig posed with the given
 * coefficients and identity, with optional isotropic Gaussian noise of `noiseFaceWidths` face
 * widths per coordinate. For tests, benchmarks and previews of what a fit should recover.
 */
export function synthesizeLandmarks(
  coefficients: ArrayLike<number>,
  pose: HeadPose,
  options: { identity?: RigIdentity; noiseFaceWidths?: number; random?: () => number } = {},
): Float64Array {
  const model = evaluateRig(identityNeutral(options.identity ?? canonicalIdentity()), coefficients);
  const image = projectToImage(model, pose, new Float64Array(RIG_POINT_COUNT * 3));
  const noise = (options.noiseFaceWidths ?? 0) * pose.scale;
  if (noise > 0) {
    const random = options.random ?? Math.random;
    for (let j = 0; j < image.length; j++) image[j] = image[j]! + noise * gaussian(random);
  }
  return image;
}
