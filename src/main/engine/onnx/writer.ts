import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { onnxElemType, rawBytes, type DType, type Tensor } from './tensor';

// onnx-proto is CommonJS (protobufjs static code); its root namespace is a property of the default export.
const { onnx } = onnxProto;

/** ONNX opset the writers target; every op they emit has this version's semantics (axes as attributes for ReduceMean). */
export const ONNX_OPSET = 17;
/** IR version 8 is what ONNX 1.10 to 1.13 write for opsets 15 to 18. */
const IR_VERSION = 8;

export type OnnxAttr =
  { i: number } | { ints: number[] } | { f: number } | { floats: number[] } | { s: string } | { t: Tensor };

/** Tensor data for an initializer. Typed arrays are written as little-endian raw_data, as ONNX requires. */
export type InitializerData = Tensor;

/** A dimension: a number for a static size, a string for a named symbolic one (the batch). */
export type OnnxDim = number | string;

function toAttributeProto(name: string, value: OnnxAttr): OnnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('i' in value) return { name, type: T.INT, i: value.i };
  if ('ints' in value) return { name, type: T.INTS, ints: value.ints };
  if ('f' in value) return { name, type: T.FLOAT, f: value.f };
  if ('floats' in value) return { name, type: T.FLOATS, floats: value.floats };
  if ('t' in value) return { name, type: T.TENSOR, t: tensorProto(name, value.t) };
  return { name, type: T.STRING, s: new TextEncoder().encode(value.s) };
}

function tensorProto(name: string, tensor: Tensor): OnnxTypes.ITensorProto {
  return { name, dims: tensor.dims, dataType: onnxElemType(tensor.dtype), rawData: rawBytes(tensor) };
}

function valueInfo(name: string, dims: OnnxDim[], dtype: DType): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnxElemType(dtype),
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Accumulates nodes, initializers and graph inputs/outputs, then writes a ModelProto with onnx-proto. */
export class OnnxGraphBuilder {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly names = new Set<string>();

  /** A value name not used yet, derived from base. */
  uniqueName(base: string): string {
    let name = base;
    for (let n = 1; this.names.has(name); n++) name = `${base}_${n}`;
    this.names.add(name);
    return name;
  }

  /** Adds a node and returns the names of its outputs (made unique from outputBases). */
  addNode(
    opType: string,
    inputs: string[],
    outputBases: string[],
    attributes: Record<string, OnnxAttr> = {},
  ): string[] {
    const outputs = outputBases.map((base) => this.uniqueName(base));
    this.nodes.push({
      opType,
      name: this.uniqueName(`${outputBases[0] ?? opType}/${opType}`),
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([key, value]) => toAttributeProto(key, value)),
    });
    return outputs;
  }

  /** Adds a node whose output names are already decided (a graph read from a file, rewritten). */
  addRawNode(
    opType: string,
    name: string,
    inputs: string[],
    outputs: string[],
    attributes: Record<string, OnnxAttr>,
  ): void {
    for (const output of outputs) this.names.add(output);
    this.nodes.push({
      opType,
      name,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([key, value]) => toAttributeProto(key, value)),
    });
  }

  /** Convenience for single-output nodes. */
  add(opType: string, inputs: string[], outputBase: string, attributes: Record<string, OnnxAttr> = {}): string {
    return this.addNode(opType, inputs, [outputBase], attributes)[0] as string;
  }

  addInitializer(base: string, tensor: InitializerData): string {
    const name = this.uniqueName(base);
    this.initializers.push(tensorProto(name, tensor));
    return name;
  }

  /** Declares a graph input of any supported element type (float32 unless told). */
  addInput(name: string, dims: OnnxDim[], dtype: DType = 'float32'): void {
    this.names.add(name);
    this.inputs.push(valueInfo(name, dims, dtype));
  }

  /** Declares a graph output; the value must already be produced under exactly this name. */
  addOutput(name: string, dims: OnnxDim[], dtype: DType = 'float32'): void {
    this.outputs.push(valueInfo(name, dims, dtype));
  }

  isNameTaken(name: string): boolean {
    return this.names.has(name);
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  /** Serialises the model. metadata lands in ModelProto.metadata_props (provenance of the source model). */
  serialize(options: {
    graphName: string;
    docString: string;
    metadata: Record<string, string>;
    producerName?: string;
    opset?: number;
  }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: options.producerName ?? 'mien-tfjs-to-onnx',
      producerVersion: '1',
      docString: options.docString,
      opsetImport: [{ domain: '', version: options.opset ?? ONNX_OPSET }],
      metadataProps: Object.entries(options.metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: options.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    const error = onnx.ModelProto.verify(model);
    if (error) throw new Error(`internal error: the ONNX model does not verify: ${error}`);
    return onnx.ModelProto.encode(model).finish();
  }
}
