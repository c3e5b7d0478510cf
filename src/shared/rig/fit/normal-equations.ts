import { BLENDSHAPE_COUNT } from '../arkit-names';
import { getBlendshapeBasis } from '../blendshape-basis';
import { getIdentityBasis } from '../identity-basis';
import { RIG_POINT_COUNT } from '../topology/rig-points';
import { FIT_PRIORS, addExpressionPriors, expressionL1Weights } from './fit-priors';
import { fitPointWeights } from './point-weights';

/**
 * Normal matrices of the rig fit for one landmark count. The basis is fixed, so C^T W C and
 * every prior (all quadratic or linear in the coefficients) are computed once; a frame only
 * changes the right-hand side.
 */
export interface NormalEquations {
  /** per-point weights of the fit (0 for missing iris points) */
  weights: Float64Array;
  /** data + priors over expressions then identity modes (variables x variables, row-major) */
  joint: Float64Array;
  /** joint plus the identity anchor on the identity diagonal (the identity fit's last stage) */
  anchored: Float64Array;
  /** joint with a heavy ridge on the expressions (the identity fit's first stage: expressions near 0) */
  restrained: Float64Array;
  /** the leading expressions x expressions block of joint (fits with a given identity) */
  expressions: Float64Array;
  /** L1 weight of each expression coefficient, subtracted from its right-hand side */
  l1: Float64Array;
}

/** Expression then identity displacement columns, [variable][point xyz]. */
export function rigColumns(): Float64Array {
  const size = RIG_POINT_COUNT * 3;
  const identityBasis = getIdentityBasis();
  const columns = new Float64Array(BLENDSHAPE_COUNT * size + identityBasis.length);
  columns.set(getBlendshapeBasis().deltas);
  columns.set(identityBasis, BLENDSHAPE_COUNT * size);
  return columns;
}

export function buildNormalEquations(columns: Float64Array, variables: number, count: number): NormalEquations {
  const size = RIG_POINT_COUNT * 3;
  const weights = fitPointWeights(count);
  const n = variables;
  const joint = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let s = 0;
      const oa = a * size;
      const ob = b * size;
      for (let i = 0; i < RIG_POINT_COUNT; i++) {
        const w = weights[i]!;
        if (w === 0) continue;
        const j = i * 3;
        s +=
          w *
          (columns[oa + j]! * columns[ob + j]! +
            columns[oa + j + 1]! * columns[ob + j + 1]! +
            FIT_PRIORS.depthWeight * columns[oa + j + 2]! * columns[ob + j + 2]!);
      }
      joint[a * n + b] = s;
      joint[b * n + a] = s;
    }
  }
  const l1 = expressionL1Weights(joint, n);
  // Identity prior first: the pair penalties are sized to keep the whole matrix definite.
  for (let m = BLENDSHAPE_COUNT; m < n; m++) joint[m * n + m] = joint[m * n + m]! + FIT_PRIORS.identityRidge;
  addExpressionPriors(joint, n);
  const anchored = Float64Array.from(joint);
  for (let m = BLENDSHAPE_COUNT; m < n; m++) anchored[m * n + m] = anchored[m * n + m]! + FIT_PRIORS.identityAnchor;
  const restrained = Float64Array.from(joint);
  for (let k = 0; k < BLENDSHAPE_COUNT; k++)
    restrained[k * n + k] = restrained[k * n + k]! + FIT_PRIORS.restrainedRidge;
  const e = BLENDSHAPE_COUNT;
  const expressions = new Float64Array(e * e);
  for (let r = 0; r < e; r++) for (let c = 0; c < e; c++) expressions[r * e + c] = joint[r * n + c]!;
  return { weights, joint, anchored, restrained, expressions, l1 };
}
