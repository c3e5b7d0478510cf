import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { dtypeOfOnnx, tensorFromProto, type DType, type Tensor } from './tensor';
import { ONNX_OPSET, OnnxGraphBuilder, type OnnxAttr, type OnnxDim } from './writer';

const { onnx } = onnxProto;

/** One ONNX node; attributes use the writer's representation so a read graph writes back unchanged. */
export interface GraphNode {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, OnnxAttr>;
}

/** A graph input or output with its element type and static dimensions (a string for a symbolic one). */
export interface ValueInfo {
  name: string;
  dtype: DType;
  dims: OnnxDim[];
}

/**
 * An ONNX graph held in memory in a form that is easy to rewrite: nodes in topological order,
 * initializers as typed arrays keyed by name.
 */
export interface Graph {
  name: string;
  nodes: GraphNode[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers: Map<string, Tensor>;
  opset: number;
  metadata: Record<string, string>;
}

/** Opsets whose semantics for the supported ops match opset 17's (axes of Squeeze/Unsqueeze/ReduceSum as inputs). */
export const MIN_READ_OPSET = 13;
/** The newest opset whose changes to the supported ops the reader rewrites into opset 17 forms. */
export const MAX_READ_OPSET = 21;

function attrFromProto(a: OnnxTypes.IAttributeProto): OnnxAttr | undefined {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case T.INT:
      return { i: Number(a.i?.toString() ?? 0) };
    case T.INTS:
      return { ints: (a.ints ?? []).map((v) => Number(v.toString())) };
    case T.FLOAT:
      return { f: a.f ?? 0 };
    case T.FLOATS:
      return { floats: a.floats ?? [] };
    case T.STRING:
      return { s: new TextDecoder().decode(a.s ?? new Uint8Array()) };
    case T.TENSOR:
      return a.t ? { t: tensorFromProto(a.t) } : undefined;
    default:
      return undefined;
  }
}

function valueInfoFromProto(v: OnnxTypes.IValueInfoProto): ValueInfo {
  const tt = v.type?.tensorType;
  if (!tt) throw new Error(`graph value ${v.name ?? ''} is not a tensor`);
  return {
    name: v.name ?? '',
    dtype: dtypeOfOnnx(tt.elemType ?? 0),
    dims: (tt.shape?.dim ?? []).map((d) =>
      d.dimValue !== undefined && d.dimValue !== null ? Number(d.dimValue.toString()) : (d.dimParam ?? '?'),
    ),
  };
}

/** Decodes ModelProto bytes into a Graph. Constant nodes stay nodes; the shape layer folds them. */
export function readModel(bytes: Uint8Array): Graph {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph;
  if (!graph) throw new Error('the ONNX model has no graph');
  const opset = Number(
    (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx')?.version?.toString() ?? 0,
  );
  const initializers = new Map<string, Tensor>();
  for (const init of graph.initializer ?? []) initializers.set(init.name ?? '', tensorFromProto(init));
  const nodes: GraphNode[] = (graph.node ?? []).map((n, index) => {
    if (n.domain && n.domain !== 'ai.onnx') {
      throw new Error(
        `node ${n.name || index} (${n.opType}) is in domain ${n.domain}; only standard ONNX ops are supported`,
      );
    }
    const attrs: Record<string, OnnxAttr> = {};
    for (const a of n.attribute ?? []) {
      const value = attrFromProto(a);
      if (value === undefined)
        throw new Error(`node ${n.name || index} (${n.opType}): attribute ${a.name} has an unsupported type`);
      attrs[a.name ?? ''] = value;
    }
    return {
      op: n.opType ?? '',
      name: n.name || `${n.opType}_${index}`,
      inputs: n.input ?? [],
      outputs: n.output ?? [],
      attrs,
    };
  });
  return {
    name: graph.name ?? 'graph',
    nodes,
    // Initializers listed as inputs (older exporters do that) are constants, not run-time inputs.
    inputs: (graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map(valueInfoFromProto),
    outputs: (graph.output ?? []).map(valueInfoFromProto),
    initializers,
    opset,
    metadata: Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
  };
}

/** Encodes a Graph as ModelProto bytes (opset 17, the semantics every node of a Graph is kept in). */
export function writeModel(
  graph: Graph,
  options: {
    docString?: string;
    producerName?: string;
    /** Only to write test models in a newer opset's forms. */ opset?: number;
  } = {},
): Uint8Array {
  const builder = new OnnxGraphBuilder();
  for (const input of graph.inputs) builder.addInput(input.name, input.dims, input.dtype);
  // Initializers keep their names: the writer only renames on collision, and names in a graph are unique.
  for (const [name, tensor] of graph.initializers) builder.addInitializer(name, tensor);
  for (const node of graph.nodes) builder.addRawNode(node.op, node.name, node.inputs, node.outputs, node.attrs);
  for (const output of graph.outputs) builder.addOutput(output.name, output.dims, output.dtype);
  return builder.serialize({
    graphName: graph.name,
    docString: options.docString ?? '',
    metadata: graph.metadata,
    producerName: options.producerName ?? 'mien-onnx-graph',
    opset: options.opset ?? ONNX_OPSET,
  });
}
