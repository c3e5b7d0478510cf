import { attrInt, axesOf, normAxis, type ShapeContext } from '../../onnx';
import { sizeOf } from '../../onnx';
import { emit, gy, input, type GradContext, type GradRule } from './context';

/** The reduced axes of a Reduce* node, or undefined when it is a no-op (noop_with_empty_axes). */
function reducedAxes(ctx: GradContext): number[] | undefined {
  const { g, node } = ctx;
  const dims = g.dims(input(ctx, 0));
  const has = (i: number): boolean => node.inputs[i] !== undefined && node.inputs[i] !== '';
  const view: ShapeContext = {
    node,
    hasInput: has,
    type: (i) => g.type(node.inputs[i] as string),
    constant: (i) => (has(i) ? g.constant(node.inputs[i] as string) : undefined),
  };
  const axes = axesOf(view, 1);
  if (!axes || axes.length === 0)
    return attrInt(node, 'noop_with_empty_axes', 0) === 1 ? undefined : dims.map((_, i) => i);
  return axes.map((a) => normAxis(ctx, a, dims.length));
}

/** The output gradient broadcast back over the reduced axes, times scale. */
function spread(ctx: GradContext, scale: number): string {
  const { g } = ctx;
  const dims = g.dims(input(ctx, 0));
  const axes = reducedAxes(ctx);
  if (!axes) return gy(ctx);
  const kept = dims.map((d, i) => (axes.includes(i) ? 1 : d));
  let grad = emit.reshape(g, gy(ctx), kept);
  if (scale !== 1) grad = emit.scale(g, grad, scale);
  return g.op1('Expand', [grad, g.ints('shape', dims)], {}, 'grad_reduce');
}

const count = (ctx: GradContext): number => {
  const dims = ctx.g.dims(input(ctx, 0));
  const axes = reducedAxes(ctx);
  return axes ? sizeOf(axes.map((a) => dims[a] as number)) : 1;
};

export const reduceRules: Record<string, GradRule> = {
  ReduceSum: (ctx) => [spread(ctx, 1), undefined],
  ReduceMean: (ctx) => [spread(ctx, 1 / count(ctx)), undefined],
  ReduceSumSquare: (ctx) => [emit.mul(ctx.g, spread(ctx, 2), input(ctx, 0)), undefined],
};
