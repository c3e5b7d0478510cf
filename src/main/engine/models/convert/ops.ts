import { ConversionError, type ConversionContext } from './context';
import { attrs, type GraphNode } from './graph';
import {
  broadcastShapes,
  convKernelToOihw,
  depthwiseKernelToOihw,
  nchwAxisOf,
  normaliseAxis,
  NHWC_TO_NCHW,
  spatialPadding,
} from './layout';
import { channelSlopes, lowerChannelPrelu } from './prelu';

/** Translates one TF node into ONNX nodes and defines the node's output tensor(s) in the context. */
export type OpConverter = (node: GraphNode, ctx: ConversionContext) => void;

const fail = (node: GraphNode, reason: string): never => {
  throw new ConversionError(node.op, node.name, reason);
};

function requireInput(node: GraphNode, index: number): string {
  return node.inputs[index] ?? fail(node, `expects at least ${index + 1} inputs, has ${node.inputs.length}`);
}

function requireNhwc(node: GraphNode): void {
  const format = attrs.string(node, 'data_format', 'NHWC');
  if (format !== 'NHWC') fail(node, `data_format ${format} is not supported (only NHWC)`);
}

/**
 * Applies a fused or standalone activation to an NCHW or native value. Prelu's alpha arrives as a constant
 * shaped to broadcast against NHWC; ctx.nchw() re-shapes it for NCHW.
 */
function activation(
  node: GraphNode,
  ctx: ConversionContext,
  kind: string,
  x: string,
  layout: 'nchw' | 'native',
  alphaKey?: string,
): string {
  const base = node.name;
  switch (kind) {
    case 'Relu':
      return ctx.builder.add('Relu', [x], base);
    case 'Relu6':
      return ctx.builder.add('Clip', [x, ctx.scalar(`${base}/min`, 0), ctx.scalar(`${base}/max`, 6)], base);
    case 'Elu':
      return ctx.builder.add('Elu', [x], base);
    case 'Sigmoid':
      return ctx.builder.add('Sigmoid', [x], base);
    case 'Tanh':
      return ctx.builder.add('Tanh', [x], base);
    case 'LeakyRelu':
      return ctx.builder.add('LeakyRelu', [x], base, { alpha: { f: attrs.float(node, 'leakyrelu_alpha', 0.2) } });
    case 'Prelu': {
      if (alphaKey === undefined) return fail(node, 'Prelu needs an alpha input');
      if (!ctx.isConst(alphaKey)) return fail(node, 'Prelu alpha must be a constant');
      const slopes = layout === 'nchw' ? channelSlopes(ctx.constant(node, alphaKey, 'alpha')) : null;
      if (slopes) return lowerChannelPrelu(ctx, base, x, slopes);
      const alpha = layout === 'nchw' ? ctx.nchw(alphaKey) : ctx.native(alphaKey);
      return ctx.builder.add('PRelu', [x, alpha], base);
    }
    default:
      return fail(node, `fused activation ${kind} is not supported`);
  }
}

/** Conv2D, DepthwiseConv2dNative and their _Fused forms (BiasAdd plus an optional activation). */
function convolution(depthwise: boolean): OpConverter {
  return (node, ctx) => {
    requireNhwc(node);
    const xKey = requireInput(node, 0);
    const kernel = ctx.constant(node, node.inputs[1], 'filter');
    const [n, h, w] = ctx.shape(xKey) as [number, number, number, number];
    if (kernel.shape.length !== 4) fail(node, `filter has rank ${kernel.shape.length}, expected 4`);
    const [kh, kw, , outPerGroup] = kernel.shape as [number, number, number, number];
    const [, sh, sw] = attrs.ints(node, 'strides', [1, 1, 1, 1]) as [number, number, number, number];
    const [, dh, dw] = attrs.ints(node, 'dilations', [1, 1, 1, 1]) as [number, number, number, number];
    const mode = attrs.string(node, 'padding', 'VALID');
    const explicit = attrs.ints(node, 'explicit_paddings', []);
    const ph = spatialPadding(mode, h, kh, sh, dh, [explicit[2] ?? 0, explicit[3] ?? 0]);
    const pw = spatialPadding(mode, w, kw, sw, dw, [explicit[4] ?? 0, explicit[5] ?? 0]);

    const weight = depthwise ? depthwiseKernelToOihw(kernel) : { ...convKernelToOihw(kernel), group: 1 };
    const outChannels = weight.dims[0] as number;
    const inputs = [ctx.nchw(xKey), ctx.initializer(`${node.name}/weight`, weight.data, weight.dims)];

    const fused = attrs.strings(node, 'fused_ops');
    const [first, act, ...rest] = fused;
    if (rest.length > 0 || (first !== undefined && first !== 'BiasAdd')) {
      fail(node, `fused ops [${fused.join(', ')}] are not supported (only BiasAdd followed by one activation)`);
    }
    if (first === 'BiasAdd') {
      const bias = ctx.constant(node, node.inputs[2], 'bias');
      if (bias.data.length !== outChannels)
        fail(node, `bias has ${bias.data.length} values for ${outChannels} channels`);
      inputs.push(ctx.initializer(`${node.name}/bias`, bias.data as Float32Array, [outChannels]));
    }
    let y = ctx.builder.add('Conv', inputs, act ? `${node.name}/conv` : node.name, {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: [sh, sw] },
      dilations: { ints: [dh, dw] },
      pads: { ints: [ph.begin, pw.begin, ph.end, pw.end] },
      group: { i: weight.group },
    });
    if (act) y = activation(node, ctx, act, y, 'nchw', node.inputs[3]);
    ctx.define(node.name, {
      kind: 'dynamic',
      shape: [n, ph.outSize, pw.outSize, depthwise ? outChannels : outPerGroup],
      nchw: y,
    });
  };
}

