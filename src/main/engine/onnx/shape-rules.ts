import type { GraphNode } from './graph';
import { dtypeOfOnnx, toNumbers, type DType, type Tensor } from './tensor';

/** A value's element type and static shape. */
export interface TensorType {
  dtype: DType;
  dims: number[];
}

/** A node the shape layer cannot resolve or does not know; names the node and the op so the author can act. */
export class GraphError extends Error {
  constructor(
    readonly nodeName: string,
    readonly op: string,
    reason: string,
  ) {
    super(`${op} node "${nodeName}": ${reason}`);
    this.name = 'GraphError';
  }
}

/** What a shape rule can ask about the node's inputs. */
export interface ShapeContext {
  node: GraphNode;
  type(index: number): TensorType;
  /** The input's value when it is a constant (initializer or folded), else undefined. */
  constant(index: number): Tensor | undefined;
  hasInput(index: number): boolean;
}

export const attrInt = (node: GraphNode, key: string, fallback: number): number => {
  const a = node.attrs[key];
  return a && 'i' in a ? a.i : fallback;
};
export const attrInts = (node: GraphNode, key: string): number[] | undefined => {
  const a = node.attrs[key];
  return a && 'ints' in a ? a.ints : undefined;
};
export const attrFloat = (node: GraphNode, key: string, fallback: number): number => {
  const a = node.attrs[key];
  return a && 'f' in a ? a.f : fallback;
};
export const attrString = (node: GraphNode, key: string, fallback: string): string => {
  const a = node.attrs[key];
  return a && 's' in a ? a.s : fallback;
};

export function fail(ctx: { node: GraphNode }, reason: string): never {
  throw new GraphError(ctx.node.name, ctx.node.op, reason);
}

export function normAxis(ctx: { node: GraphNode }, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) fail(ctx, `axis ${axis} is out of range for rank ${rank}`);
  return a;
}

/** Numpy broadcasting of several shapes. */
export function broadcastShapes(ctx: { node: GraphNode }, shapes: number[][]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v === 1) continue;
      if (d !== 1 && d !== v) fail(ctx, `shapes [${shapes.map((x) => x.join(',')).join('] [')}] do not broadcast`);
      d = v;
    }
    out.push(d);
  }
  return out;
}

/** A constant integer input (axes, pads, shape...), required for static shapes. */
export function constInts(ctx: ShapeContext, index: number, what: string): number[] {
  const t = ctx.constant(index);
  if (!t) fail(ctx, `${what} (input ${index}, ${ctx.node.inputs[index]}) must be a constant for shapes to be static`);
  return toNumbers(t);
}

/** Axes given as attribute (older opsets) or as an optional input (newer). */
export function axesOf(ctx: ShapeContext, inputIndex: number): number[] | undefined {
  const fromAttr = attrInts(ctx.node, 'axes');
  if (fromAttr) return fromAttr;
  if (ctx.hasInput(inputIndex)) return constInts(ctx, inputIndex, 'axes');
  return undefined;
}

export interface SpatialParams {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** [begin..., end...] as ONNX orders them. */
  pads: number[];
}

/** Kernel geometry of Conv/ConvTranspose/pools with defaults filled; auto_pad is resolved by the caller. */
export function spatialParams(node: GraphNode, kernel: number[]): SpatialParams {
  const n = kernel.length;
  return {
    kernel,
    strides: attrInts(node, 'strides') ?? new Array<number>(n).fill(1),
    dilations: attrInts(node, 'dilations') ?? new Array<number>(n).fill(1),
    pads: attrInts(node, 'pads') ?? new Array<number>(2 * n).fill(0),
  };
}

/** Rewrites auto_pad (SAME_UPPER, SAME_LOWER, VALID) into explicit pads so every later stage sees one form. */
export function resolveAutoPad(ctx: ShapeContext, spatial: number[], p: SpatialParams): void {
  const mode = attrString(ctx.node, 'auto_pad', 'NOTSET');
  if (mode === 'NOTSET') return;
  const n = spatial.length;
  const pads = new Array<number>(2 * n).fill(0);
  if (mode === 'SAME_UPPER' || mode === 'SAME_LOWER') {
    for (let i = 0; i < n; i++) {
      const size = spatial[i] as number;
      const s = p.strides[i] as number;
      const out = Math.ceil(size / s);
      const total = Math.max(0, (out - 1) * s + ((p.kernel[i] as number) - 1) * (p.dilations[i] as number) + 1 - size);
      const small = Math.floor(total / 2);
      pads[i] = mode === 'SAME_UPPER' ? small : total - small;
      pads[i + n] = total - (pads[i] as number);
    }
  } else if (mode !== 'VALID') {
    fail(ctx, `auto_pad ${mode} is not supported`);
  }
  p.pads = pads;
  delete ctx.node.attrs.auto_pad;
  ctx.node.attrs.pads = { ints: pads };
}

export function convOutputSize(
  size: number,
  k: number,
  s: number,
  d: number,
  pb: number,
  pe: number,
  ceil = false,
): number {
  const span = size + pb + pe - ((k - 1) * d + 1);
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  // A window that would start entirely in the end padding is dropped (ONNX Runtime and PyTorch agree).
  if (ceil && (out - 1) * s >= size + pb) out--;
  return out;
}

export function dtypeFromCast(ctx: ShapeContext, code: number): DType {
  try {
    return dtypeOfOnnx(code);
  } catch (error) {
    return fail(ctx, (error as Error).message);
  }
}
