import { ARKIT_BLENDSHAPE_NAMES, BLENDSHAPE_COUNT, blendshapeIndex, type ArkitBlendshapeName } from '../arkit-names';

/**
 * Priors of the rig fit: what a face is likely to do, in the squared-residual units of the
 * canonical face (face width 1), so they trade directly against the landmark misfit.
 *
 * The least-squares fit alone is happy to explain a person's proportions, or a detector's
 * quirks, with any mix of expression shapes, including antagonists that cancel (mouthLeft with
 * mouthRight) and shapes the landmarks cannot see (tongueOut). These priors say: expressions are
 * sparse, antagonists are not on together, the tongue is not observed, and proportions belong to
 * the identity.
 */

/** Shapes the landmarks cannot observe: the mesh has no tongue, so tongueOut is held at 0 unless asked for. */
export const UNOBSERVABLE_SHAPES: readonly ArkitBlendshapeName[] = ['tongueOut'];

/**
 * Antagonist pairs a face does not do at once; each gets a penalty on the product of its two
 * coefficients. browDown with browInnerUp/browOuterUp is left out on purpose: the brow lowerer
 * and the frontalis do act together (FACS AU 1+4 in sadness, AU 1+2+4 in fear). The gaze pairs
 * (eyeLookIn/Out, eyeLookUp/Down per eye) need no penalty: with iris points they are solved as
 * one signed value per axis (iris-gaze.ts), without them they are held at 0.
 */
export const EXCLUSIVE_PAIRS: readonly (readonly [ArkitBlendshapeName, ArkitBlendshapeName])[] = [
  ['eyeBlinkLeft', 'eyeWideLeft'],
  ['eyeBlinkRight', 'eyeWideRight'],
  // A wide eye with a raised lower lid is the whole opening shifted up: proportions or a
  // far-side eye's landmarks under a turned head, rarely a real expression.
  ['eyeSquintLeft', 'eyeWideLeft'],
  ['eyeSquintRight', 'eyeWideRight'],
  ['jawLeft', 'jawRight'],
  ['mouthLeft', 'mouthRight'],
  ['mouthSmileLeft', 'mouthFrownLeft'],
  ['mouthSmileRight', 'mouthFrownRight'],
  // Pressing the lips together and opening the jaw are antagonists. Without this pair the lips'
  // thinning as the jaw opens wide (the jaw shape turns the lower lip rigidly, a real lip stretches)
  // read as mouthPress on every open mouth (r 0.8-0.98 with jawOpen on the fixture videos).
  ['jawOpen', 'mouthPressLeft'],
  ['jawOpen', 'mouthPressRight'],
];

/**
 * Prior strengths. Tuned on two sets at once: the synthetic round trip (tests/unit/rig/
 * roundtrip.test.ts, where the L1 costs accuracy by shrinking true coefficients) and real faces
 * (tests/unit/rig/real-face.test.ts, tools/rig/fit-portraits.ts, where it removes the many
 * mid-sized coefficients that only soak up misfit). docs/rig.md has the numbers.
 */
export const FIT_PRIORS = Object.freeze({
  /** weight of the depth coordinate in the coefficient fit (facemesh depth is a learnt guess, less reliable than x, y) */
  depthWeight: 0.5,
  /** L2 (ridge) on every expression coefficient */
  expressionRidge: 2e-4,
  /**
   * L1 on every expression coefficient, per unit column norm: a shape switches on only when the
   * residual's component along its (unit) displacement exceeds this many face widths (landmark
   * noise of 0.5% of the face width projects to about 0.005 on any one direction).
   */
  expressionL1: 0.008,
  /** L1 multiplier of the secondary shapes (SECONDARY_SHAPES) */
  secondaryL1Factor: 2,
  /**
   * Relaxed lasso: fraction of the L1 kept when the expressions it left on are re-solved with the
   * others held at 0. 0: the L1 only chooses which shapes are on, their values are unshrunk.
   */
  relaxedL1: 0,
  /**
   * Product penalty of an exclusive pair, set so the pair's penalised correlation (G_ab over
   * sqrt(G_aa G_bb)) becomes this value: antagonists start strongly negative (they cancel, so
   * both can grow together for free); a positive value makes them explain each other away like
   * two similar shapes, so the one the data supports less stays at 0. Below 1 the normal matrix
   * stays positive definite (a unit test checks the whole matrix).
   */
  exclusionCorrelation: 0.6,
  /** Identity modes are about one standard deviation at 1: a unit Gaussian prior at the fit's noise level (~1.4%). */
  identityRidge: 2e-4,
  /** Identity fit, first stage: extra ridge that holds the expressions near 0 while the identity settles. */
  restrainedRidge: 0.02,
  /** Identity fit, last (joint) stage: pull of the identity towards the first stage's estimate. */
  identityAnchor: 2e-3,
});

