import { z } from 'zod';
import {
  ARKIT_BLENDSHAPE_NAMES,
  eulerDegreesToMatrix,
  matrixToEulerDegrees,
  type ArkitBlendshapeName,
  type HeadRotation,
} from '../rig';
import { RenderTarget, type GeneratorLayer } from './generator-types';

/**
 * Expression transfer's layers (issue 9): the parts of a face that mix between the appearance
 * portrait's rig state (alpha 0) and an expression source's (alpha 1), one alpha each. Every ARKit
 * coefficient belongs to exactly one layer; head pose is a layer of its own. See docs/generator.md,
 * "Layers and transfer".
 */
export const EXPRESSION_LAYER_IDS = ['head', 'brows', 'eyes', 'nose', 'mouth'] as const;
export type ExpressionLayerId = (typeof EXPRESSION_LAYER_IDS)[number];
export type CoefficientLayerId = Exclude<ExpressionLayerId, 'head'>;

/** The layers as a backend declares them (the warp's; the layers panel lists them). */
export const EXPRESSION_LAYERS: readonly GeneratorLayer[] = [
  {
    id: 'head',
    name: 'Head pose',
    controls: 'Yaw, pitch and roll of the head from the expression source (relative to its neutral).',
    defaultAlpha: 0,
  },
  {
    id: 'brows',
    name: 'Brows',
    controls: 'Brows raised, lowered and knitted (browInnerUp, browOuterUp, browDown).',
    defaultAlpha: 1,
  },
  {
    id: 'eyes',
    name: 'Eyes and gaze',
    controls: 'Blinks, squint, wide eyes and where the eyes look (eyeBlink, eyeSquint, eyeWide, eyeLook).',
    defaultAlpha: 1,
  },
  { id: 'nose', name: 'Nose and cheeks', controls: 'Nose sneer, cheek squint and puff.', defaultAlpha: 1 },
  {
    id: 'mouth',
    name: 'Mouth and jaw',
    controls: 'Jaw, lips and tongue: open, smile, frown, pucker, funnel, press, stretch...',
    defaultAlpha: 1,
  },
];

/**
 * The expression detail layer (issue 9, "Fine detail"): the expression source photo's wrinkles
 * (forehead lines, frown lines, crow's feet, smile lines) laid over the render as a ratio image.
 * It moves no vertex, so it is not one of EXPRESSION_LAYER_IDS (the rig mix); default 0, so scenes
 * saved before it existed render as they did.
 */
export const EXPRESSION_DETAIL_LAYER_ID = 'wrinkles';
export const EXPRESSION_DETAIL_LAYER: GeneratorLayer = {
  id: EXPRESSION_DETAIL_LAYER_ID,
  name: 'Expression detail',
  controls:
    "Wrinkles of the expression photo (forehead and frown lines, crow's feet, smile lines) as a ratio image on the skin.",
  defaultAlpha: 0,
};

/** Every layer of expression transfer: the rig layers, then the detail layer (the layers panel's rows, the CLI's names). */
export const TRANSFER_LAYERS: readonly GeneratorLayer[] = [...EXPRESSION_LAYERS, EXPRESSION_DETAIL_LAYER];
export const TRANSFER_LAYER_IDS: readonly string[] = TRANSFER_LAYERS.map((layer) => layer.id);

/** The layer a coefficient belongs to: by its ARKit name's region. */
export function layerOfCoefficient(name: ArkitBlendshapeName): CoefficientLayerId {
  if (name.startsWith('brow')) return 'brows';
  // Lids, squint, wide and gaze (eyeLook*): the eyes move as one.
  if (name.startsWith('eye')) return 'eyes';
  if (name.startsWith('nose') || name.startsWith('cheek')) return 'nose';
  // jaw*, mouth*, tongueOut.
  return 'mouth';
}

/** Per layer, the indices (ARKit order) of its coefficients. */
export const LAYER_COEFFICIENT_INDICES: Readonly<Record<CoefficientLayerId, readonly number[]>> = (() => {
  const out: Record<CoefficientLayerId, number[]> = { brows: [], eyes: [], nose: [], mouth: [] };
  ARKIT_BLENDSHAPE_NAMES.forEach((name, k) => out[layerOfCoefficient(name)].push(k));
  return out;
})();

