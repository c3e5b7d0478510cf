import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

// onnx-proto is CommonJS (protobufjs static code); its root namespace is a property of the default export.
const { onnx } = onnxProto;

/**
 * Rewrites every per-channel PRelu of an ONNX model as Relu(x) + (-alpha) * Relu(-x), with the two
 * scalings done by depthwise 1x1 convolutions.
 *
 * Why: ONNX Runtime's CPU provider runs convolutions in its blocked NCHWc layout, but PRelu is not
 * one of the ops that layout supports, so the graph leaves and re-enters it around each of the 28
 * (mesh) and 53 (iris) PRelus, and PRelu itself runs slowly on real images. Measured here, one
 * thread: mesh 3.4 -> 1.4 ms, iris (two eyes) 6.3 -> 2.5 ms, outputs equal to 3e-5. Depthwise
 * convs and Relu stay in NCHWc and ORT fuses Conv+Relu and Conv+Add.
 *
 * This belongs in the converter's PRelu lowering (models/convert/ops.ts); until it moves there the
 * face pipeline applies it in memory, after the file's sha256 was verified. A model without
 * PRelu comes back unchanged, so the pass is harmless once the converter does it.
 */
export function lowerPreluForOrt(modelBytes: Uint8Array): { bytes: Uint8Array; rewritten: number } {
  const model = onnx.ModelProto.decode(modelBytes);
  const graph = model.graph;
  if (!graph?.node?.some((node) => node.opType === 'PRelu')) return { bytes: modelBytes, rewritten: 0 };
  const graphNodes = graph.node;
  const graphInitializers = graph.initializer ?? [];
  const initializers = new Map(graphInitializers.map((tensor) => [tensor.name ?? '', tensor]));
  const nodes: OnnxTypes.INodeProto[] = [];
  let rewritten = 0;
  const addWeights = (name: string, values: Float32Array) => {
    graphInitializers.push(
      onnx.TensorProto.create({
        name,
        dims: [values.length, 1, 1, 1],
        dataType: onnx.TensorProto.DataType.FLOAT,
        rawData: new Uint8Array(values.buffer.slice(0)),
      }),
    );
  };
  for (const node of graphNodes) {
    const alpha = node.opType === 'PRelu' ? channelSlopes(initializers.get(node.input?.[1] ?? '')) : null;
    const x = node.input?.[0];
    const y = node.output?.[0];
    if (!alpha || !x || !y) {
      nodes.push(node);
      continue;
    }
    const p = `prelu_lowered_${rewritten++}`;
    const group = onnx.AttributeProto.create({
      name: 'group',
      type: onnx.AttributeProto.AttributeType.INT,
      i: alpha.length,
    });
    addWeights(`${p}/minus_one`, new Float32Array(alpha.length).fill(-1));
    addWeights(`${p}/one`, new Float32Array(alpha.length).fill(1));
    addWeights(
      `${p}/minus_alpha`,
      alpha.map((a) => -a),
    );
    const conv = (input: string, weights: string, output: string) =>
      onnx.NodeProto.create({
        opType: 'Conv',
        input: [input, `${p}/${weights}`],
        output: [output],
        attribute: [group],
      });
    const relu = (input: string, output: string) =>
      onnx.NodeProto.create({ opType: 'Relu', input: [input], output: [output] });
    nodes.push(
      conv(x, 'minus_one', `${p}/neg`),
      relu(`${p}/neg`, `${p}/neg_relu`),
      conv(x, 'one', `${p}/pos`),
      relu(`${p}/pos`, `${p}/pos_relu`),
      conv(`${p}/neg_relu`, 'minus_alpha', `${p}/neg_scaled`),
      onnx.NodeProto.create({ opType: 'Add', input: [`${p}/pos_relu`, `${p}/neg_scaled`], output: [y] }),
    );
  }
  graph.node = nodes;
  const used = new Set(nodes.flatMap((node) => node.input ?? []));
  graph.initializer = graphInitializers.filter((tensor) => used.has(tensor.name ?? ''));
  return { bytes: onnx.ModelProto.encode(model).finish(), rewritten };
}

/** Float32 slopes of a per-channel PRelu on NCHW activations ([1, C, 1, 1] or [C, 1, 1]), else null. */
function channelSlopes(tensor: OnnxTypes.ITensorProto | undefined): Float32Array | null {
  if (!tensor || tensor.dataType !== onnx.TensorProto.DataType.FLOAT) return null;
  const dims = (tensor.dims ?? []).map(Number);
  const channelAxis = dims.length - 3;
  if (channelAxis < 0 || dims.some((d, axis) => axis !== channelAxis && d !== 1)) return null;
  if (tensor.rawData && tensor.rawData.length > 0) {
    const raw = tensor.rawData;
    return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  }
  return tensor.floatData && tensor.floatData.length > 0 ? Float32Array.from(tensor.floatData) : null;
}
