import type { ShapedGraph } from '../../onnx';
import { attrInt, attrInts } from '../../onnx';
import { emit, gy, input, refuse, type GradContext, type GradRule } from './context';

interface ConvParams {
  group: number;
  strides: number[];
  dilations: number[];
  pads: number[];
}

function params(ctx: GradContext): ConvParams {
  const node = ctx.node;
  return {
    group: attrInt(node, 'group', 1),
    strides: attrInts(node, 'strides') ?? [1, 1],
    dilations: attrInts(node, 'dilations') ?? [1, 1],
    pads: attrInts(node, 'pads') ?? [0, 0, 0, 0],
  };
}

const convAttrs = (p: ConvParams) => ({
  group: { i: p.group },
  strides: { ints: p.strides },
  dilations: { ints: p.dilations },
  pads: { ints: p.pads },
});

/** Moves dims [N, g*c, H, W] to [c, g*N, H, W] (or [g*c, N, H, W] when channelsFirst), grouping by g. */
function groupToBatch(g: ShapedGraph, x: string, group: number, channelsFirst: boolean): string {
  const [n, c, h, w] = g.dims(x) as [number, number, number, number];
  const per = c / group;
  if (group === 1) {
    return n === 1 ? emit.reshape(g, x, [c, 1, h, w]) : emit.transpose(g, x, [1, 0, 2, 3]);
  }
  const split = emit.reshape(g, x, [n, group, per, h, w]);
  return channelsFirst
    ? emit.reshape(g, emit.transpose(g, split, [1, 2, 0, 3, 4]), [group * per, n, h, w])
    : emit.reshape(g, emit.transpose(g, split, [2, 1, 0, 3, 4]), [per, group * n, h, w]);
}

/**
 * Gradient of a convolution's weight: the correlation of the input with the output gradient, done
 * as one grouped Conv with batch and channels swapped (strides and dilations swap roles). This keeps
 * a non-constant weight (modulated convs, groups = batch) on standard ops.
 */
export function convWeightGrad(g: ShapedGraph, x: string, grad: string, p: ConvParams, weightDims: number[]): string {
  if (g.dims(x)[0] === 1 && p.group === 1) return unfoldedWeightGrad(g, x, grad, p, weightDims);
  const xT = groupToBatch(g, x, p.group, false);
  const gT = groupToBatch(g, grad, p.group, true);
  let r = g.op1(
    'Conv',
    [xT, gT],
    { group: { i: p.group }, strides: { ints: p.dilations }, dilations: { ints: p.strides }, pads: { ints: p.pads } },
    'grad_w',
  );
  const [kh, kw] = weightDims.slice(2) as [number, number];
  const rd = g.dims(r);
  if ((rd[2] as number) < kh || (rd[3] as number) < kw) throw new Error('internal error: weight gradient is too small');
  if (rd[2] !== kh || rd[3] !== kw) {
    // Rows the forward pass never reached (its output size was floored) are cut off.
    r = g.op1(
      'Slice',
      [r, g.ints('starts', [0, 0]), g.ints('ends', [kh, kw]), g.ints('axes', [2, 3])],
      {},
      'grad_w_crop',
    );
  }
  return emit.transpose(g, r, [1, 0, 2, 3]);
}

/**
 * The same for batch 1 and one group (a modulated conv at inference): the input unfolded into one
 * [kh*kw*C, Ho*Wo] matrix by kh*kw strided Slices, then one Gemm with the output gradient. ONNX
 * Runtime's Conv is slow with an image-sized kernel; this is one large, efficient matrix product.
 */
function unfoldedWeightGrad(g: ShapedGraph, x: string, grad: string, p: ConvParams, weightDims: number[]): string {
  const [m, c, kh, kw] = weightDims as [number, number, number, number];
  const [, , ho, wo] = g.dims(grad) as [number, number, number, number];
  const [pt, pl, pb, pr] = p.pads as [number, number, number, number];
  const padded = p.pads.some((v) => v !== 0)
    ? g.op1('Pad', [x, g.ints('pads', [0, 0, pt, pl, 0, 0, pb, pr])], {}, 'grad_w_pad')
    : x;
  const [sh, sw] = p.strides as [number, number];
  const [dh, dw] = p.dilations as [number, number];
  const taps: string[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const starts = g.ints('starts', [i * dh, j * dw]);
      const ends = g.ints('ends', [i * dh + sh * (ho - 1) + 1, j * dw + sw * (wo - 1) + 1]);
      taps.push(
        g.op1('Slice', [padded, starts, ends, g.ints('axes', [2, 3]), g.ints('steps', [sh, sw])], {}, 'grad_w_tap'),
      );
    }
  }
  const stacked = taps.length === 1 ? (taps[0] as string) : g.op1('Concat', taps, { axis: { i: 0 } }, 'grad_w_unfold');
  const unfolded = emit.reshape(g, stacked, [kh * kw * c, ho * wo]);
  const product = g.op1('Gemm', [unfolded, emit.reshape(g, grad, [m, ho * wo])], { transB: { i: 1 } }, 'grad_w_gemm');
  return emit.transpose(g, emit.reshape(g, product, [kh, kw, c, m]), [3, 2, 0, 1]);
}