/**
 * The expression source as the generator receives it: its rig state and its own neutral.
 * 'relative': each layer adds the source's change from its neutral (state - neutral) to the
 * portrait's own state, so neither face's identity or resting expression leaks into the other.
 * 'absolute': each layer takes the source's values as they are (the neutral is unused).
 */
export const ExpressionTransfer = z.object({
  state: RenderTarget,
  neutral: RenderTarget,
  mode: z.enum(['relative', 'absolute']),
});
export type ExpressionTransfer = z.infer<typeof ExpressionTransfer>;

/** Alphas of the expression layers, each in [0, 1]. */
export type ExpressionAlphas = Readonly<Record<ExpressionLayerId, number>>;

export interface MixedRigState {
  /** 52 values, ARKit order, clamped to [0, 1]. */
  coefficients: Float32Array;
  head: HeadRotation;
}

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

/**
 * The rig state a frame is rendered towards: the appearance state with each layer moved towards
 * the expression source by its alpha. Without a source the appearance state is returned unchanged
 * (alphas have no effect). Head pose mixes as a rotation: relative mode applies alpha times the
 * source's turn away from its neutral (axis-angle scaled through Euler angles of the delta, exact
 * for alpha 0 and 1) on top of the portrait's head.
 */
export function mixExpression(
  appearance: RenderTarget,
  transfer: ExpressionTransfer | null,
  alphas: ExpressionAlphas,
): MixedRigState {
  const coefficients = new Float32Array(ARKIT_BLENDSHAPE_NAMES.length);
  ARKIT_BLENDSHAPE_NAMES.forEach((name, k) => {
    const own = appearance.coefficients[name];
    if (!transfer) {
      coefficients[k] = own;
      return;
    }
    const alpha = clamp01(alphas[layerOfCoefficient(name)]);
    const source = transfer.state.coefficients[name];
    const wanted = transfer.mode === 'absolute' ? source : own + source - transfer.neutral.coefficients[name];
    coefficients[k] = clamp01(own + alpha * (clamp01(wanted) - own));
  });
  const head = transfer ? mixHead(appearance.head, transfer, clamp01(alphas.head)) : { ...appearance.head };
  return { coefficients, head };
}

function mixHead(own: HeadRotation, transfer: ExpressionTransfer, alpha: number): HeadRotation {
  if (alpha === 0) return { ...own };
  const source = transfer.state.head;
  if (transfer.mode === 'absolute') {
    return {
      yawDeg: own.yawDeg + alpha * (source.yawDeg - own.yawDeg),
      pitchDeg: own.pitchDeg + alpha * (source.pitchDeg - own.pitchDeg),
      rollDeg: own.rollDeg + alpha * (source.rollDeg - own.rollDeg),
    };
  }
  // The source's turn away from its neutral, R_delta = R_source R_neutral^T, scaled by alpha, then
  // applied to the portrait's head: R = R_delta(alpha) R_own.
  const neutral = transfer.neutral.head;
  const delta = matrixToEulerDegrees(multiply(rotation(source), transpose(rotation(neutral))));
  const scaled = rotation({
    yawDeg: alpha * delta.yawDeg,
    pitchDeg: alpha * delta.pitchDeg,
    rollDeg: alpha * delta.rollDeg,
  });
  return matrixToEulerDegrees(multiply(scaled, rotation(own)));
}

const rotation = (head: HeadRotation): Float64Array => eulerDegreesToMatrix(head.yawDeg, head.pitchDeg, head.rollDeg);

function multiply(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++)
      out[r * 3 + c] = a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
  }
  return out;
}

function transpose(a: Float64Array): Float64Array {
  return Float64Array.from([a[0]!, a[3]!, a[6]!, a[1]!, a[4]!, a[7]!, a[2]!, a[5]!, a[8]!]);
}

/** The alpha of each expression layer a mix gives (its default when the mix does not name it). */
export function expressionAlphas(mix: Readonly<Record<string, number>>, defaults: ExpressionAlphas): ExpressionAlphas {
  const out = { ...defaults };
  for (const id of EXPRESSION_LAYER_IDS) {
    const given = mix[id];
    if (given !== undefined && Number.isFinite(given)) out[id] = clamp01(given);
  }
  return out;
}
