import type { ShapedGraph } from '../../onnx';
import { attrInt, attrInts, attrString, normAxis, type ShapeContext } from '../../onnx';
import { sliceGeometry, splitSizes } from '../../onnx';
import { sizeOf, toNumbers } from '../../onnx';
import { emit, gy, input, refuse, unbroadcast, type GradContext, type GradRule } from './context';

/** The shape-rule view of a forward node, to reuse the geometry the shape layer computed. */
function shapeView(ctx: GradContext): ShapeContext {
  const { g, node } = ctx;
  const has = (i: number): boolean => node.inputs[i] !== undefined && node.inputs[i] !== '';
  return {
    node,
    hasInput: has,
    type: (i) => g.type(node.inputs[i] as string),
    constant: (i) => (has(i) ? g.constant(node.inputs[i] as string) : undefined),
  };
}

const reshapeBack: GradRule = (ctx) => [emit.reshape(ctx.g, gy(ctx), ctx.g.dims(input(ctx, 0)))];

/**
 * Adjoint of picking `indices` along axis 1 of a [pre, K, post] gradient: a product with the
 * one-hot matrix P[k, indices[k]], which also adds up repeated indices.
 */
function scatterAlongAxis(
  g: ShapedGraph,
  grad: string,
  dims: number[],
  axis: number,
  indices: number[],
  size: number,
): string {
  const pre = sizeOf(dims.slice(0, axis));
  const post = sizeOf(dims.slice(axis + 1));
  const k = indices.length;
  const oneHot = new Float32Array(k * size);
  indices.forEach((index, row) => (oneHot[row * size + index] = 1));
  const p = g.floats('one_hot', [k, size], oneHot);
  const outDims = [...dims];
  outDims[axis] = size;
  if (post === 1) {
    return emit.reshape(g, g.op1('MatMul', [emit.reshape(g, grad, [pre, k]), p], {}, 'grad_scatter'), outDims);
  }
  const moved = emit.transpose(g, emit.reshape(g, grad, [pre, k, post]), [0, 2, 1]);
  const scattered = g.op1('MatMul', [moved, p], {}, 'grad_scatter');
  return emit.reshape(g, emit.transpose(g, scattered, [0, 2, 1]), outDims);
}

function zerosLike(g: ShapedGraph, dims: number[]): string {
  return g.op1('Expand', [g.floats('zero', [], [0]), g.ints('shape', dims)], {}, 'zeros');
}

export const shapeOpRules: Record<string, GradRule> = {
  Reshape: reshapeBack,
  Flatten: reshapeBack,
  Squeeze: reshapeBack,
  Unsqueeze: reshapeBack,
  Transpose: (ctx) => {
    const rank = ctx.g.dims(input(ctx, 0)).length;
    const perm = attrInts(ctx.node, 'perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
    const inverse = new Array<number>(rank);
    perm.forEach((p, i) => (inverse[p] = i));
    return [emit.transpose(ctx.g, gy(ctx), inverse)];
  },
  Expand: (ctx) => [unbroadcast(ctx.g, gy(ctx), ctx.g.dims(input(ctx, 0)))],
  Concat: (ctx) => {
    const { g, node } = ctx;
    const rank = g.dims(input(ctx, 0)).length;
    const axis = normAxis(ctx, attrInt(node, 'axis', 0), rank);
    const sizes = node.inputs.map((name) => g.dims(name)[axis] as number);
    const parts = g.op('Split', [gy(ctx), g.ints('split', sizes)], { axis: { i: axis } }, sizes.length, 'grad_concat');
    return parts.map((p, i) => (ctx.needs(i) ? p : undefined));
  },
  Split: (ctx) => {
    const { g, node } = ctx;
    const { axis } = splitSizes(shapeView(ctx));
    const parts = node.outputs.map((o, i) => ctx.gradOut(i) ?? zerosLike(g, g.dims(node.outputs[i] ?? o)));
    return [g.op1('Concat', parts, { axis: { i: axis } }, 'grad_split')];
  },
  Slice: (ctx) => {
    const { g } = ctx;
    const xDims = g.dims(input(ctx, 0));
    const geometry = sliceGeometry(shapeView(ctx));
    if (geometry.every((s) => s.step === 1)) {
      const begin = xDims.map(() => 0);
      const end = xDims.map(() => 0);
      for (const s of geometry) {
        begin[s.axis] = s.start;
        end[s.axis] = (xDims[s.axis] as number) - s.start - s.length;
      }
      return [g.op1('Pad', [gy(ctx), g.ints('pads', [...begin, ...end])], {}, 'grad_slice')];
    }
    let grad = gy(ctx);
    let dims = g.dims(grad);
    for (const s of geometry) {
      const indices = Array.from({ length: s.length }, (_, i) => s.start + i * s.step);
      grad = scatterAlongAxis(g, grad, dims, s.axis, indices, xDims[s.axis] as number);
      dims = g.dims(grad);
    }
    return [grad];
  },
  Gather: (ctx) => {
    const { g, node } = ctx;
    const xDims = g.dims(input(ctx, 0));
    const axis = normAxis(ctx, attrInt(node, 'axis', 0), xDims.length);
    const indicesTensor = g.constant(input(ctx, 1));
    if (!indicesTensor) refuse(ctx, 'indices must be constant to differentiate Gather');
    const size = xDims[axis] as number;
    const indices = toNumbers(indicesTensor).map((i) => (i < 0 ? i + size : i));
    const flatDims = [...xDims.slice(0, axis), indices.length, ...xDims.slice(axis + 1)];
    const grad = emit.reshape(g, gy(ctx), flatDims);
    return [scatterAlongAxis(g, grad, flatDims, axis, indices, size), undefined];
  },
  Pad: (ctx) => {
    const { g, node } = ctx;
    if (attrString(node, 'mode', 'constant') !== 'constant')
      refuse(ctx, 'only constant padding is differentiable here');
    const xDims = g.dims(input(ctx, 0));
    const pads = toNumbers(g.constant(input(ctx, 1)) ?? refuse(ctx, 'pads must be constant'));
    const axes = node.inputs[3]
      ? toNumbers(g.constant(input(ctx, 3)) ?? refuse(ctx, 'axes must be constant')).map((a) =>
          normAxis(ctx, a, xDims.length),
        )
      : xDims.map((_, i) => i);
    if (pads.some((p) => p < 0)) refuse(ctx, 'negative pads (cropping) are not supported');
    const starts = axes.map((_, i) => pads[i] as number);
    const ends = axes.map((a, i) => (pads[i] as number) + (xDims[a] as number));
    return [
      g.op1('Slice', [gy(ctx), g.ints('starts', starts), g.ints('ends', ends), g.ints('axes', axes)], {}, 'grad_pad'),
    ];
  },
};
