import type { GraphNode } from './graph';
import { constForNchwBroadcast, NCHW_TO_NHWC, NHWC_TO_NCHW } from './layout';
import type { OnnxGraphBuilder } from '../../onnx';
import type { ConstTensor } from './weights';

/**
 * A tensor produced at run time. `shape` is the TF (NHWC) logical shape with -1 for unknown sizes.
 * It may exist in ONNX under an NCHW name, a native (TF order) name, or both once converted.
 */
export interface DynamicValue {
  kind: 'dynamic';
  shape: number[];
  nchw?: string;
  native?: string;
}

export interface ConstValue {
  kind: 'const';
  tensor: ConstTensor;
}

export type GraphValue = DynamicValue | ConstValue;

/** Thrown for a node the converter cannot translate; names the op and the node so the model author can act. */
export class ConversionError extends Error {
  constructor(
    readonly op: string,
    readonly nodeName: string,
    reason: string,
  ) {
    super(`${op} node "${nodeName}": ${reason}`);
    this.name = 'ConversionError';
  }
}

/** State shared by the op converters: the TF tensor -> ONNX value map and layout conversions. */
export class ConversionContext {
  private readonly values = new Map<string, GraphValue>();
  private readonly constNames = new Map<string, string>();

  constructor(readonly builder: OnnxGraphBuilder) {}

  define(key: string, value: GraphValue): void {
    this.values.set(key, value);
  }

  value(key: string): GraphValue {
    const value = this.values.get(key);
    if (!value) throw new Error(`tensor ${key} is used before it is produced`);
    return value;
  }

  isConst(key: string): boolean {
    return this.value(key).kind === 'const';
  }

  /** The constant behind key; ops whose TF attribute arrives as a tensor (axes, paddings, shape) need one. */
  constant(node: GraphNode, key: string | undefined, what: string): ConstTensor {
    if (key === undefined) throw new ConversionError(node.op, node.name, `missing input: ${what}`);
    const value = this.value(key);
    if (value.kind !== 'const') {
      throw new ConversionError(node.op, node.name, `${what} (${key}) must be a constant, it is computed at run time`);
    }
    return value.tensor;
  }

  shape(key: string): number[] {
    const value = this.value(key);
    return value.kind === 'const' ? value.tensor.shape : value.shape;
  }

  /** True when the value can be used in NCHW: a rank-4 run-time tensor. */
  isSpatial(key: string): boolean {
    const value = this.value(key);
    return value.kind === 'dynamic' && value.shape.length === 4;
  }

  /** True when the value already lives in NCHW (so staying in NCHW costs nothing). */
  hasNchw(key: string): boolean {
    const value = this.value(key);
    return value.kind === 'dynamic' && value.nchw !== undefined;
  }

  /** ONNX name of the tensor in TF order, transposing back from NCHW if that is all there is. */
  native(key: string): string {
    const value = this.value(key);
    if (value.kind === 'const') return this.materialise(key, value.tensor, 'native');
    if (value.native === undefined) {
      value.native = this.builder.add('Transpose', [value.nchw as string], `${key}/nhwc`, {
        perm: { ints: NCHW_TO_NHWC },
      });
    }
    return value.native;
  }

  /** ONNX name of the tensor in NCHW; constants are rewritten to broadcast against NCHW tensors. */
  nchw(key: string): string {
    const value = this.value(key);
    if (value.kind === 'const') return this.materialise(key, value.tensor, 'nchw');
    if (value.shape.length !== 4) throw new Error(`internal error: ${key} has rank ${value.shape.length}, not 4`);
    if (value.nchw === undefined) {
      value.nchw = this.builder.add('Transpose', [value.native as string], `${key}/nchw`, {
        perm: { ints: NHWC_TO_NCHW },
      });
    }
    return value.nchw;
  }

  /** An initializer built at conversion time (weights already permuted, shape tensors...). */
  initializer(base: string, data: Float32Array, dims: number[]): string {
    return this.builder.addInitializer(base, { dtype: 'float32', dims, data });
  }

  int64Initializer(base: string, values: number[]): string {
    return this.builder.addInitializer(base, {
      dtype: 'int64',
      dims: [values.length],
      data: BigInt64Array.from(values.map((v) => BigInt(v))),
    });
  }

  /** A float scalar initializer (Clip bounds, pad values). */
  scalar(base: string, value: number): string {
    return this.builder.addInitializer(base, { dtype: 'float32', dims: [], data: Float32Array.of(value) });
  }

  private materialise(key: string, tensor: ConstTensor, layout: 'nchw' | 'native'): string {
    const cacheKey = `${layout}:${key}`;
    const cached = this.constNames.get(cacheKey);
    if (cached) return cached;
    const t = layout === 'nchw' ? constForNchwBroadcast(tensor) : tensor;
    let name: string;
    if (t.dtype === 'float32') {
      name = this.initializer(key, t.data as Float32Array, t.shape);
    } else if (t.dtype === 'int32') {
      // Every ONNX op the converter feeds an integer tensor to (shapes, axes, pads) takes int64.
      name = this.builder.addInitializer(key, {
        dtype: 'int64',
        dims: t.shape,
        data: BigInt64Array.from(Array.from(t.data as Int32Array, (v) => BigInt(v))),
      });
    } else {
      throw new Error(`constant ${key} is boolean, which no supported op consumes`);
    }
    this.constNames.set(cacheKey, name);
    return name;
  }
}
