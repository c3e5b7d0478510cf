import { readModel, writeModel, type Graph, type ValueInfo } from '../onnx';
import { ShapedGraph } from '../onnx';
import type { Tensor } from '../onnx';
import { appendBackward } from './backward';
import { appendLoss, type LossSpec } from './loss';

export interface GradientGraphOptions {
  /** Forward values to output as well (for example the generated image). */
  keepOutputs?: string[];
  /**
   * Initializers to turn into graph inputs (for example noise buffers to optimise); their stored
   * values are returned in `promoted` so a caller can feed them unchanged.
   */
  promote?: string[];
  /** Dims for inputs the model declares with symbolic sizes (for example a batch axis exported as dynamic). */
  inputDims?: Record<string, number[]>;
}

export interface GradientGraph {
  /** ModelProto bytes: standard ONNX ops only, opset 17. */
  model: Uint8Array;
  /** Every input the model expects (forward inputs, promoted initializers, loss targets). */
  inputs: ValueInfo[];
  /** Output name of the scalar loss. */
  loss: string;
  /** Output names of each loss term's weighted value, in the order of the spec. */
  terms: string[];
  /** wrt input -> output name of its gradient (same shape as the input). */
  gradients: Record<string, string>;
  /** Initial values of the promoted initializers. */
  promoted: Record<string, Tensor>;
}

function promoteInitializers(graph: Graph, names: string[]): Record<string, Tensor> {
  const promoted: Record<string, Tensor> = {};
  for (const name of names) {
    const tensor = graph.initializers.get(name);
    if (!tensor) throw new Error(`the model has no initializer named ${name} to optimise`);
    if (tensor.dtype !== 'float32')
      throw new Error(`initializer ${name} is ${tensor.dtype}; only float32 ones can be optimised`);
    graph.initializers.delete(name);
    graph.inputs.push({ name, dtype: 'float32', dims: tensor.dims });
    promoted[name] = tensor;
  }
  return promoted;
}

/**
 * Builds one ONNX graph computing the forward model, the scalar loss of `spec` and the loss's
 * gradient with respect to each input (or promoted initializer) named in wrt. Refuses, naming the
 * node, an op it does not know or a shape it cannot resolve statically.
 */
export function buildGradientGraph(
  forwardModel: Uint8Array,
  spec: LossSpec,
  wrt: string[],
  options: GradientGraphOptions = {},
): GradientGraph {
  if (wrt.length === 0) throw new Error('name at least one input to differentiate with respect to');
  const graph = readModel(forwardModel);
  const promoted = promoteInitializers(graph, options.promote ?? []);
  const g = ShapedGraph.fromGraph(graph, options.inputDims);
  for (const w of wrt) {
    const input = g.inputs.find((i) => i.name === w);
    if (!input) throw new Error(`${w} is not an input of the model (nor a promoted initializer)`);
    if (input.dtype !== 'float32') throw new Error(`${w} is ${input.dtype}; gradients need a float32 input`);
  }
  const forwardOutputs = g.outputs.map((o) => o.name);
  const built = appendLoss(g, spec);
  const grads = appendBackward(g, built.loss, wrt);

  g.outputs = [];
  const expose = (value: string, base: string): string => {
    const name = g.op1('Identity', [value], {}, base);
    g.addOutput(name);
    return name;
  };
  const loss = expose(built.loss, 'loss');
  const terms = built.terms.map((t, i) => expose(t, `loss_term_${i}`));
  const gradients: Record<string, string> = {};
  for (const w of wrt) gradients[w] = expose(grads.get(w) as string, `grad_${w.replace(/[^A-Za-z0-9_]/g, '_')}`);
  for (const name of options.keepOutputs ?? []) {
    if (!g.has(name)) throw new Error(`the model has no value named ${name} to output`);
    if (!forwardOutputs.includes(name) && !g.nodes.some((n) => n.outputs.includes(name))) {
      throw new Error(`${name} is not computed by the model`);
    }
    g.addOutput(name);
  }
  const out = g.toGraph();
  return {
    model: writeModel(out, {
      producerName: 'mien-autodiff',
      docString: `gradients of a loss with respect to ${wrt.join(', ')}`,
    }),
    inputs: out.inputs,
    loss,
    terms,
    gradients,
    promoted,
  };
}

/**
 * The same forward model and loss without the backward pass (outputs the loss only): the baseline
 * a gradient iteration is compared with in bench/autodiff.
 */
export function buildLossGraph(
  forwardModel: Uint8Array,
  spec: LossSpec,
  inputDims: Record<string, number[]> = {},
): { model: Uint8Array; loss: string; inputs: ValueInfo[] } {
  const g = ShapedGraph.fromGraph(readModel(forwardModel), inputDims);
  const built = appendLoss(g, spec);
  g.outputs = [];
  const loss = g.op1('Identity', [built.loss], {}, 'loss');
  g.addOutput(loss);
  const out = g.toGraph();
  return { model: writeModel(out, { producerName: 'mien-autodiff' }), loss, inputs: out.inputs };
}
