import { afterAll, describe, expect, it } from 'vitest';
import type { ShapedGraph } from '../../../src/main/engine/onnx/shaped-graph';
import { sizeOf } from '../../../src/main/engine/onnx/tensor';
import type { OnnxAttr } from '../../../src/main/engine/onnx/writer';
import { gaussian, gradCheck, type CheckInput } from './gradcheck';

/**
 * Finite-difference gradient checks, one per op and attribute combination. The objective is
 * sum(op(x) * R); central differences of the forward model against the gradient graph (float32).
 * Where ORT has double kernels for the op the differences are taken in float64 (eps 1e-5) and the
 * float32 gradient must agree to 1e-5; elsewhere (Conv, ConvTranspose, AveragePool, Resize...)
 * in float32 (eps 1e-2), where rounding alone scatters them by ~1e-3. Inputs of kinked ops (Relu,
 * MaxPool...) stay farther than eps from their kinks.
 */
const TOLERANCE = { float64: 1e-5, float32: 5e-3 };

const randn = (dims: number[], seed = 1): CheckInput => {
  const r = gaussian(seed);
  return { dims, data: Float32Array.from({ length: sizeOf(dims) }, r) };
};
/** Values with |x| >= 0.1, away from 0 where Relu-like ops kink. */
const awayFromZero = (dims: number[], seed = 2): CheckInput => {
  const r = gaussian(seed);
  return {
    dims,
    data: Float32Array.from({ length: sizeOf(dims) }, () => {
      const v = r();
      return Math.sign(v) * (0.1 + Math.abs(v));
    }),
  };
};
const positive = (dims: number[], seed = 3): CheckInput => {
  const r = gaussian(seed);
  return { dims, data: Float32Array.from({ length: sizeOf(dims) }, () => 0.5 + Math.abs(r())) };
};
/** Distinct values 0.05 apart in shuffled order: a max never changes under an eps step. */
const distinct = (dims: number[], seed = 4): CheckInput => {
  const n = sizeOf(dims);
  const values = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.05);
  const r = gaussian(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(((((r() * 0.3 + 0.5) % 1) + 1) % 1) * (i + 1));
    [values[i], values[j]] = [values[j] as number, values[i] as number];
  }
  return { dims, data: Float32Array.from(values) };
};

type Body = (g: ShapedGraph, names: string[]) => string;
const unary =
  (op: string, attrs: Record<string, OnnxAttr> = {}): Body =>
  (g, [x]) =>
    g.op1(op, [x as string], attrs);
const binary =
  (op: string): Body =>
  (g, [a, b]) =>
    g.op1(op, [a as string, b as string]);

interface Case {
  name: string;
  inputs: Record<string, CheckInput>;
  body: Body;
  wrt?: string[];
}

