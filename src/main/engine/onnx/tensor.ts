import onnxProto from 'onnx-proto';

// onnx-proto is CommonJS (protobufjs static code); its root namespace is a property of the default export.
const { onnx } = onnxProto;

/** Element types the graph layer reads, folds and writes. */
export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'bool' | 'uint8';

export type TensorArray = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;

/** A constant tensor held in memory: an initializer, a Constant node's value or a folded result. */
export interface Tensor {
  dtype: DType;
  dims: number[];
  data: TensorArray;
}

const ONNX_TYPE: Record<DType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float64: onnx.TensorProto.DataType.DOUBLE,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
  uint8: onnx.TensorProto.DataType.UINT8,
};

export function onnxElemType(dtype: DType): number {
  return ONNX_TYPE[dtype];
}

export function dtypeOfOnnx(elemType: number): DType {
  const entry = Object.entries(ONNX_TYPE).find(([, code]) => code === elemType);
  if (!entry)
    throw new Error(`ONNX element type ${elemType} is not supported (float32, float64, int64, int32, bool, uint8 are)`);
  return entry[0] as DType;
}

export const sizeOf = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

export function allocate(dtype: DType, length: number): TensorArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'int64':
      return new BigInt64Array(length);
    case 'int32':
      return new Int32Array(length);
    default:
      return new Uint8Array(length);
  }
}

/** The tensor's values as JS numbers (int64 values beyond 2^53 lose precision; shapes never get there). */
export function toNumbers(t: Tensor): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v));
}

/** Builds a tensor of dtype from JS numbers. */
export function fromNumbers(dtype: DType, dims: number[], values: ArrayLike<number>): Tensor {
  const data = allocate(dtype, values.length);
  if (data instanceof BigInt64Array)
    for (let i = 0; i < values.length; i++) data[i] = BigInt(Math.trunc(values[i] as number));
  else (data as Float32Array).set(values);
  return { dtype, dims, data };
}

export const float32 = (dims: number[], values: ArrayLike<number>): Tensor => fromNumbers('float32', dims, values);
export const int64 = (values: number[], dims: number[] = [values.length]): Tensor => fromNumbers('int64', dims, values);
export const scalar = (value: number): Tensor => fromNumbers('float32', [], [value]);

/** Little-endian bytes of the tensor, as ONNX raw_data requires (every supported platform is little-endian). */
export function rawBytes(t: Tensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).slice();
}

/** Reads a TensorProto's values whichever field they are stored in. */
export function tensorFromProto(proto: {
  name?: string | null;
  dims?: (number | { toString(): string })[] | null;
  dataType?: number | null;
  rawData?: Uint8Array | null;
  floatData?: number[] | null;
  doubleData?: number[] | null;
  int32Data?: number[] | null;
  int64Data?: (number | { toString(): string })[] | null;
  dataLocation?: number | null;
}): Tensor {
  if (proto.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new Error(`tensor ${proto.name ?? ''} stores its data in an external file, which is not supported`);
  }
  const dtype = dtypeOfOnnx(proto.dataType ?? 0);
  const dims = (proto.dims ?? []).map((d) => Number(d.toString()));
  const length = sizeOf(dims);
  const data = allocate(dtype, length);
  if (proto.rawData && proto.rawData.length > 0) {
    if (proto.rawData.length !== data.byteLength) {
      throw new Error(
        `tensor ${proto.name ?? ''} has ${proto.rawData.length} bytes of data, expected ${data.byteLength}`,
      );
    }
    new Uint8Array(data.buffer).set(proto.rawData);
  } else if (dtype === 'float32' && proto.floatData?.length) {
    (data as Float32Array).set(proto.floatData);
  } else if (dtype === 'float64' && proto.doubleData?.length) {
    (data as Float64Array).set(proto.doubleData);
  } else if (dtype === 'int64' && proto.int64Data?.length) {
    proto.int64Data.forEach((v, i) => ((data as BigInt64Array)[i] = BigInt(v.toString())));
  } else if (proto.int32Data?.length) {
    // int32, bool and uint8 all travel in int32_data.
    (data as Int32Array | Uint8Array).set(proto.int32Data);
  } else if (length > 0) {
    throw new Error(`tensor ${proto.name ?? ''} has no data`);
  }
  return { dtype, dims, data };
}