function pooling(onnxOp: 'MaxPool' | 'AveragePool'): OpConverter {
  return (node, ctx) => {
    requireNhwc(node);
    const xKey = requireInput(node, 0);
    const [n, h, w, c] = ctx.shape(xKey) as [number, number, number, number];
    const [, kh, kw] = attrs.ints(node, 'ksize') as [number, number, number, number];
    const [, sh, sw] = attrs.ints(node, 'strides') as [number, number, number, number];
    const mode = attrs.string(node, 'padding', 'VALID');
    const ph = spatialPadding(mode, h, kh, sh, 1);
    const pw = spatialPadding(mode, w, kw, sw, 1);
    // TF's SAME pooling ignores the padded cells: MaxPool pads with -inf in ONNX too, and AveragePool's default
    // count_include_pad=0 divides by the number of real cells, as TF does.
    const y = ctx.builder.add(onnxOp, [ctx.nchw(xKey)], node.name, {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: [sh, sw] },
      pads: { ints: [ph.begin, pw.begin, ph.end, pw.end] },
    });
    ctx.define(node.name, { kind: 'dynamic', shape: [n, ph.outSize, pw.outSize, c], nchw: y });
  };
}

/**
 * Element-wise ops with numpy broadcasting. They stay in NCHW when a rank-4 operand is already NCHW and the
 * others are constants (re-shaped to broadcast in NCHW) or rank-4 tensors; otherwise they run in TF order.
 */
function elementwise(onnxOp: string): OpConverter {
  return (node, ctx) => {
    if (node.inputs.length === 0) fail(node, 'has no inputs');
    const shape = node.inputs.map((key) => ctx.shape(key)).reduce(broadcastShapes);
    const useNchw =
      node.inputs.some((key) => ctx.hasNchw(key)) &&
      node.inputs.every((key) => ctx.isSpatial(key) || (ctx.isConst(key) && ctx.shape(key).length <= 4)) &&
      shape.length === 4;
    const inputs = node.inputs.map((key) => (useNchw ? ctx.nchw(key) : ctx.native(key)));
    const y = ctx.builder.add(onnxOp, inputs, node.name);
    ctx.define(node.name, useNchw ? { kind: 'dynamic', shape, nchw: y } : { kind: 'dynamic', shape, native: y });
  };
}

/** Ops that keep shape and layout; they run in whichever layout the input already has. */
function unary(
  build: (node: GraphNode, ctx: ConversionContext, x: string, layout: 'nchw' | 'native') => string,
): OpConverter {
  return (node, ctx) => {
    const xKey = requireInput(node, 0);
    if (ctx.isConst(xKey)) fail(node, 'applies to a constant; constant folding is not supported');
    const layout = ctx.hasNchw(xKey) ? 'nchw' : 'native';
    const x = layout === 'nchw' ? ctx.nchw(xKey) : ctx.native(xKey);
    const y = build(node, ctx, x, layout);
    ctx.define(node.name, { kind: 'dynamic', shape: ctx.shape(xKey), [layout]: y });
  };
}

const activationOp = (kind: string): OpConverter =>
  unary((node, ctx, x, layout) => activation(node, ctx, kind, x, layout, node.inputs[1]));

const simpleUnary = (onnxOp: string): OpConverter => unary((node, ctx, x) => ctx.builder.add(onnxOp, [x], node.name));

/** Softmax over the last TF axis, i.e. the channel axis (1) when the input is NCHW. */
const softmax: OpConverter = unary((node, ctx, x, layout) =>
  ctx.builder.add('Softmax', [x], node.name, { axis: { i: layout === 'nchw' ? 1 : -1 } }),
);

