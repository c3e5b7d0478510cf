import {
  attrInt,
  attrInts,
  attrString,
  axesOf,
  broadcastShapes,
  constInts,
  convOutputSize,
  dtypeFromCast,
  fail,
  normAxis,
  resolveAutoPad,
  spatialParams,
  type ShapeContext,
  type TensorType,
} from './shape-rules';
import { sizeOf, toNumbers } from './tensor';

type ShapeRule = (ctx: ShapeContext) => TensorType[];

const same: ShapeRule = (ctx) => [ctx.type(0)];

const broadcast: ShapeRule = (ctx) => {
  const types = ctx.node.inputs.map((_, i) => ctx.type(i));
  return [
    {
      dtype: types[0]?.dtype ?? 'float32',
      dims: broadcastShapes(
        ctx,
        types.map((t) => t.dims),
      ),
    },
  ];
};

const compare: ShapeRule = (ctx) => [
  { dtype: 'bool', dims: broadcastShapes(ctx, [ctx.type(0).dims, ctx.type(1).dims]) },
];

function sliceBounds(dim: number, start: number, end: number, step: number): { start: number; length: number } {
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  if (step > 0) {
    s = Math.min(Math.max(s, 0), dim);
    e = Math.min(Math.max(e, 0), dim);
  } else {
    s = Math.min(Math.max(s, 0), dim - 1);
    e = Math.min(Math.max(e, -1), dim - 1);
  }
  return { start: s, length: Math.max(0, Math.ceil((e - s) / step)) };
}

/** Starts and lengths of a Slice on each axis of its input, after ONNX's clamping rules. */
export function sliceGeometry(ctx: ShapeContext): { axis: number; start: number; step: number; length: number }[] {
  const dims = ctx.type(0).dims;
  const starts = constInts(ctx, 1, 'starts');
  const ends = constInts(ctx, 2, 'ends');
  const axes = ctx.hasInput(3) ? constInts(ctx, 3, 'axes') : starts.map((_, i) => i);
  const steps = ctx.hasInput(4) ? constInts(ctx, 4, 'steps') : starts.map(() => 1);
  return axes.map((a, i) => {
    const axis = normAxis(ctx, a, dims.length);
    const step = steps[i] as number;
    if (step === 0) fail(ctx, 'a slice step is 0');
    const b = sliceBounds(dims[axis] as number, starts[i] as number, ends[i] as number, step);
    return { axis, step, ...b };
  });
}

/** The split sizes of a Split node along its axis. */
export function splitSizes(ctx: ShapeContext): { axis: number; sizes: number[] } {
  const dims = ctx.type(0).dims;
  const axis = normAxis(ctx, attrInt(ctx.node, 'axis', 0), dims.length);
  const dim = dims[axis] as number;
  const fromAttr = attrInts(ctx.node, 'split');
  let sizes = fromAttr ?? (ctx.hasInput(1) ? constInts(ctx, 1, 'split') : undefined);
  if (!sizes) {
    const n = ctx.node.outputs.length;
    const chunk = Math.ceil(dim / n);
    sizes = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(chunk, dim - i * chunk)));
  }
  if (sizes.reduce((a, b) => a + b, 0) !== dim) fail(ctx, `split sizes ${sizes.join(',')} do not add up to ${dim}`);
  return { axis, sizes };
}

/** Output dims of Resize from its scales or sizes input. */
export function resizeOutputDims(ctx: ShapeContext): number[] {
  const dims = ctx.type(0).dims;
  if (ctx.hasInput(3)) {
    const sizes = constInts(ctx, 3, 'sizes');
    if (sizes.length > 0) return sizes;
  }
  if (!ctx.hasInput(2)) fail(ctx, 'neither scales nor sizes is given');
  const scalesTensor = ctx.constant(2);
  if (!scalesTensor) fail(ctx, 'scales must be a constant for shapes to be static');
  const scales = toNumbers(scalesTensor);
  if (scales.length !== dims.length) fail(ctx, `scales has ${scales.length} values for rank ${dims.length}`);
  return dims.map((d, i) => Math.floor(d * (scales[i] as number)));
}

function reduce(ctx: ShapeContext, axesInput: number): TensorType[] {
  const { dtype, dims } = ctx.type(0);
  const keep = attrInt(ctx.node, 'keepdims', 1) === 1;
  let axes = axesOf(ctx, axesInput);
  if (!axes || axes.length === 0) {
    if (attrInt(ctx.node, 'noop_with_empty_axes', 0) === 1) return [{ dtype, dims }];
    axes = dims.map((_, i) => i);
  }
  const set = new Set(axes.map((a) => normAxis(ctx, a, dims.length)));
  const out = dims.flatMap((d, i) => (set.has(i) ? (keep ? [1] : []) : [d]));
  return [{ dtype, dims: out }];
}

