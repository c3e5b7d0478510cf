import {
  EXPRESSION_LAYER_IDS,
  TRANSFER_LAYERS,
  expressionAlphas,
  mixExpression,
  type CappedAngle,
  type ExpressionAlphas,
  type ExpressionLayerId,
  type ExpressionTransfer,
  type GeneratorLayer,
  type LayerMix,
  type RenderTarget,
} from '../../../../shared/generate';
import { RIG_POINT_COUNT, type HeadRotation } from '../../../../shared/rig';
import { computeTarget, computeTargetWithinLimits, type WarpGeometry } from './warp-geometry';
import {
  MOUTH_CENTRE_VERTEX,
  MOUTH_INNER_LOOP,
  RING_COUNT,
  RING_START,
  SILHOUETTE,
  WARP_VERTEX_COUNT,
} from './warp-topology';

/**
 * The warp's layers: the five parts of a face that expression transfer mixes (src/shared/generate
 * expression-layers), then the expression detail layer (the source photo's wrinkles as a ratio
 * image, expression-detail.ts). Each alpha mixes the portrait's rig state (0) with the expression
 * source's (1); with no expression source they have no effect. The painted mouth interior and the
 * iris are always on: they are how the warp draws any open mouth or turned gaze, not a choice.
 */
export const WARP_LAYERS: GeneratorLayer[] = [...TRANSFER_LAYERS];

const DEFAULT_ALPHAS = Object.fromEntries(
  WARP_LAYERS.filter((layer) => (EXPRESSION_LAYER_IDS as readonly string[]).includes(layer.id)).map((layer) => [
    layer.id,
    layer.defaultAlpha,
  ]),
) as Record<ExpressionLayerId, number>;

/** The alphas a mix gives the warp's layers (defaults where not named). */
export function warpAlphas(mix: LayerMix): ExpressionAlphas {
  return expressionAlphas(mix, DEFAULT_ALPHAS);
}

/**
 * Per-vertex weights of one layer over the warp's vertices, from an array over face-mesh points
 * (478, or any length: points past it weigh 1) or over every warp vertex. Vertices outside the face
 * mesh take their face neighbour's weight: the mouth centre the inner lips' mean, ring vertices
 * their silhouette point's (the border never moves, so its weight does not matter).
 */
export function expandVertexWeights(weights: Float32Array, out: Float32Array): Float32Array {
  if (weights.length >= WARP_VERTEX_COUNT) {
    out.set(weights.subarray(0, WARP_VERTEX_COUNT));
    return out;
  }
  const at = (i: number): number => (i < weights.length ? Math.min(1, Math.max(0, weights[i]!)) : 1);
  for (let v = 0; v < RIG_POINT_COUNT; v++) out[v] = at(v);
  let mouth = 0;
  for (const v of MOUTH_INNER_LOOP) mouth += at(v);
  out[MOUTH_CENTRE_VERTEX] = mouth / MOUTH_INNER_LOOP.length;
  const n = SILHOUETTE.length;
  for (let r = 0; r < RING_COUNT; r++) for (let i = 0; i < n; i++) out[RING_START + r * n + i] = at(SILHOUETTE[i]!);
  for (let v = RING_START + RING_COUNT * n; v < WARP_VERTEX_COUNT; v++) out[v] = 1;
  return out;
}

export interface LayeredTargetInput {
  appearance: RenderTarget;
  expression: ExpressionTransfer | null;
  mix: LayerMix;
  /** Layer id -> per-vertex weight multiplying the layer's alpha (see expandVertexWeights); others weigh 1. */
  layerVertexWeights?: Readonly<Record<string, Float32Array>>;
}

/**
 * The target mesh of a frame (into `out`): the appearance state with each layer mixed towards the
 * expression source. Without per-vertex weights the mix happens on the coefficients (one rig
 * evaluation). A layer with weights is taken out again where its weight is below 1: the mesh with
 * that layer at alpha 0 is computed too, and each vertex moves back towards it by (1 - weight).
 * The rig is linear in its coefficients, so for a uniform weight w this equals alpha * w.
 */
export function computeLayeredTarget(
  geometry: WarpGeometry,
  input: LayeredTargetInput,
  coefficients: Float32Array,
  out: Float32Array,
): { capped: CappedAngle[]; head: HeadRotation } {
  const alphas = warpAlphas(input.mix);
  const mixed = mixExpression(input.appearance, input.expression, alphas);
  coefficients.set(mixed.coefficients);
  const { head, capped } = computeTargetWithinLimits(geometry, coefficients, mixed.head, out);
  const weights = input.layerVertexWeights;
  if (!input.expression || !weights) return { capped, head };
  let full: Float32Array | null = null;
  let without: Float32Array | null = null;
  let weight: Float32Array | null = null;
  for (const id of EXPRESSION_LAYER_IDS) {
    const layerWeights = weights[id];
    if (!layerWeights || alphas[id] === 0) continue;
    full ??= Float32Array.from(out);
    without ??= new Float32Array(WARP_VERTEX_COUNT * 3);
    weight = expandVertexWeights(layerWeights, weight ?? new Float32Array(WARP_VERTEX_COUNT));
    const alt = mixExpression(input.appearance, input.expression, { ...alphas, [id]: 0 });
    // The head layer off: the appearance head; any other layer off: the head this frame shows.
    computeTarget(geometry, alt.coefficients, id === 'head' ? alt.head : head, without);
    for (let v = 0; v < WARP_VERTEX_COUNT; v++) {
      const keep = 1 - weight[v]!;
      if (keep === 0) continue;
      for (let a = 0; a < 3; a++) out[v * 3 + a] = out[v * 3 + a]! - keep * (full[v * 3 + a]! - without[v * 3 + a]!);
    }
  }
  return { capped, head };
}
