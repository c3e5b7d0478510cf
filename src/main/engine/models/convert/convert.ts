import { ConversionContext, ConversionError } from './context';
import { parseGraph } from './graph';
import { ONNX_OPSET, OnnxGraphBuilder, type OnnxDim } from '../../onnx';
import { opConverters } from './ops';
import { readTfjsGraphModel, type TfjsGraphModelFiles } from './tfjs-format';
import { decodeWeights } from './weights';

/** A graph input or output as the converted model exposes it: TF (NHWC) order, -1 for a free size. */
export interface TensorSignature {
  name: string;
  shape: number[];
}

export interface ConvertedModel {
  onnx: Uint8Array;
  inputs: TensorSignature[];
  outputs: TensorSignature[];
  /** Source op -> count, for reports. */
  ops: Record<string, number>;
  opset: number;
}

export interface ConvertOptions {
  /** Name for the ONNX graph and its doc string. */
  graphName?: string;
  /** Provenance stored in the ONNX metadata_props (package, version, source file, licence). */
  metadata?: Record<string, string>;
}

const onnxDims = (shape: number[]): OnnxDim[] => shape.map((d, i) => (d >= 0 ? d : i === 0 ? 'batch' : `dim${i}`));

/** Every op of the graph that has no converter, as "Op (node)" strings. */
export function unsupportedOps(files: TfjsGraphModelFiles): string[] {
  return parseGraph(files.json)
    .nodes.filter((n) => n.op !== 'Const' && n.op !== 'Placeholder' && !opConverters[n.op])
    .map((n) => `${n.op} (${n.name})`);
}

/** Converts a TF.js graph model already read from disk. */
export function convertTfjsGraph(files: TfjsGraphModelFiles, options: ConvertOptions = {}): ConvertedModel {
  const graph = parseGraph(files.json);
  // Fail before doing any work, listing every unsupported op at once, so one run tells the whole story.
  const missing = unsupportedOps(files);
  if (missing.length > 0) {
    const first = graph.nodes.find((n) => `${n.op} (${n.name})` === missing[0]);
    throw new ConversionError(
      first?.op ?? 'unknown',
      first?.name ?? 'unknown',
      `unsupported op; the converter cannot translate ${missing.length} node(s) of ${files.modelJsonPath}: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}`,
    );
  }
  const weights = decodeWeights(files);
  const builder = new OnnxGraphBuilder();
  const ctx = new ConversionContext(builder);
  const ops: Record<string, number> = {};

  for (const input of graph.inputs) builder.addInput(input.name, onnxDims(input.shape));
  for (const node of graph.nodes) {
    ops[node.op] = (ops[node.op] ?? 0) + 1;
    if (node.op === 'Const') {
      const tensor = weights.get(node.name);
      if (!tensor) throw new ConversionError('Const', node.name, 'has no entry in the weights manifest');
      ctx.define(node.name, { kind: 'const', tensor });
    } else if (node.op === 'Placeholder') {
      const input = graph.inputs.find((i) => i.key === node.name);
      const dtype = node.attr.dtype?.type ?? 'DT_FLOAT';
      if (!input || dtype !== 'DT_FLOAT')
        throw new ConversionError('Placeholder', node.name, `input dtype ${dtype} is not supported (only float32)`);
      ctx.define(node.name, { kind: 'dynamic', shape: input.shape, native: input.name });
    } else {
      const converter = opConverters[node.op] as (typeof opConverters)[string];
      try {
        converter(node, ctx);
      } catch (error) {
        if (error instanceof ConversionError) throw error;
        throw new ConversionError(node.op, node.name, (error as Error).message);
      }
    }
  }

  const outputs: TensorSignature[] = [];
  for (const output of graph.outputs) {
    const value = ctx.value(output.key);
    if (value.kind === 'const') throw new ConversionError('Identity', output.key, 'the output is a constant');
    // Outputs keep the TF layout and shape so results compare one to one with the TF.js model.
    const produced = ctx.native(output.key);
    builder.add('Identity', [produced], output.name);
    builder.addOutput(output.name, onnxDims(value.shape));
    outputs.push({ name: output.name, shape: value.shape });
  }

  const bytes = builder.serialize({
    graphName: options.graphName ?? 'tfjs_graph',
    docString: `Converted from the TF.js graph model ${options.graphName ?? ''} by Mien's tfjs-to-onnx converter`,
    metadata: options.metadata ?? {},
  });
  return {
    onnx: bytes,
    inputs: graph.inputs.map((i) => ({ name: i.name, shape: i.shape })),
    outputs,
    ops,
    opset: ONNX_OPSET,
  };
}

/** Reads model.json plus shards and converts them to an ONNX ModelProto. */
export async function convertTfjsModelFile(
  modelJsonPath: string,
  options: ConvertOptions = {},
): Promise<ConvertedModel> {
  return convertTfjsGraph(await readTfjsGraphModel(modelJsonPath), options);
}
