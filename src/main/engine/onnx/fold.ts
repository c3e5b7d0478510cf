import type { GraphNode } from './graph';
import { attrInt, attrInts, type TensorType } from './shape-rules';
import { allocate, fromNumbers, sizeOf, toNumbers, type Tensor } from './tensor';

/**
 * Constant folding: JS evaluators for the ops that build shapes and preprocess weights in exported
 * graphs (Shape -> Gather -> Concat -> Reshape chains, weight scaling). Folding them is what lets
 * the shape layer resolve every shape statically. Only small outputs are folded.
 */
type Evaluator = (node: GraphNode, inputs: Tensor[], outTypes: TensorType[]) => Tensor[];

const MAX_FOLD_ELEMENTS = 1 << 22;
const MAX_FILL_ELEMENTS = 4096;

function stridesOf(dims: number[]): number[] {
  const strides = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) strides[i] = (strides[i + 1] as number) * (dims[i + 1] as number);
  return strides;
}

/** Index into input for each output element under numpy broadcasting. */
function broadcastIndex(outDims: number[], inDims: number[]): Int32Array {
  const n = sizeOf(outDims);
  const result = new Int32Array(n);
  const rank = outDims.length;
  const padded = [...new Array<number>(rank - inDims.length).fill(1), ...inDims];
  const inStrides = stridesOf(padded);
  const outStrides = stridesOf(outDims);
  for (let i = 0; i < n; i++) {
    let rem = i;
    let idx = 0;
    for (let a = 0; a < rank; a++) {
      const c = Math.floor(rem / (outStrides[a] as number));
      rem -= c * (outStrides[a] as number);
      if ((padded[a] as number) !== 1) idx += c * (inStrides[a] as number);
    }
    result[i] = idx;
  }
  return result;
}

const elementwise =
  (fn: (a: number, b: number) => number): Evaluator =>
  (_node, inputs, [out]) => {
    const [a, b] = inputs as [Tensor, Tensor];
    const dims = (out as TensorType).dims;
    const ia = broadcastIndex(dims, a.dims);
    const ib = broadcastIndex(dims, b.dims);
    const av = toNumbers(a);
    const bv = toNumbers(b);
    const isInt = a.dtype === 'int64' || a.dtype === 'int32';
    const values = Array.from(ia, (j, i) => {
      const r = fn(av[j] as number, bv[ib[i] as number] as number);
      return isInt ? Math.trunc(r) : r;
    });
    return [fromNumbers(a.dtype, dims, values)];
  };

const unary =
  (fn: (a: number) => number): Evaluator =>
  (_node, [a], [out]) => [fromNumbers((a as Tensor).dtype, (out as TensorType).dims, toNumbers(a as Tensor).map(fn))];

const reshapeValue: Evaluator = (_node, [a], [out]) => [{ ...(a as Tensor), dims: (out as TensorType).dims }];

/** Gathers elements of t into out dims given, for each output element, the flat source index. */
function gatherFlat(t: Tensor, dims: number[], source: (outIndex: number[]) => number): Tensor {
  const n = sizeOf(dims);
  const data = allocate(t.dtype, n);
  const strides = stridesOf(dims);
  const index = new Array<number>(dims.length).fill(0);
  for (let i = 0; i < n; i++) {
    let rem = i;
    for (let a = 0; a < dims.length; a++) {
      index[a] = Math.floor(rem / (strides[a] as number));
      rem -= (index[a] as number) * (strides[a] as number);
    }
    (data as Float32Array)[i] = (t.data as Float32Array)[source(index)] as number;
  }
  return { dtype: t.dtype, dims, data };
}