const cases: Case[] = [
  { name: 'Add broadcast', inputs: { a: randn([2, 3, 4]), b: randn([3, 1], 5) }, body: binary('Add') },
  { name: 'Sub broadcast', inputs: { a: randn([2, 3]), b: randn([1, 3], 5) }, body: binary('Sub') },
  { name: 'Mul broadcast', inputs: { a: randn([2, 3, 4]), b: randn([4], 5) }, body: binary('Mul') },
  { name: 'Div broadcast', inputs: { a: randn([2, 3]), b: positive([2, 1]) }, body: binary('Div') },
  {
    name: 'Sum of three',
    inputs: { a: randn([2, 3]), b: randn([3], 5), c: randn([2, 1], 6) },
    body: (g, n) => g.op1('Sum', n),
  },
  {
    name: 'Pow constant 2.5',
    inputs: { x: positive([3, 4]) },
    body: (g, [x]) => g.op1('Pow', [x as string, g.floats('p', [], [2.5])]),
  },
  {
    name: 'Pow constant -1',
    inputs: { x: positive([3, 4]) },
    body: (g, [x]) => g.op1('Pow', [x as string, g.floats('p', [], [-1])]),
  },
  { name: 'Sqrt', inputs: { x: positive([3, 4]) }, body: unary('Sqrt') },
  { name: 'Reciprocal', inputs: { x: positive([3, 4]) }, body: unary('Reciprocal') },
  { name: 'Neg', inputs: { x: randn([3, 4]) }, body: unary('Neg') },
  { name: 'Exp', inputs: { x: randn([3, 4]) }, body: unary('Exp') },
  { name: 'Log', inputs: { x: positive([3, 4]) }, body: unary('Log') },
  { name: 'Relu', inputs: { x: awayFromZero([3, 4]) }, body: unary('Relu') },
  { name: 'LeakyRelu 0.2', inputs: { x: awayFromZero([3, 4]) }, body: unary('LeakyRelu', { alpha: { f: 0.2 } }) },
  { name: 'LeakyRelu default', inputs: { x: awayFromZero([3, 4]) }, body: unary('LeakyRelu') },
  { name: 'Sigmoid', inputs: { x: randn([3, 4]) }, body: unary('Sigmoid') },
  { name: 'Tanh', inputs: { x: randn([3, 4]) }, body: unary('Tanh') },
  { name: 'Identity', inputs: { x: randn([3, 4]) }, body: unary('Identity') },
  {
    name: 'Constant node',
    inputs: { x: randn([3, 4]) },
    body: (g, [x]) => {
      const c = g.op1('Constant', [], {
        value: { t: { dtype: 'float32', dims: [4], data: Float32Array.of(1, 2, 3, 4) } },
      });
      return g.op1('Mul', [x as string, c]);
    },
  },
  { name: 'MatMul 2-D', inputs: { a: randn([3, 4]), b: randn([4, 5], 5) }, body: binary('MatMul') },
  {
    name: 'MatMul batched broadcast',
    inputs: { a: randn([2, 1, 3, 4]), b: randn([3, 4, 2], 5) },
    body: binary('MatMul'),
  },
  ...[
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ].map(([ta, tb]) => ({
    name: `Gemm transA=${ta} transB=${tb} alpha beta`,
    inputs: { a: randn(ta ? [4, 3] : [3, 4]), b: randn(tb ? [5, 4] : [4, 5], 5), c: randn([5], 6) },
    body: ((g, [a, b, c]) =>
      g.op1('Gemm', [a as string, b as string, c as string], {
        transA: { i: ta as number },
        transB: { i: tb as number },
        alpha: { f: 0.7 },
        beta: { f: 1.3 },
      })) as Body,
  })),
  { name: 'Gemm without C', inputs: { a: randn([3, 4]), b: randn([4, 2], 5) }, body: binary('Gemm') },
  ...convCases(),
  {
    name: 'ConvTranspose stride 2 pad 1 output_padding 1',
    inputs: { x: randn([1, 3, 4, 4]), w: randn([3, 2, 3, 3], 5), b: randn([2], 6) },
    body: (g, [x, w, b]) =>
      g.op1('ConvTranspose', [x as string, w as string, b as string], {
        strides: { ints: [2, 2] },
        pads: { ints: [1, 1, 1, 1] },
        output_padding: { ints: [1, 1] },
      }),
  },
  {
    name: 'ConvTranspose groups 2 kernel 4 stride 2 (batch 2)',
    inputs: { x: randn([2, 4, 3, 3]), w: randn([4, 1, 4, 4], 5) },
    body: (g, [x, w]) =>
      g.op1('ConvTranspose', [x as string, w as string], {
        strides: { ints: [2, 2] },
        pads: { ints: [1, 1, 1, 1] },
        group: { i: 2 },
      }),
  },
  {
    name: 'ConvTranspose dilation 2',
    inputs: { x: randn([1, 2, 4, 5]), w: randn([2, 3, 2, 2], 5) },
    body: (g, [x, w]) => g.op1('ConvTranspose', [x as string, w as string], { dilations: { ints: [2, 2] } }),
  },
  {
    name: 'MaxPool 2x2 stride 2',
    inputs: { x: distinct([2, 2, 4, 6]) },
    body: unary('MaxPool', { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } }),
  },
  {
    name: 'MaxPool 3x3 stride 2 pad 1 (overlapping)',
    inputs: { x: distinct([1, 2, 5, 5], 8) },
    body: unary('MaxPool', { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] } }),
  },
  {
    name: 'AveragePool 2x2 stride 2',
    inputs: { x: randn([2, 2, 4, 4]) },
    body: unary('AveragePool', { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } }),
  },
  {
    name: 'AveragePool 3x3 pad 1 exclude pad',
    inputs: { x: randn([1, 2, 5, 4]) },
    body: unary('AveragePool', { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] } }),
  },
  {
    name: 'AveragePool 3x2 stride 2 pad include pad',
    inputs: { x: randn([1, 2, 5, 5]) },
    body: unary('AveragePool', {
      kernel_shape: { ints: [3, 2] },
      strides: { ints: [2, 2] },
      pads: { ints: [1, 0, 1, 1] },
      count_include_pad: { i: 1 },
    }),
  },
  { name: 'GlobalAveragePool', inputs: { x: randn([2, 3, 4, 5]) }, body: unary('GlobalAveragePool') },
  {
    name: 'Pad constant 0.5',
    inputs: { x: randn([1, 2, 3, 3]) },
    body: (g, [x]) => g.op1('Pad', [x as string, g.ints('pads', [0, 0, 1, 2, 0, 0, 2, 1]), g.floats('v', [], [0.5])]),
  },
  ...resizeCases(),
  {
    name: 'Reshape',
    inputs: { x: randn([2, 3, 4]) },
    body: (g, [x]) => g.op1('Reshape', [x as string, g.ints('s', [4, -1])]),
  },
  { name: 'Transpose', inputs: { x: randn([2, 3, 4]) }, body: unary('Transpose', { perm: { ints: [2, 0, 1] } }) },
  { name: 'Flatten axis 2', inputs: { x: randn([2, 3, 4]) }, body: unary('Flatten', { axis: { i: 2 } }) },
  {
    name: 'Squeeze',
    inputs: { x: randn([2, 1, 4]) },
    body: (g, [x]) => g.op1('Squeeze', [x as string, g.ints('a', [1])]),
  },
  {
    name: 'Unsqueeze',
    inputs: { x: randn([2, 4]) },
    body: (g, [x]) => g.op1('Unsqueeze', [x as string, g.ints('a', [0, 2])]),
  },
  {
    name: 'Expand',
    inputs: { x: randn([3, 1]) },
    body: (g, [x]) => g.op1('Expand', [x as string, g.ints('s', [2, 3, 4])]),
  },
  {
    name: 'Concat axis 1',
    inputs: { a: randn([2, 1, 3]), b: randn([2, 2, 3], 5), c: randn([2, 3, 3], 6) },
    body: (g, n) => g.op1('Concat', n, { axis: { i: 1 } }),
    wrt: ['a', 'c'],
  },
  {
    name: 'Split uneven, one part unused',
    inputs: { x: randn([2, 7]) },
    body: (g, [x]) => {
      const [p, , r] = g.op('Split', [x as string, g.ints('s', [2, 3, 2])], { axis: { i: 1 } }, 3);
      return g.op1('Concat', [p as string, r as string], { axis: { i: 1 } });
    },
  },
  {
    name: 'Slice steps 1',
    inputs: { x: randn([3, 6]) },
    body: (g, [x]) => g.op1('Slice', [x as string, g.ints('s', [1, -5]), g.ints('e', [3, 100]), g.ints('a', [0, 1])]),
  },
  {
    name: 'Slice step 2 and negative step',
    inputs: { x: randn([4, 7]) },
    body: (g, [x]) =>
      g.op1('Slice', [
        x as string,
        g.ints('s', [0, -1]),
        g.ints('e', [4, -8]),
        g.ints('a', [0, 1]),
        g.ints('st', [2, -3]),
      ]),
  },
  {
    name: 'Gather axis 1 repeated indices',
    inputs: { x: randn([2, 5, 3]) },
    body: (g, [x]) =>
      g.op1(
        'Gather',
        [x as string, g.addConstant('i', { dtype: 'int64', dims: [2, 2], data: BigInt64Array.of(0n, 3n, 3n, -1n) })],
        { axis: { i: 1 } },
      ),
  },
  {
    name: 'ReduceMean axes 2,3 keepdims',
    inputs: { x: randn([2, 3, 4, 5]) },
    body: unary('ReduceMean', { axes: { ints: [2, 3] } }),
  },
  {
    name: 'ReduceSum axes input no keepdims',
    inputs: { x: randn([2, 3, 4]) },
    body: (g, [x]) => g.op1('ReduceSum', [x as string, g.ints('a', [-1])], { keepdims: { i: 0 } }),
  },
  { name: 'ReduceSum all', inputs: { x: randn([2, 3]) }, body: unary('ReduceSum') },
  { name: 'ReduceSumSquare', inputs: { x: randn([2, 3, 4]) }, body: unary('ReduceSumSquare', { axes: { ints: [1] } }) },
];