function pad(node: GraphNode, ctx: ConversionContext): void {
  const xKey = requireInput(node, 0);
  const paddings = ctx.constant(node, node.inputs[1], 'paddings');
  const shape = ctx.shape(xKey);
  const rank = shape.length;
  if (paddings.data.length !== rank * 2) fail(node, `paddings have ${paddings.data.length} values for rank ${rank}`);
  const before = (axis: number): number => paddings.data[axis * 2] as number;
  const after = (axis: number): number => paddings.data[axis * 2 + 1] as number;
  const outShape = shape.map((size, axis) => (size < 0 ? size : size + before(axis) + after(axis)));

  let mode = 'constant';
  if (node.op === 'MirrorPad') {
    const tfMode = attrs.string(node, 'mode');
    if (tfMode !== 'REFLECT') fail(node, `MirrorPad mode ${tfMode} is not supported (only REFLECT)`);
    mode = 'reflect';
  }
  const useNchw = ctx.hasNchw(xKey) && rank === 4;
  // ONNX pads are [begin of every axis..., end of every axis...] in the ONNX tensor's own axis order.
  const axisOrder = useNchw ? NHWC_TO_NCHW : shape.map((_, axis) => axis);
  const pads = [...axisOrder.map(before), ...axisOrder.map(after)];
  const inputs = [useNchw ? ctx.nchw(xKey) : ctx.native(xKey), ctx.int64Initializer(`${node.name}/pads`, pads)];
  if (node.op === 'PadV2') {
    const value = ctx.constant(node, node.inputs[2], 'constant_values');
    inputs.push(ctx.scalar(`${node.name}/value`, value.data[0] as number));
  }
  const y = ctx.builder.add('Pad', inputs, node.name, { mode: { s: mode } });
  ctx.define(
    node.name,
    useNchw ? { kind: 'dynamic', shape: outShape, nchw: y } : { kind: 'dynamic', shape: outShape, native: y },
  );
}

function reshape(node: GraphNode, ctx: ConversionContext): void {
  const xKey = requireInput(node, 0);
  const target = Array.from(ctx.constant(node, node.inputs[1], 'shape').data as Int32Array);
  const inShape = ctx.shape(xKey);
  // NCHW [n, c, 1, 1] and NHWC [n, 1, 1, c] have the same memory order, so no transpose is needed for a
  // flatten of 1x1 maps (the landmark heads); anything else is reshaped from TF order to keep its semantics.
  const sameOrder = ctx.hasNchw(xKey) && inShape[1] === 1 && inShape[2] === 1;
  const x = sameOrder ? ctx.nchw(xKey) : ctx.native(xKey);
  const y = ctx.builder.add('Reshape', [x, ctx.int64Initializer(`${node.name}/shape`, target)], node.name);
  const known = inShape.every((d) => d >= 0) ? inShape.reduce((a, b) => a * b, 1) : -1;
  const rest = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const shape = target.map((d) => (d === -1 && known >= 0 ? known / rest : d));
  ctx.define(node.name, { kind: 'dynamic', shape, native: y });
}

function concat(node: GraphNode, ctx: ConversionContext): void {
  const n = attrs.int(node, 'N', node.inputs.length - 1);
  const parts = node.inputs.slice(0, n);
  const axisTensor = ctx.constant(node, node.inputs[n], 'axis');
  const firstShape = ctx.shape(parts[0] ?? fail(node, 'has no inputs to concatenate'));
  const rank = firstShape.length;
  const axis = normaliseAxis(axisTensor.data[0] as number, rank);
  const shape = [...firstShape];
  shape[axis] = parts.some((key) => (ctx.shape(key)[axis] ?? -1) < 0)
    ? -1
    : parts.reduce((sum, key) => sum + (ctx.shape(key)[axis] as number), 0);
  const useNchw = rank === 4 && parts.some((key) => ctx.hasNchw(key)) && parts.every((key) => ctx.isSpatial(key));
  const inputs = parts.map((key) => (useNchw ? ctx.nchw(key) : ctx.native(key)));
  const y = ctx.builder.add('Concat', inputs, node.name, { axis: { i: useNchw ? nchwAxisOf(axis) : axis } });
  ctx.define(node.name, useNchw ? { kind: 'dynamic', shape, nchw: y } : { kind: 'dynamic', shape, native: y });
}