const evaluators: Record<string, Evaluator> = {
  Identity: (_n, [a]) => [a as Tensor],
  Constant: (node) => {
    const a = node.attrs;
    if (a.value && 't' in a.value) return [a.value.t];
    if (a.value_float && 'f' in a.value_float) return [fromNumbers('float32', [], [a.value_float.f])];
    if (a.value_floats && 'floats' in a.value_floats)
      return [fromNumbers('float32', [a.value_floats.floats.length], a.value_floats.floats)];
    if (a.value_int && 'i' in a.value_int) return [fromNumbers('int64', [], [a.value_int.i])];
    const ints = attrInts(node, 'value_ints') ?? [];
    return [fromNumbers('int64', [ints.length], ints)];
  },
  Add: elementwise((a, b) => a + b),
  Sub: elementwise((a, b) => a - b),
  Mul: elementwise((a, b) => a * b),
  Div: elementwise((a, b) => a / b),
  Neg: unary((a) => -a),
  Sqrt: unary(Math.sqrt),
  Reshape: reshapeValue,
  Flatten: reshapeValue,
  Squeeze: reshapeValue,
  Unsqueeze: reshapeValue,
  Cast: (_n, [a], [out]) => {
    const dtype = (out as TensorType).dtype;
    const values = toNumbers(a as Tensor);
    return [fromNumbers(dtype, (a as Tensor).dims, dtype === 'bool' ? values.map((v) => (v ? 1 : 0)) : values)];
  },
  Shape: () => {
    throw new Error('Shape is folded from types, not values');
  },
  ConstantOfShape: (node, _inputs, [out]) => {
    const v = node.attrs.value;
    const value = v && 't' in v ? (toNumbers(v.t)[0] ?? 0) : 0;
    const dims = (out as TensorType).dims;
    return [fromNumbers((out as TensorType).dtype, dims, new Array<number>(sizeOf(dims)).fill(value))];
  },
  Range: (_n, inputs, [out]) => {
    const [start, , delta] = inputs.map((t) => toNumbers(t)[0] as number) as [number, number, number];
    const n = (out as TensorType).dims[0] as number;
    return [
      fromNumbers(
        (out as TensorType).dtype,
        [n],
        Array.from({ length: n }, (_, i) => start + i * delta),
      ),
    ];
  },
  Concat: (node, inputs, [out]) => {
    const dims = (out as TensorType).dims;
    const axis = (attrInt(node, 'axis', 0) + dims.length) % dims.length;
    const outer = sizeOf(dims.slice(0, axis));
    const inner = sizeOf(dims.slice(axis + 1));
    const data = allocate(inputs[0]?.dtype ?? 'float32', sizeOf(dims)) as Float32Array;
    let offset = 0;
    for (let o = 0; o < outer; o++) {
      for (const t of inputs) {
        const chunk = (t.dims[axis] as number) * inner;
        data.set((t.data as Float32Array).subarray(o * chunk, (o + 1) * chunk), offset);
        offset += chunk;
      }
    }
    return [{ dtype: inputs[0]?.dtype ?? 'float32', dims, data }];
  },
  Gather: (node, [data, indices], [out]) => {
    const d = data as Tensor;
    const axis = (attrInt(node, 'axis', 0) + d.dims.length) % d.dims.length;
    const idx = toNumbers(indices as Tensor).map((i) => (i < 0 ? i + (d.dims[axis] as number) : i));
    const r = (indices as Tensor).dims.length;
    const inStrides = stridesOf(d.dims);
    const idxStrides = stridesOf((indices as Tensor).dims);
    return [
      gatherFlat(d, (out as TensorType).dims, (o) => {
        let flat = 0;
        for (let a = 0; a < axis; a++) flat += (o[a] as number) * (inStrides[a] as number);
        let k = 0;
        for (let j = 0; j < r; j++) k += (o[axis + j] as number) * (idxStrides[j] as number);
        flat += (idx[k] as number) * (inStrides[axis] as number);
        for (let a = axis + 1; a < d.dims.length; a++) flat += (o[a + r - 1] as number) * (inStrides[a] as number);
        return flat;
      }),
    ];
  },
  Transpose: (node, [a], [out]) => {
    const t = a as Tensor;
    const perm = attrInts(node, 'perm') ?? t.dims.map((_, i) => t.dims.length - 1 - i);
    const inStrides = stridesOf(t.dims);
    return [
      gatherFlat(t, (out as TensorType).dims, (o) =>
        o.reduce((s, c, i) => s + c * (inStrides[perm[i] as number] as number), 0),
      ),
    ];
  },
  Expand: (_n, [a], [out]) => {
    const dims = (out as TensorType).dims;
    const idx = broadcastIndex(dims, (a as Tensor).dims);
    return [gatherFlat(a as Tensor, dims, (o) => idx[o.reduce((s, c, i) => s * (dims[i] as number) + c, 0)] as number)];
  },
};

/** Slice needs the geometry the shape rule computed; the resolver passes it in. */
export function foldSlice(
  t: Tensor,
  outDims: number[],
  geometry: { axis: number; start: number; step: number }[],
): Tensor {
  const inStrides = stridesOf(t.dims);
  const start = t.dims.map(() => 0);
  const step = t.dims.map(() => 1);
  for (const g of geometry) {
    start[g.axis] = g.start;
    step[g.axis] = g.step;
  }
  return gatherFlat(t, outDims, (o) =>
    o.reduce((s, c, i) => s + ((start[i] as number) + c * (step[i] as number)) * (inStrides[i] as number), 0),
  );
}

export function canFold(op: string): boolean {
  return op in evaluators || op === 'Slice';
}

/** Evaluates node on constant inputs, or returns undefined when the op has no evaluator or the result is large. */
export function foldNode(node: GraphNode, inputs: Tensor[], outTypes: TensorType[]): Tensor[] | undefined {
  const evaluator = evaluators[node.op];
  if (!evaluator) return undefined;
  if (outTypes.some((t) => sizeOf(t.dims) > MAX_FOLD_ELEMENTS)) return undefined;
  // Filling or broadcasting a large buffer is cheaper at run time than stored in the file.
  if (
    (node.op === 'ConstantOfShape' || node.op === 'Expand') &&
    outTypes.some((t) => sizeOf(t.dims) > MAX_FILL_ELEMENTS)
  ) {
    return undefined;
  }
  return evaluator(node, inputs, outTypes);
}