function convCases(): Case[] {
  const conv =
    (attrs: Record<string, OnnxAttr>): Body =>
    (g, names) =>
      g.op1('Conv', names, attrs);
  return [
    {
      name: 'Conv 3x3 pad 1',
      inputs: { x: randn([1, 2, 5, 5]), w: randn([3, 2, 3, 3], 5) },
      body: conv({ pads: { ints: [1, 1, 1, 1] } }),
    },
    {
      name: 'Conv stride 2 asymmetric pads with bias (batch 2)',
      inputs: { x: randn([2, 2, 6, 5]), w: randn([3, 2, 3, 2], 5), b: randn([3], 6) },
      body: conv({ strides: { ints: [2, 2] }, pads: { ints: [0, 1, 1, 0] } }),
    },
    {
      name: 'Conv dilation 2',
      inputs: { x: randn([1, 2, 7, 6]), w: randn([2, 2, 3, 3], 5) },
      body: conv({ dilations: { ints: [2, 2] } }),
    },
    {
      name: 'Conv groups 2 stride 2',
      inputs: { x: randn([2, 4, 6, 6]), w: randn([6, 2, 3, 3], 5) },
      body: conv({ group: { i: 2 }, strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] } }),
    },
    {
      name: 'Conv depthwise',
      inputs: { x: randn([1, 3, 5, 5]), w: randn([3, 1, 3, 3], 5) },
      body: conv({ group: { i: 3 } }),
    },
    {
      name: 'Conv auto_pad SAME_UPPER stride 2',
      inputs: { x: randn([1, 2, 5, 6]), w: randn([2, 2, 3, 3], 5) },
      body: conv({ auto_pad: { s: 'SAME_UPPER' }, strides: { ints: [2, 2] } }),
    },
    {
      // The modulated conv of StyleGAN2's grouped export: a per-sample weight computed at run time, groups = batch.
      name: 'Conv groups = batch with a computed weight',
      inputs: { x: randn([1, 6, 5, 5]), w: randn([4, 3, 3, 3], 5), s: positive([2, 1, 3, 1, 1], 6) },
      body: (g, [x, w, s]) => {
        const modulated = g.op1('Mul', [g.op1('Unsqueeze', [w as string, g.ints('a', [0])]), s as string]);
        const weight = g.op1('Reshape', [modulated, g.ints('shape', [8, 3, 3, 3])]);
        return g.op1('Conv', [x as string, weight], { group: { i: 2 }, pads: { ints: [1, 1, 1, 1] } });
      },
    },
  ];
}