function conv(ctx: ShapeContext): TensorType[] {
  const x = ctx.type(0).dims;
  const w = ctx.type(1).dims;
  if (x.length !== 4 || w.length !== 4) fail(ctx, `only 2-D convolutions are supported (input rank ${x.length})`);
  const group = attrInt(ctx.node, 'group', 1);
  if ((x[1] as number) !== (w[1] as number) * group) {
    fail(ctx, `input has ${x[1]} channels, weight expects ${w[1]} x ${group} groups`);
  }
  const p = spatialParams(ctx.node, attrInts(ctx.node, 'kernel_shape') ?? w.slice(2));
  resolveAutoPad(ctx, x.slice(2), p);
  const spatial = [0, 1].map((i) =>
    convOutputSize(
      x[i + 2] as number,
      p.kernel[i] as number,
      p.strides[i] as number,
      p.dilations[i] as number,
      p.pads[i] as number,
      p.pads[i + 2] as number,
    ),
  );
  return [{ dtype: ctx.type(0).dtype, dims: [x[0] as number, w[0] as number, ...spatial] }];
}

function convTranspose(ctx: ShapeContext): TensorType[] {
  const x = ctx.type(0).dims;
  const w = ctx.type(1).dims;
  if (x.length !== 4 || w.length !== 4) fail(ctx, `only 2-D transposed convolutions are supported`);
  if (attrInts(ctx.node, 'output_shape')) fail(ctx, 'output_shape is not supported; give pads and output_padding');
  if (attrString(ctx.node, 'auto_pad', 'NOTSET') !== 'NOTSET') fail(ctx, 'auto_pad is not supported; give pads');
  const group = attrInt(ctx.node, 'group', 1);
  if (x[1] !== w[0]) fail(ctx, `input has ${x[1]} channels, weight expects ${w[0]}`);
  const p = spatialParams(ctx.node, attrInts(ctx.node, 'kernel_shape') ?? w.slice(2));
  const outPad = attrInts(ctx.node, 'output_padding') ?? [0, 0];
  const spatial = [0, 1].map(
    (i) =>
      (p.strides[i] as number) * ((x[i + 2] as number) - 1) +
      (outPad[i] as number) +
      ((p.kernel[i] as number) - 1) * (p.dilations[i] as number) +
      1 -
      (p.pads[i] as number) -
      (p.pads[i + 2] as number),
  );
  return [{ dtype: ctx.type(0).dtype, dims: [x[0] as number, (w[1] as number) * group, ...spatial] }];
}

function pool(ctx: ShapeContext): TensorType[] {
  const x = ctx.type(0).dims;
  if (x.length !== 4) fail(ctx, 'only 2-D pooling is supported');
  const kernel = attrInts(ctx.node, 'kernel_shape');
  if (!kernel) fail(ctx, 'kernel_shape is missing');
  const p = spatialParams(ctx.node, kernel);
  resolveAutoPad(ctx, x.slice(2), p);
  const ceil = attrInt(ctx.node, 'ceil_mode', 0) === 1;
  const spatial = [0, 1].map((i) =>
    convOutputSize(
      x[i + 2] as number,
      p.kernel[i] as number,
      p.strides[i] as number,
      p.dilations[i] as number,
      p.pads[i] as number,
      p.pads[i + 2] as number,
      ceil,
    ),
  );
  const y = { dtype: ctx.type(0).dtype, dims: [x[0] as number, x[1] as number, ...spatial] };
  return ctx.node.outputs.length > 1 ? [y, { dtype: 'int64', dims: y.dims }] : [y];
}

function matmulDims(ctx: ShapeContext, a: number[], b: number[]): number[] {
  if (a.length < 2 || b.length < 2) fail(ctx, 'MatMul with a 1-D operand is not supported; reshape it to 2-D');
  if (a[a.length - 1] !== b[b.length - 2]) fail(ctx, `inner dimensions differ: [${a.join(',')}] x [${b.join(',')}]`);
  const batch = broadcastShapes(ctx, [a.slice(0, -2), b.slice(0, -2)]);
  return [...batch, a[a.length - 2] as number, b[b.length - 1] as number];
}

function reshapeDims(ctx: ShapeContext, input: number[], target: number[]): number[] {
  const allowZero = attrInt(ctx.node, 'allowzero', 0) === 1;
  const out = target.map((d, i) => (d === 0 && !allowZero ? (input[i] as number) : d));
  const known = out.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const total = sizeOf(input);
  const inferred = out.map((d) => (d === -1 ? total / known : d));
  if (sizeOf(inferred) !== total || !inferred.every(Number.isInteger)) {
    fail(ctx, `cannot reshape [${input.join(',')}] to [${target.join(',')}]`);
  }
  return inferred;
}

