import type {
  TfjsGraphModelFiles,
  TfjsModelJson,
  TfjsNodeDef,
  TfjsWeightSpec,
} from '../../../src/main/engine/models/convert/tfjs-format';

/** Deterministic pseudo-random numbers (mulberry32) so synthetic weights are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const ints = (values: number[]) => ({ list: { i: values.map(String) } });

/** Builds a TF.js graph model (model.json content plus one weight shard) node by node, as the TF.js converter writes it. */
export class SyntheticGraph {
  private readonly nodes: TfjsNodeDef[] = [];
  private readonly specs: TfjsWeightSpec[] = [];
  private readonly chunks: Uint8Array[] = [];
  private readonly random: () => number;

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  input(name: string, shape: number[]): string {
    this.nodes.push({
      name,
      op: 'Placeholder',
      attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: shape.map((size) => ({ size: String(size) })) } } },
    });
    return name;
  }

  /** float32 constant with uniform values in [lo, hi). */
  floats(name: string, shape: number[], lo = -1, hi = 1): string {
    const count = shape.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: count }, () => lo + (hi - lo) * this.random());
    return this.addConst(name, shape, { name, shape, dtype: 'float32' }, new Uint8Array(data.buffer));
  }

  /** Constant stored as float16 bits (exponents chosen so values stay in about 1/32..2, either sign). */
  float16(name: string, shape: number[]): string {
    const count = shape.reduce((a, b) => a * b, 1);
    const bits = Uint16Array.from({ length: count }, () => {
      const sign = this.random() < 0.5 ? 0x8000 : 0;
      const exponent = 10 + Math.floor(this.random() * 6);
      return sign | (exponent << 10) | Math.floor(this.random() * 1024);
    });
    const spec: TfjsWeightSpec = {
      name,
      shape,
      dtype: 'float32',
      quantization: { dtype: 'float16', original_dtype: 'float32' },
    };
    return this.addConst(name, shape, spec, new Uint8Array(bits.buffer));
  }

  /** Constant stored as uint8 with an affine scale and min, as TF.js --quantize_uint8 writes it. */
  uint8(name: string, shape: number[], scale: number, min: number): string {
    const count = shape.reduce((a, b) => a * b, 1);
    const bytes = Uint8Array.from({ length: count }, () => Math.floor(this.random() * 256));
    const spec: TfjsWeightSpec = { name, shape, dtype: 'float32', quantization: { dtype: 'uint8', scale, min } };
    return this.addConst(name, shape, spec, bytes);
  }

  int32(name: string, values: number[], shape = [values.length]): string {
    const data = Int32Array.from(values);
    return this.addConst(name, shape, { name, shape, dtype: 'int32' }, new Uint8Array(data.buffer));
  }

  /** Adds an op node. `attr` values: string -> s, number[] -> list of ints, boolean -> b, string[] -> list of s. */
  op(
    name: string,
    op: string,
    inputs: string[],
    attr: Record<string, string | number | boolean | number[] | string[]> = {},
  ): string {
    const encoded: TfjsNodeDef['attr'] = { T: { type: 'DT_FLOAT' } };
    for (const [key, value] of Object.entries(attr)) {
      if (typeof value === 'string')
        encoded[key] = key === 'T' || key.startsWith('T') ? { type: value } : { s: b64(value) };
      else if (typeof value === 'boolean') encoded[key] = { b: value };
      else if (typeof value === 'number') encoded[key] = { i: String(value) };
      else if (value.length > 0 && typeof value[0] === 'string')
        encoded[key] = { list: { s: (value as string[]).map(b64) } };
      else encoded[key] = ints(value as number[]);
    }
    this.nodes.push({ name, op, input: inputs, attr: encoded });
    return name;
  }

  build(): { files: TfjsGraphModelFiles; json: TfjsModelJson; weightData: ArrayBuffer; weightSpecs: TfjsWeightSpec[] } {
    const json: TfjsModelJson = {
      format: 'graph-model',
      generatedBy: 'synthetic',
      convertedBy: 'synthetic',
      modelTopology: { node: this.nodes, versions: { producer: 1 } },
      weightsManifest: [{ paths: ['synthetic.bin'], weights: this.specs }],
    };
    const total = this.chunks.reduce((n, c) => n + c.byteLength, 0);
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const chunk of this.chunks) {
      joined.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return {
      files: { modelJsonPath: 'synthetic/model.json', json, groupBytes: [joined] },
      json,
      weightData: joined.buffer,
      weightSpecs: this.specs,
    };
  }

  private addConst(name: string, shape: number[], spec: TfjsWeightSpec, bytes: Uint8Array): string {
    this.nodes.push({ name, op: 'Const', attr: { dtype: { type: spec.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT' } } });
    this.specs.push({ ...spec, shape });
    this.chunks.push(bytes.slice());
    return name;
  }
}