/**
 * Gradient of a convolution's input: the transposed convolution with the same weight. For stride 1
 * it is also a plain Conv with the weight flipped and its channel axes swapped per group, which
 * ONNX Runtime runs several times faster than ConvTranspose (blocked NCHWc kernels); the weight
 * rearrangement folds away when the weight is a constant.
 */
function convInputGrad(g: ShapedGraph, grad: string, weight: string, p: ConvParams, inputDims: number[]): string {
  const [, , ho, wo] = g.dims(grad) as number[];
  const wDims = g.dims(weight) as [number, number, number, number];
  const k = wDims.slice(2);
  const span = [0, 1].map((i) => ((k[i] as number) - 1) * (p.dilations[i] as number));
  const flippedPads = [0, 1, 0, 1].map((axis, j) => (span[axis] as number) - (p.pads[j] as number));
  if (p.strides.every((s) => s === 1) && flippedPads.every((pad) => pad >= 0)) {
    const [m, cpg, kh, kw] = wDims;
    const mpg = m / p.group;
    const swapped = emit.reshape(
      g,
      emit.transpose(g, emit.reshape(g, weight, [p.group, mpg, cpg, kh, kw]), [0, 2, 1, 3, 4]),
      [p.group * cpg, mpg, kh, kw],
    );
    const flipped = g.op1(
      'Slice',
      [
        swapped,
        g.ints('starts', [-1, -1]),
        g.ints('ends', [-kh - 1, -kw - 1]),
        g.ints('axes', [2, 3]),
        g.ints('steps', [-1, -1]),
      ],
      {},
      'weight_flipped',
    );
    return g.op1(
      'Conv',
      [grad, flipped],
      { group: { i: p.group }, dilations: { ints: p.dilations }, pads: { ints: flippedPads } },
      'grad_x',
    );
  }
  const outPad = [0, 1].map(
    (i) =>
      (inputDims[i + 2] as number) -
      (((i === 0 ? ho : wo) as number) - 1) * (p.strides[i] as number) -
      ((k[i] as number) - 1) * (p.dilations[i] as number) -
      1 +
      (p.pads[i] as number) +
      (p.pads[i + 2] as number),
  );
  return g.op1('ConvTranspose', [grad, weight], { ...convAttrs(p), output_padding: { ints: outPad } }, 'grad_x');
}

const biasGrad = (g: ShapedGraph, grad: string): string =>
  g.op1('ReduceSum', [grad, g.ints('axes', [0, 2, 3])], { keepdims: { i: 0 } }, 'grad_b');

export const convRules: Record<string, GradRule> = {
  Conv: (ctx) => {
    const { g } = ctx;
    const p = params(ctx);
    const grad = gy(ctx);
    const [x, w] = [input(ctx, 0), input(ctx, 1)];
    return [
      ctx.needs(0) ? convInputGrad(g, grad, w, p, g.dims(x)) : undefined,
      ctx.needs(1) ? convWeightGrad(g, x, grad, p, g.dims(w)) : undefined,
      ctx.node.inputs[2] && ctx.needs(2) ? biasGrad(g, grad) : undefined,
    ];
  },
  ConvTranspose: (ctx) => {
    const { g } = ctx;
    const p = params(ctx);
    const grad = gy(ctx);
    const [x, w] = [input(ctx, 0), input(ctx, 1)];
    let gx: string | undefined;
    if (ctx.needs(0)) {
      gx = g.op1('Conv', [grad, w], convAttrs(p), 'grad_x');
      if (g.dims(gx).join(',') !== g.dims(x).join(','))
        refuse(ctx, 'output_padding larger than the stride is not supported');
    }
    return [
      gx,
      // A transposed convolution is the adjoint of Conv(·, W): its weight gradient swaps input and output.
      ctx.needs(1) ? convWeightGrad(g, grad, x, p, g.dims(w)) : undefined,
      ctx.node.inputs[2] && ctx.needs(2) ? biasGrad(g, grad) : undefined,
    ];
  },
};
