import { readModel, writeModel, type GraphNode } from '../onnx';
import { ShapedGraph } from '../onnx';

/** Opens ModelProto bytes as a shape-resolved graph (inputDims fixes symbolic input sizes). */
export function openModel(bytes: Uint8Array, inputDims: Record<string, number[]> = {}): ShapedGraph {
  return ShapedGraph.fromGraph(readModel(bytes), inputDims);
}

/** The same model with the given values (for example a perceptual network's named layer) as its outputs. */
export function modelWithOutputs(bytes: Uint8Array, outputs: string[]): Uint8Array {
  const g = openModel(bytes);
  for (const name of outputs) {
    if (!g.has(name)) throw new Error(`the model has no value named ${name}`);
  }
  g.outputs = [];
  for (const name of outputs) g.addOutput(name);
  return writeModel(g.toGraph(), { producerName: 'mien-autodiff' });
}

/**
 * Copies into g the part of `other` that computes `wanted`, feeding other's inputs from g's values
 * named in inputMap. Every copied name gets a fresh name in g; returns wanted -> new name.
 */
export function inlineGraph(
  g: ShapedGraph,
  other: ShapedGraph,
  inputMap: Record<string, string>,
  wanted: string[],
  prefix: string,
): Map<string, string> {
  const rename = new Map<string, string>(Object.entries(inputMap));
  for (const input of other.inputs) {
    if (!rename.has(input.name)) throw new Error(`input ${input.name} of the ${prefix} network is not connected`);
    const from = rename.get(input.name) as string;
    if (g.dims(from).join(',') !== input.dims.join(',')) {
      throw new Error(
        `the ${prefix} network expects ${input.name} of shape [${input.dims.join(', ')}], got [${g.dims(from).join(', ')}]`,
      );
    }
  }
  const needed = new Set(wanted);
  const nodes: GraphNode[] = [];
  for (let i = other.nodes.length - 1; i >= 0; i--) {
    const node = other.nodes[i] as GraphNode;
    if (!node.outputs.some((o) => needed.has(o))) continue;
    nodes.push(node);
    for (const input of node.inputs) needed.add(input);
  }
  nodes.reverse();
  const mapName = (name: string): string => {
    if (name === '') return '';
    const known = rename.get(name);
    if (known) return known;
    const constant = other.constant(name);
    if (!constant) throw new Error(`internal error: ${name} of the ${prefix} network is used before it is produced`);
    const fresh = g.addConstant(`${prefix}/${name}`, constant);
    rename.set(name, fresh);
    return fresh;
  };
  for (const node of nodes) {
    const inputs = node.inputs.map(mapName);
    const outputs = node.outputs.map((o) => {
      const fresh = o === '' ? '' : g.fresh(`${prefix}/${o}`);
      if (o !== '') rename.set(o, fresh);
      return fresh;
    });
    g.addNode({ op: node.op, name: g.fresh(`${prefix}/${node.name}`), inputs, outputs, attrs: { ...node.attrs } });
  }
  const result = new Map<string, string>();
  for (const w of wanted) {
    const name = rename.get(w);
    if (!name) throw new Error(`the ${prefix} network has no value named ${w}`);
    result.set(w, name);
  }
  return result;
}
