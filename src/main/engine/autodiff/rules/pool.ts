import { attrInt, attrInts } from '../../onnx';
import { sizeOf } from '../../onnx';
import { emit, gy, input, refuse, type GradRule } from './context';

export const poolRules: Record<string, GradRule> = {
  // The max's position comes from MaxPool's Indices output; the gradient is scattered (added) back there.
  MaxPool: (ctx) => {
    const { g, node } = ctx;
    if (attrInt(node, 'storage_order', 0) !== 0) refuse(ctx, 'storage_order = 1 is not supported');
    const x = input(ctx, 0);
    const xDims = g.dims(x);
    const indices =
      node.outputs[1] && node.outputs[1] !== ''
        ? (node.outputs[1] as string)
        : (g.op('MaxPool', [x], { ...node.attrs }, 2, 'pool_argmax')[1] as string);
    const flatIndices = emit.reshape(g, indices, [sizeOf(g.dims(indices))]);
    const flatGrad = emit.reshape(g, gy(ctx), [sizeOf(g.dims(gy(ctx)))]);
    const zeros = g.op1(
      'ConstantOfShape',
      [g.ints('shape', [sizeOf(xDims)])],
      { value: { t: { dtype: 'float32', dims: [1], data: new Float32Array(1) } } },
      'zeros',
    );
    const scattered = g.op1(
      'ScatterElements',
      [zeros, flatIndices, flatGrad],
      { axis: { i: 0 }, reduction: { s: 'add' } },
      'grad_maxpool',
    );
    return [emit.reshape(g, scattered, xDims)];
  },
  // Each input cell receives gy / (cells in the window) of every window it is in: a transposed conv with a box kernel.
  AveragePool: (ctx) => {
    const { g, node } = ctx;
    const x = input(ctx, 0);
    const [n, c, h, w] = g.dims(x) as [number, number, number, number];
    const grad = gy(ctx);
    const [, , ho, wo] = g.dims(grad) as [number, number, number, number];
    const k = attrInts(node, 'kernel_shape') as number[];
    const s = attrInts(node, 'strides') ?? [1, 1];
    const pads = attrInts(node, 'pads') ?? [0, 0, 0, 0];
    const includePad = attrInt(node, 'count_include_pad', 0) === 1 || pads.every((p) => p === 0);
    let scaled: string;
    if (includePad) {
      scaled = emit.scale(g, grad, 1 / ((k[0] as number) * (k[1] as number)));
    } else {
      const counts = new Float32Array(ho * wo);
      const span = (o: number, axis: number, size: number): number => {
        const start = o * (s[axis] as number) - (pads[axis] as number);
        return Math.min(start + (k[axis] as number), size) - Math.max(start, 0);
      };
      for (let i = 0; i < ho; i++)
        for (let j = 0; j < wo; j++) counts[i * wo + j] = 1 / (span(i, 0, h) * span(j, 1, w));
      scaled = emit.mul(g, grad, g.floats('pool_inv_counts', [ho, wo], counts));
    }
    const box = g.floats('box', [1, 1, k[0] as number, k[1] as number], new Float32Array(sizeOf(k)).fill(1));
    const outPad = [0, 1].map(
      (i) =>
        [h, w][i]! -
        ((i === 0 ? ho : wo) - 1) * (s[i] as number) -
        (k[i] as number) +
        (pads[i] as number) +
        (pads[i + 2] as number),
    );
    const spread = g.op1(
      'ConvTranspose',
      [emit.reshape(g, scaled, [n * c, 1, ho, wo]), box],
      { strides: { ints: s }, pads: { ints: pads }, output_padding: { ints: outPad } },
      'grad_avgpool',
    );
    return [emit.reshape(g, spread, [n, c, h, w])];
  },
  GlobalAveragePool: (ctx) => {
    const { g } = ctx;
    const xDims = g.dims(input(ctx, 0));
    const scaled = emit.scale(g, gy(ctx), 1 / sizeOf(xDims.slice(2)));
    return [g.op1('Expand', [scaled, g.ints('shape', xDims)], {}, 'grad_gap')];
  },
};
