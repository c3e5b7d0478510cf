import type { ConstTensor } from './weights';

/**
 * Layout policy. TF.js graphs are NHWC; ONNX Runtime's CPU convolutions are NCHW (it would wrap every NHWC
 * conv in a pair of transposes). So activations of rank 4 live in NCHW inside the converted graph: the input
 * is transposed once, weights and constants are permuted at conversion time, axis attributes are remapped,
 * and a tensor is transposed back only where an op depends on NHWC memory order (a flattening Reshape, an
 * output). Shapes tracked by the converter are always the TF (NHWC) logical shapes.
 */
export const NHWC_TO_NCHW = [0, 3, 1, 2];
export const NCHW_TO_NHWC = [0, 2, 3, 1];

/** Position in an NCHW tensor of NHWC axis `axis` (N->0, H->2, W->3, C->1). */
export function nchwAxisOf(nhwcAxis: number): number {
  // NHWC axis i of the transposed-back tensor is NCHW axis NCHW_TO_NHWC[i].
  const mapped = NCHW_TO_NHWC[nhwcAxis];
  if (mapped === undefined) throw new Error(`axis ${nhwcAxis} is out of range for a rank-4 tensor`);
  return mapped;
}

export const normaliseAxis = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

/** Transposes constant data: out[i] = in[perm applied], like numpy.transpose(data, perm). */
export function transposeData<T extends Float32Array | Int32Array>(
  data: T,
  shape: number[],
  perm: number[],
): { data: T; shape: number[] } {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p] as number);
  const inStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) inStrides[i] = (inStrides[i + 1] as number) * (shape[i + 1] as number);
  const out = new (data.constructor as { new (n: number): T })(data.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < data.length; o++) {
    let source = 0;
    for (let d = 0; d < rank; d++) source += (index[d] as number) * (inStrides[perm[d] as number] as number);
    out[o] = data[source] as number;
    for (let d = rank - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (outShape[d] as number)) break;
      index[d] = 0;
    }
  }
  return { data: out, shape: outShape };
}

/** Conv2D filter [kh, kw, in, out] (TF HWIO) -> ONNX Conv weight [out, in, kh, kw]. */
export function convKernelToOihw(kernel: ConstTensor): { data: Float32Array; dims: number[] } {
  const { data, shape } = transposeData(kernel.data as Float32Array, kernel.shape, [3, 2, 0, 1]);
  return { data, dims: shape };
}

/**
 * DepthwiseConv2dNative filter [kh, kw, channels, multiplier] -> grouped ONNX Conv weight
 * [channels * multiplier, 1, kh, kw] with group = channels. TF orders output channel c * multiplier + m,
 * which is exactly ONNX's group-major order.
 */
export function depthwiseKernelToOihw(kernel: ConstTensor): { data: Float32Array; dims: number[]; group: number } {
  const [kh, kw, channels, multiplier] = kernel.shape as [number, number, number, number];
  const flat = transposeData(kernel.data as Float32Array, [kh, kw, channels * multiplier], [2, 0, 1]);
  return { data: flat.data, dims: [channels * multiplier, 1, kh, kw], group: channels };
}

/**
 * A constant that broadcasts against an NHWC rank-4 tensor, rewritten to broadcast the same way against
 * the NCHW tensor: left-pad its shape to rank 4 (numpy broadcasting), then permute. A per-channel [C]
 * bias becomes [1, C, 1, 1]. Scalars are returned unchanged.
 */
export function constForNchwBroadcast(tensor: ConstTensor): ConstTensor {
  if (tensor.shape.length === 0 || tensor.data.length === 1) return tensor;
  if (tensor.shape.length > 4)
    throw new Error(`a rank-${tensor.shape.length} constant cannot broadcast against a rank-4 tensor`);
  if (tensor.dtype === 'bool') throw new Error('boolean constants cannot take part in arithmetic');
  const padded = [...new Array<number>(4 - tensor.shape.length).fill(1), ...tensor.shape];
  const { data, shape } = transposeData(tensor.data as Float32Array | Int32Array, padded, NHWC_TO_NCHW);
  return { dtype: tensor.dtype, shape, data };
}

/** numpy broadcasting of two TF shapes; -1 stands for an unknown size. */
export function broadcastShapes(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x === 1) out.push(y);
    else if (y === 1 || x === y) out.push(x);
    else if (x === -1 || y === -1) out.push(Math.max(x, y));
    else throw new Error(`shapes [${a}] and [${b}] do not broadcast`);
  }
  return out;
}

/** TF padding rules -> [begin, end] pads and output size for one spatial axis. */
export function spatialPadding(
  mode: string,
  inSize: number,
  kernel: number,
  stride: number,
  dilation: number,
  explicit?: [number, number],
): { begin: number; end: number; outSize: number } {
  const effectiveKernel = (kernel - 1) * dilation + 1;
  if (mode === 'VALID') return { begin: 0, end: 0, outSize: Math.floor((inSize - effectiveKernel) / stride) + 1 };
  if (mode === 'SAME') {
    // TF puts the odd pixel of padding at the end, like ONNX's SAME_UPPER; explicit pads keep it unambiguous.
    const outSize = Math.ceil(inSize / stride);
    const total = Math.max((outSize - 1) * stride + effectiveKernel - inSize, 0);
    const begin = Math.floor(total / 2);
    return { begin, end: total - begin, outSize };
  }
  if (mode === 'EXPLICIT' && explicit) {
    const [begin, end] = explicit;
    return { begin, end, outSize: Math.floor((inSize + begin + end - effectiveKernel) / stride) + 1 };
  }
  throw new Error(`padding mode ${mode} is not supported`);
}