/** Mean/Sum/Max/Min over constant axes; global average pooling becomes a ReduceMean over H and W of NCHW. */
function reduce(onnxOp: string): OpConverter {
  return (node, ctx) => {
    const xKey = requireInput(node, 0);
    const shape = ctx.shape(xKey);
    const rank = shape.length;
    const axes = [
      ...new Set(Array.from(ctx.constant(node, node.inputs[1], 'reduction axes').data, (a) => normaliseAxis(a, rank))),
    ];
    const keepDims = attrs.bool(node, 'keep_dims', false);
    const outShape = keepDims
      ? shape.map((d, i) => (axes.includes(i) ? 1 : d))
      : shape.filter((_, i) => !axes.includes(i));
    // In NCHW the kept axes must stay in TF order for the result to need no transpose.
    const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const keptInNchw = rank === 4 ? kept.map(nchwAxisOf) : kept;
    const orderPreserved = keptInNchw.every((axis, i) => i === 0 || axis > (keptInNchw[i - 1] as number));
    const useNchw = rank === 4 && ctx.hasNchw(xKey) && (keepDims || orderPreserved);
    const onnxAxes = useNchw ? axes.map(nchwAxisOf) : axes;
    const x = useNchw ? ctx.nchw(xKey) : ctx.native(xKey);
    // Opset 17: ReduceSum takes its axes as an input (since 13), ReduceMean/ReduceMax still as an attribute.
    const y =
      onnxOp === 'ReduceSum'
        ? ctx.builder.add(onnxOp, [x, ctx.int64Initializer(`${node.name}/axes`, onnxAxes)], node.name, {
            keepdims: { i: keepDims ? 1 : 0 },
          })
        : ctx.builder.add(onnxOp, [x], node.name, { axes: { ints: onnxAxes }, keepdims: { i: keepDims ? 1 : 0 } });
    const layout = useNchw && keepDims ? 'nchw' : 'native';
    ctx.define(node.name, { kind: 'dynamic', shape: outShape, [layout]: y });
  };
}

/** MatMul and _FusedMatMul (BiasAdd plus an optional activation) on rank-2 tensors, as one Gemm. */
function matMul(node: GraphNode, ctx: ConversionContext): void {
  const aKey = requireInput(node, 0);
  const bKey = requireInput(node, 1);
  const aShape = ctx.shape(aKey);
  const bShape = ctx.shape(bKey);
  if (aShape.length !== 2 || bShape.length !== 2)
    fail(node, `only rank-2 MatMul is supported, got [${aShape}] x [${bShape}]`);
  const transA = attrs.bool(node, 'transpose_a', false);
  const transB = attrs.bool(node, 'transpose_b', false);
  const fused = attrs.strings(node, 'fused_ops');
  const [first, act, ...rest] = fused;
  if (rest.length > 0 || (first !== undefined && first !== 'BiasAdd')) {
    fail(node, `fused ops [${fused.join(', ')}] are not supported (only BiasAdd followed by one activation)`);
  }
  const inputs = [ctx.native(aKey), ctx.native(bKey)];
  if (first === 'BiasAdd') inputs.push(ctx.native(requireInput(node, 2)));
  let y = ctx.builder.add('Gemm', inputs, act ? `${node.name}/gemm` : node.name, {
    transA: { i: transA ? 1 : 0 },
    transB: { i: transB ? 1 : 0 },
  });
  if (act) y = activation(node, ctx, act, y, 'native', node.inputs[3]);
  const m = transA ? aShape[1] : aShape[0];
  const n = transB ? bShape[0] : bShape[1];
  ctx.define(node.name, { kind: 'dynamic', shape: [m as number, n as number], native: y });
}

function identity(node: GraphNode, ctx: ConversionContext): void {
  ctx.define(node.name, ctx.value(requireInput(node, 0)));
}

/** Every TF op the converter understands. Anything else fails with the op and node named. */
export const opConverters: Readonly<Record<string, OpConverter>> = {
  Conv2D: convolution(false),
  _FusedConv2D: convolution(false),
  DepthwiseConv2dNative: convolution(true),
  FusedDepthwiseConv2dNative: convolution(true),
  MaxPool: pooling('MaxPool'),
  AvgPool: pooling('AveragePool'),
  Add: elementwise('Add'),
  AddV2: elementwise('Add'),
  Sub: elementwise('Sub'),
  Mul: elementwise('Mul'),
  RealDiv: elementwise('Div'),
  Minimum: elementwise('Min'),
  Maximum: elementwise('Max'),
  Relu: activationOp('Relu'),
  Relu6: activationOp('Relu6'),
  Elu: activationOp('Elu'),
  LeakyRelu: activationOp('LeakyRelu'),
  Prelu: activationOp('Prelu'),
  Sigmoid: simpleUnary('Sigmoid'),
  Tanh: simpleUnary('Tanh'),
  Softmax: softmax,
  Pad: pad,
  PadV2: pad,
  MirrorPad: pad,
  Reshape: reshape,
  ConcatV2: concat,
  Mean: reduce('ReduceMean'),
  Sum: reduce('ReduceSum'),
  Max: reduce('ReduceMax'),
  MatMul: matMul,
  _FusedMatMul: matMul,
  Identity: identity,
};
