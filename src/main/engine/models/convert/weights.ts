import type { TfjsGraphModelFiles, TfjsWeightSpec } from './tfjs-format';

/** A constant tensor of the source graph, dequantised to its original dtype. */
export interface ConstTensor {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

const elementCount = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * IEEE 754 binary16 -> binary32. Hand-written because it is a dozen lines with no dependency, and
 * tfjs-core keeps its own decoder private. Handles subnormals, infinities and NaN.
 */
export function float16ToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

function bytesPerElement(spec: TfjsWeightSpec): number {
  const q = spec.quantization?.dtype;
  if (q === 'float16' || q === 'uint16') return 2;
  if (q === 'uint8') return 1;
  if (spec.dtype === 'float32' || spec.dtype === 'int32') return 4;
  if (spec.dtype === 'bool') return 1;
  throw new Error(`weight ${spec.name}: dtype ${spec.dtype} is not supported by the converter`);
}

function decodeOne(spec: TfjsWeightSpec, bytes: Uint8Array): ConstTensor {
  const count = elementCount(spec.shape);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const q = spec.quantization;
  if (spec.dtype === 'bool') return { dtype: 'bool', shape: spec.shape, data: bytes.slice() };
  const out = spec.dtype === 'int32' ? new Int32Array(count) : new Float32Array(count);
  if (!q) {
    for (let i = 0; i < count; i++) {
      out[i] = spec.dtype === 'int32' ? view.getInt32(i * 4, true) : view.getFloat32(i * 4, true);
    }
  } else if (q.dtype === 'float16') {
    for (let i = 0; i < count; i++) out[i] = float16ToFloat32(view.getUint16(i * 2, true));
  } else {
    // Affine quantisation as tfjs-core's io/io_utils decodes it: value = q * scale + min.
    const scale = q.scale ?? 1;
    const min = q.min ?? 0;
    for (let i = 0; i < count; i++) {
      const raw = q.dtype === 'uint8' ? view.getUint8(i) : view.getUint16(i * 2, true);
      const value = raw * scale + min;
      out[i] = spec.dtype === 'int32' ? Math.round(value) : value;
    }
  }
  return { dtype: spec.dtype === 'int32' ? 'int32' : 'float32', shape: spec.shape, data: out };
}

/** Splits the shard bytes into named tensors, dequantising float16/uint8/uint16 weights to float32. */
export function decodeWeights(model: TfjsGraphModelFiles): Map<string, ConstTensor> {
  const tensors = new Map<string, ConstTensor>();
  model.json.weightsManifest.forEach((group, groupIndex) => {
    const bytes = model.groupBytes[groupIndex] ?? new Uint8Array(0);
    let offset = 0;
    for (const spec of group.weights) {
      const size = elementCount(spec.shape) * bytesPerElement(spec);
      if (offset + size > bytes.byteLength) {
        throw new Error(
          `${model.modelJsonPath}: weight ${spec.name} needs bytes ${offset}..${offset + size} but the shards hold ${bytes.byteLength}`,
        );
      }
      tensors.set(spec.name, decodeOne(spec, bytes.subarray(offset, offset + size)));
      offset += size;
    }
  });
  return tensors;
}
