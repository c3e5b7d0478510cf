import type { GraphNode } from '../../onnx';
import { GraphError } from '../../onnx';
import type { ShapedGraph } from '../../onnx';

/** What a gradient rule sees: the graph to emit into, the forward node and the gradients of its outputs. */
export interface GradContext {
  g: ShapedGraph;
  node: GraphNode;
  /** Gradient of output i, or undefined when nothing downstream of it reaches the loss. */
  gradOut(i: number): string | undefined;
  /** Whether input i needs a gradient (it depends on a wrt input and is differentiable). */
  needs(i: number): boolean;
}

/** Returns, for each input, the name of its gradient (undefined where none is needed). */
export type GradRule = (ctx: GradContext) => (string | undefined)[];

export function refuse(ctx: GradContext, reason: string): never {
  throw new GraphError(ctx.node.name, ctx.node.op, reason);
}

/** The gradient of output 0, which every single-output rule needs. */
export function gy(ctx: GradContext): string {
  const g = ctx.gradOut(0);
  if (g === undefined) throw new Error(`internal error: ${ctx.node.name} has no output gradient`);
  return g;
}

export const input = (ctx: GradContext, i: number): string => ctx.node.inputs[i] as string;
export const output = (ctx: GradContext, i = 0): string => ctx.node.outputs[i] as string;

/** Sums gradient over the axes that broadcasting added or stretched, so it has the shape of the operand. */
export function unbroadcast(g: ShapedGraph, grad: string, targetDims: number[]): string {
  const dims = g.dims(grad);
  const lead = dims.length - targetDims.length;
  const axes: number[] = [];
  dims.forEach((d, i) => {
    if (i < lead || (targetDims[i - lead] === 1 && d !== 1)) axes.push(i);
  });
  let result = grad;
  if (axes.length > 0) result = g.op1('ReduceSum', [grad, g.ints('axes', axes)], { keepdims: { i: 1 } }, 'grad_sum');
  if (lead > 0 || axes.length > 0) {
    const now = g.dims(result);
    if (now.join(',') !== targetDims.join(','))
      result = g.op1('Reshape', [result, g.ints('shape', targetDims)], {}, 'grad');
  }
  return result;
}

/** Emit helpers: one line per node keeps the rules readable. */
export const emit = {
  mul: (g: ShapedGraph, a: string, b: string) => g.op1('Mul', [a, b], {}, 'grad_mul'),
  div: (g: ShapedGraph, a: string, b: string) => g.op1('Div', [a, b], {}, 'grad_div'),
  add: (g: ShapedGraph, a: string, b: string) => g.op1('Add', [a, b], {}, 'grad_add'),
  sub: (g: ShapedGraph, a: string, b: string) => g.op1('Sub', [a, b], {}, 'grad_sub'),
  neg: (g: ShapedGraph, a: string) => g.op1('Neg', [a], {}, 'grad_neg'),
  scale: (g: ShapedGraph, a: string, k: number) => g.op1('Mul', [a, g.floats('k', [], [k])], {}, 'grad_scale'),
  reshape: (g: ShapedGraph, a: string, dims: number[]) =>
    g.dims(a).join(',') === dims.join(',') ? a : g.op1('Reshape', [a, g.ints('shape', dims)], {}, 'grad_reshape'),
  transpose: (g: ShapedGraph, a: string, perm: number[]) => g.op1('Transpose', [a], { perm: { ints: perm } }, 'grad_t'),
};