/** Shape rules of every op the graph layer knows; an op missing here is refused with its node's name. */
export const shapeRules: Record<string, ShapeRule> = {
  Identity: same,
  Neg: same,
  Sqrt: same,
  Reciprocal: same,
  Exp: same,
  Log: same,
  Abs: same,
  Sign: same,
  Relu: same,
  LeakyRelu: same,
  Sigmoid: same,
  Tanh: same,
  Softplus: same,
  Erf: same,
  Add: broadcast,
  Sub: broadcast,
  Mul: broadcast,
  Div: broadcast,
  Sum: broadcast,
  Max: broadcast,
  Min: broadcast,
  Pow: (ctx) => [{ dtype: ctx.type(0).dtype, dims: broadcastShapes(ctx, [ctx.type(0).dims, ctx.type(1).dims]) }],
  Greater: compare,
  Less: compare,
  Equal: compare,
  Not: same,
  Where: (ctx) => [
    {
      dtype: ctx.type(1).dtype,
      dims: broadcastShapes(
        ctx,
        [0, 1, 2].map((i) => ctx.type(i).dims),
      ),
    },
  ],
  Cast: (ctx) => [{ dtype: dtypeFromCast(ctx, attrInt(ctx.node, 'to', 1)), dims: ctx.type(0).dims }],
  Conv: conv,
  ConvTranspose: convTranspose,
  MaxPool: pool,
  AveragePool: (ctx) => {
    if (attrInt(ctx.node, 'ceil_mode', 0) === 1) fail(ctx, 'ceil_mode = 1 is not supported for AveragePool');
    if (attrInts(ctx.node, 'dilations')?.some((d) => d !== 1)) fail(ctx, 'dilated AveragePool is not supported');
    return pool(ctx);
  },
  GlobalAveragePool: (ctx) => {
    const x = ctx.type(0).dims;
    return [{ dtype: ctx.type(0).dtype, dims: x.map((d, i) => (i < 2 ? d : 1)) }];
  },
  MatMul: (ctx) => [{ dtype: ctx.type(0).dtype, dims: matmulDims(ctx, ctx.type(0).dims, ctx.type(1).dims) }],
  Gemm: (ctx) => {
    const a = ctx.type(0).dims;
    const b = ctx.type(1).dims;
    if (a.length !== 2 || b.length !== 2) fail(ctx, 'Gemm operands must be 2-D');
    const [m, k] = attrInt(ctx.node, 'transA', 0) ? [a[1], a[0]] : [a[0], a[1]];
    const [k2, n] = attrInt(ctx.node, 'transB', 0) ? [b[1], b[0]] : [b[0], b[1]];
    if (k !== k2) fail(ctx, `inner dimensions differ (${k} and ${k2})`);
    const dims = [m as number, n as number];
    if (ctx.hasInput(2)) broadcastShapes(ctx, [dims, ctx.type(2).dims]);
    return [{ dtype: ctx.type(0).dtype, dims }];
  },
  Pad: (ctx) => {
    const dims = ctx.type(0).dims;
    const pads = constInts(ctx, 1, 'pads');
    const axes = ctx.hasInput(3)
      ? constInts(ctx, 3, 'axes').map((a) => normAxis(ctx, a, dims.length))
      : dims.map((_, i) => i);
    const out = [...dims];
    axes.forEach((a, i) => (out[a] = (out[a] as number) + (pads[i] as number) + (pads[i + axes.length] as number)));
    return [{ dtype: ctx.type(0).dtype, dims: out }];
  },
  Resize: (ctx) => [{ dtype: ctx.type(0).dtype, dims: resizeOutputDims(ctx) }],
  Reshape: (ctx) => [
    { dtype: ctx.type(0).dtype, dims: reshapeDims(ctx, ctx.type(0).dims, constInts(ctx, 1, 'shape')) },
  ],
  Flatten: (ctx) => {
    const dims = ctx.type(0).dims;
    const axis = attrInt(ctx.node, 'axis', 1);
    const a = axis < 0 ? axis + dims.length : axis;
    return [{ dtype: ctx.type(0).dtype, dims: [sizeOf(dims.slice(0, a)), sizeOf(dims.slice(a))] }];
  },
  Transpose: (ctx) => {
    const dims = ctx.type(0).dims;
    const perm = attrInts(ctx.node, 'perm') ?? dims.map((_, i) => dims.length - 1 - i);
    return [{ dtype: ctx.type(0).dtype, dims: perm.map((p) => dims[p] as number) }];
  },
  Squeeze: (ctx) => {
    const dims = ctx.type(0).dims;
    const axes = axesOf(ctx, 1)?.map((a) => normAxis(ctx, a, dims.length));
    const drop = new Set(axes ?? dims.flatMap((d, i) => (d === 1 ? [i] : [])));
    for (const a of drop) if (dims[a] !== 1) fail(ctx, `axis ${a} has size ${dims[a]}, not 1`);
    return [{ dtype: ctx.type(0).dtype, dims: dims.filter((_, i) => !drop.has(i)) }];
  },
  Unsqueeze: (ctx) => {
    const dims = ctx.type(0).dims;
    const axes = axesOf(ctx, 1);
    if (!axes) fail(ctx, 'axes are missing');
    const rank = dims.length + axes.length;
    const set = new Set(axes.map((a) => normAxis(ctx, a, rank)));
    const out: number[] = [];
    let j = 0;
    for (let i = 0; i < rank; i++) out.push(set.has(i) ? 1 : (dims[j++] as number));
    return [{ dtype: ctx.type(0).dtype, dims: out }];
  },
  Expand: (ctx) => [
    { dtype: ctx.type(0).dtype, dims: broadcastShapes(ctx, [ctx.type(0).dims, constInts(ctx, 1, 'shape')]) },
  ],
  Concat: (ctx) => {
    const types = ctx.node.inputs.map((_, i) => ctx.type(i));
    const first = types[0] as TensorType;
    const axis = normAxis(ctx, attrInt(ctx.node, 'axis', 0), first.dims.length);
    const out = [...first.dims];
    out[axis] = types.reduce((s, t) => s + (t.dims[axis] as number), 0);
    return [{ dtype: first.dtype, dims: out }];
  },
  Split: (ctx) => {
    const { axis, sizes } = splitSizes(ctx);
    return sizes.map((size) => {
      const dims = [...ctx.type(0).dims];
      dims[axis] = size;
      return { dtype: ctx.type(0).dtype, dims };
    });
  },
  Slice: (ctx) => {
    const dims = [...ctx.type(0).dims];
    for (const s of sliceGeometry(ctx)) dims[s.axis] = s.length;
    return [{ dtype: ctx.type(0).dtype, dims }];
  },
  Gather: (ctx) => {
    const dims = ctx.type(0).dims;
    const axis = normAxis(ctx, attrInt(ctx.node, 'axis', 0), dims.length);
    return [{ dtype: ctx.type(0).dtype, dims: [...dims.slice(0, axis), ...ctx.type(1).dims, ...dims.slice(axis + 1)] }];
  },
  ScatterElements: same,
  ReduceMean: (ctx) => reduce(ctx, 1),
  ReduceSum: (ctx) => reduce(ctx, 1),
  ReduceSumSquare: (ctx) => reduce(ctx, 1),
  ReduceMax: (ctx) => reduce(ctx, 1),
  Shape: (ctx) => {
    const rank = ctx.type(0).dims.length;
    const start = attrInt(ctx.node, 'start', 0);
    const end = attrInt(ctx.node, 'end', rank);
    const s = Math.max(0, start < 0 ? start + rank : start);
    const e = Math.min(rank, end < 0 ? end + rank : end);
    return [{ dtype: 'int64', dims: [Math.max(0, e - s)] }];
  },
  ConstantOfShape: (ctx) => {
    const value = ctx.node.attrs.value;
    return [{ dtype: value && 't' in value ? value.t.dtype : 'float32', dims: constInts(ctx, 0, 'shape') }];
  },
  Range: (ctx) => {
    const [start, limit, delta] = [0, 1, 2].map((i) => constInts(ctx, i, 'range bound')[0] as number);
    return [
      {
        dtype: ctx.type(0).dtype,
        dims: [Math.max(0, Math.ceil(((limit as number) - (start as number)) / (delta as number)))],
      },
    ];
  },
  Constant: (ctx) => {
    const value = ctx.node.attrs.value;
    if (value && 't' in value) return [{ dtype: value.t.dtype, dims: value.t.dims }];
    const f = ctx.node.attrs.value_float;
    if (f) return [{ dtype: 'float32', dims: [] }];
    const fs = attrInts(ctx.node, 'value_ints');
    if (fs) return [{ dtype: 'int64', dims: [fs.length] }];
    if (ctx.node.attrs.value_int) return [{ dtype: 'int64', dims: [] }];
    if (ctx.node.attrs.value_floats)
      return [{ dtype: 'float32', dims: [(ctx.node.attrs.value_floats as { floats: number[] }).floats.length] }];
    return fail(ctx, 'only tensor, float(s) and int(s) values are supported');
  },
};
