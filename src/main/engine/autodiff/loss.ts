import type { ShapedGraph } from '../onnx';
import { inlineGraph, openModel } from './compose';

/**
 * A term of the scalar loss. Targets become graph inputs fed at run time, so one gradient graph
 * serves every target image.
 */
export type LossTerm =
  /** weight * mean((output - target)^2); `target` names a new input of output's shape. */
  | { kind: 'mse'; output: string; target: string; weight?: number }
  /**
   * weight * mean((F(output) - target)^2) where F is `network` (ModelProto bytes) up to value `layer`;
   * `target` names a new input holding F(target image), see modelWithOutputs.
   */
  | { kind: 'feature-mse'; output: string; network: Uint8Array; layer: string; target: string; weight?: number }
  /** weight * mean(value): a scalar the forward graph already computes, or any tensor. */
  | { kind: 'mean'; output: string; weight?: number }
  /** StyleGAN2's noise regularisation: squared autocorrelation at 1-pixel shifts over a pyramid of each [1,1,H,W] tensor. */
  | { kind: 'noise-regularisation'; tensors: string[]; weight?: number };

export interface LossSpec {
  terms: LossTerm[];
}

export interface BuiltLoss {
  loss: string;
  /** Per-term weighted values, in the order of spec.terms. */
  terms: string[];
  /** Inputs the loss added (targets), with their shapes. */
  targets: { name: string; dims: number[] }[];
}

const scalarMean = (g: ShapedGraph, x: string, base: string): string =>
  g.op1('ReduceMean', [x], { keepdims: { i: 0 } }, base);

function weighted(g: ShapedGraph, value: string, weight: number | undefined): string {
  if (weight === undefined || weight === 1) return value;
  return g.op1('Mul', [value, g.floats('loss_weight', [], [weight])], {}, 'loss_term');
}

function mseAgainstNewInput(g: ShapedGraph, value: string, target: string): string {
  if (g.has(target)) throw new Error(`target name ${target} is already used in the graph`);
  g.addInput(target, 'float32', g.dims(value));
  const diff = g.op1('Sub', [value, target], {}, 'loss_diff');
  return scalarMean(g, g.op1('Mul', [diff, diff], {}, 'loss_sq'), 'loss_mse');
}

/** Shifts x by one along axis with wrap-around (torch.roll(x, 1, axis)). */
function roll(g: ShapedGraph, x: string, axis: number): string {
  const size = g.dims(x)[axis] as number;
  const last = g.op1('Slice', [x, g.ints('s', [size - 1]), g.ints('e', [size]), g.ints('a', [axis])], {}, 'roll_last');
  const rest = g.op1('Slice', [x, g.ints('s', [0]), g.ints('e', [size - 1]), g.ints('a', [axis])], {}, 'roll_rest');
  return g.op1('Concat', [last, rest], { axis: { i: axis } }, 'roll');
}

function noiseRegularisation(g: ShapedGraph, tensors: string[]): string {
  const parts: string[] = [];
  for (const name of tensors) {
    let noise = name;
    for (;;) {
      for (const axis of [3, 2]) {
        const corr = scalarMean(g, g.op1('Mul', [noise, roll(g, noise, axis)], {}, 'noise_corr'), 'noise_corr_mean');
        parts.push(g.op1('Mul', [corr, corr], {}, 'noise_corr_sq'));
      }
      const [, , h] = g.dims(noise) as number[];
      if ((h as number) <= 8) break;
      noise = g.op1(
        'AveragePool',
        [noise],
        { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } },
        'noise_down',
      );
    }
  }
  return parts.length === 1 ? (parts[0] as string) : g.op1('Sum', parts, {}, 'noise_reg');
}

/** Appends the loss terms to g and their weighted sum as one scalar. */
export function appendLoss(g: ShapedGraph, spec: LossSpec): BuiltLoss {
  if (spec.terms.length === 0) throw new Error('the loss has no terms');
  const terms: string[] = [];
  const targets: BuiltLoss['targets'] = [];
  for (const term of spec.terms) {
    let value: string;
    switch (term.kind) {
      case 'mse':
        value = mseAgainstNewInput(g, term.output, term.target);
        targets.push({ name: term.target, dims: g.dims(term.target) });
        break;
      case 'feature-mse': {
        const network = openModel(term.network);
        if (network.inputs.length !== 1) throw new Error('the feature network must have exactly one input');
        const features = inlineGraph(
          g,
          network,
          { [(network.inputs[0] as { name: string }).name]: term.output },
          [term.layer],
          'features',
        ).get(term.layer) as string;
        value = mseAgainstNewInput(g, features, term.target);
        targets.push({ name: term.target, dims: g.dims(term.target) });
        break;
      }
      case 'mean':
        value = scalarMean(g, term.output, 'loss_mean');
        break;
      case 'noise-regularisation':
        value = noiseRegularisation(g, term.tensors);
        break;
    }
    terms.push(weighted(g, value, term.weight));
  }
  const loss = terms.length === 1 ? (terms[0] as string) : g.op1('Sum', terms, {}, 'loss_sum');
  return { loss, terms, targets };
}