function resizeCases(): Case[] {
  const resize =
    (attrs: Record<string, OnnxAttr>, scales?: number[], sizes?: number[]): Body =>
    (g, [x]) =>
      g.op1(
        'Resize',
        [x as string, '', scales ? g.floats('scales', [4], scales) : '', ...(sizes ? [g.ints('sizes', sizes)] : [])],
        attrs,
      );
  return [
    {
      name: 'Resize nearest x2 asymmetric floor',
      inputs: { x: randn([1, 2, 3, 4]) },
      body: resize(
        { mode: { s: 'nearest' }, coordinate_transformation_mode: { s: 'asymmetric' }, nearest_mode: { s: 'floor' } },
        [1, 1, 2, 2],
      ),
    },
    {
      name: 'Resize nearest x0.5 default',
      inputs: { x: randn([1, 2, 6, 4]) },
      body: resize({ mode: { s: 'nearest' } }, [1, 1, 0.5, 0.5]),
    },
    {
      name: 'Resize linear x2 half_pixel',
      inputs: { x: randn([2, 2, 3, 4]) },
      body: resize({ mode: { s: 'linear' } }, [1, 1, 2, 2]),
    },
    {
      name: 'Resize linear sizes align_corners',
      inputs: { x: randn([1, 2, 3, 4]) },
      body: resize(
        { mode: { s: 'linear' }, coordinate_transformation_mode: { s: 'align_corners' } },
        undefined,
        [1, 2, 7, 5],
      ),
    },
    {
      name: 'Resize linear sizes pytorch_half_pixel down',
      inputs: { x: randn([1, 1, 7, 8]) },
      body: resize(
        { mode: { s: 'linear' }, coordinate_transformation_mode: { s: 'pytorch_half_pixel' } },
        undefined,
        [1, 1, 3, 5],
      ),
    },
  ];
}

describe('gradient of every supported op against finite differences', () => {
  const report: string[] = [];
  afterAll(() => {
    if (process.env.MIEN_GRADCHECK_REPORT) console.log(report.join('\n'));
  });
  for (const c of cases) {
    it(c.name, async () => {
      const result = await gradCheck(c.name, c.inputs, c.body, { wrt: c.wrt });
      report.push(
        `${c.name}: worst ${result.worst.toExponential(2)} over ${result.checked} probes (${result.reference} reference)`,
      );
      expect(result.checked).toBeGreaterThan(0);
      expect(result.worst, `worst relative error ${result.worst.toExponential(2)}`).toBeLessThan(
        TOLERANCE[result.reference],
      );
    });
  }
});