/**
 * Secondary shapes: small local corrections that, in a least-squares fit, mostly soak up what the
 * primary shapes of an expression do not quite reproduce on a given face (the corner pulled back
 * further than mouthSmile's own motion reads as mouthDimple, a stretched upper lip as
 * mouthRollUpper, a raised nasolabial fold as noseSneer). Their stronger L1 lets them switch on
 * only for clear evidence.
 */
export const SECONDARY_SHAPES: readonly ArkitBlendshapeName[] = [
  'mouthDimpleLeft',
  'mouthDimpleRight',
  'mouthRollLower',
  'mouthRollUpper',
  'mouthShrugLower',
  'mouthShrugUpper',
  'mouthPressLeft',
  'mouthPressRight',
  'noseSneerLeft',
  'noseSneerRight',
  'cheekPuff',
];

/** Per-expression L1 weights (subtracted from the right-hand side, as x >= 0). */
export function expressionL1Weights(dataGram: Float64Array, stride: number): Float64Array {
  const weights = new Float64Array(BLENDSHAPE_COUNT);
  for (let k = 0; k < BLENDSHAPE_COUNT; k++) {
    const secondary = SECONDARY_SHAPES.includes(ARKIT_BLENDSHAPE_NAMES[k]!) ? FIT_PRIORS.secondaryL1Factor : 1;
    weights[k] = secondary * FIT_PRIORS.expressionL1 * Math.sqrt(dataGram[k * stride + k]!);
  }
  return weights;
}

/**
 * Adds the expression priors to a normal matrix (row-major, `stride` columns, expressions
 * first): ridge on the diagonal, product penalties on the exclusive pairs' off-diagonal entries
 * (x^T G x / 2 gains lambda * a * b), each pair pushed to exclusionCorrelation.
 *
 * Each pair's own 2x2 block stays positive definite, but the whole matrix need not: a pair's
 * penalty contradicts the correlations both shapes have with their neighbours (jawLeft and
 * mouthLeft move together, so with jawLeft ~ -jawRight and mouthLeft ~ -mouthRight, making both
 * pairs repel cannot be consistent). Scaling the penalties down until the matrix is definite
 * leaves them too weak to matter (measured: about 20% of the wanted strength), so the QP is
 * allowed to be non-convex on these few pairs. Projected Gauss-Seidel still decreases the
 * objective at every step (each coordinate's curvature is its positive diagonal) and ends in a
 * local minimum, which is what the product penalty asks for: one of the two, not a blend.
 */
export function addExpressionPriors(gram: Float64Array, stride: number): void {
  const penalties = EXCLUSIVE_PAIRS.map(([nameA, nameB]) => {
    const a = blendshapeIndex(nameA);
    const b = blendshapeIndex(nameB);
    const scale = Math.sqrt(gram[a * stride + a]! * gram[b * stride + b]!);
    return { a, b, lambda: Math.max(0, FIT_PRIORS.exclusionCorrelation * scale - gram[a * stride + b]!) };
  });
  for (const { a, b, lambda } of penalties) {
    gram[a * stride + b] = gram[a * stride + b]! + lambda;
    gram[b * stride + a] = gram[b * stride + a]! + lambda;
  }
  for (let k = 0; k < BLENDSHAPE_COUNT; k++) gram[k * stride + k] = gram[k * stride + k]! + FIT_PRIORS.expressionRidge;
}
