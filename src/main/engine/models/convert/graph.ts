import type { TfjsAttrValue, TfjsModelJson, TfjsNodeDef } from './tfjs-format';
import { signatureOf } from './tfjs-format';

/** A node of the TF graph with its data inputs normalised to tensor keys ("node" or "node:k"). */
export interface GraphNode {
  name: string;
  op: string;
  inputs: string[];
  attr: Record<string, TfjsAttrValue>;
}

export interface ParsedGraph {
  /** Nodes needed for the outputs, in an order where every input comes before its consumer. */
  nodes: GraphNode[];
  inputs: { key: string; name: string; shape: number[] }[];
  outputs: { key: string; name: string }[];
}

/** "node:0" and "node" are the same tensor; control inputs ("^node") carry no data. */
export function tensorKey(ref: string): string {
  return ref.endsWith(':0') ? ref.slice(0, -2) : ref;
}

const nodeOfKey = (key: string): string => key.replace(/:\d+$/, '');

/** An ONNX-friendly name: the signature key when it is a plain identifier, else the TF name without ":0". */
function friendlyName(signatureKey: string, tensorName: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(signatureKey) ? signatureKey : tensorKey(tensorName);
}

function shapeOfPlaceholder(node: GraphNode): number[] {
  const dims = node.attr.shape?.shape?.dim;
  if (!dims) throw new Error(`input ${node.name} has no static shape; the converter needs one`);
  return dims.map((d) => Number(d.size ?? -1));
}

/** Parses the topology, picks inputs and outputs (from the signature when present) and sorts the needed nodes. */
export function parseGraph(json: TfjsModelJson): ParsedGraph {
  const byName = new Map<string, GraphNode>();
  for (const def of json.modelTopology.node as TfjsNodeDef[]) {
    byName.set(def.name, {
      name: def.name,
      op: def.op,
      inputs: (def.input ?? []).filter((ref) => !ref.startsWith('^')).map(tensorKey),
      attr: def.attr ?? {},
    });
  }
  const signature = signatureOf(json);
  let outputs: ParsedGraph['outputs'];
  if (signature?.outputs && Object.keys(signature.outputs).length > 0) {
    outputs = Object.entries(signature.outputs).map(([key, tensor]) => ({
      key: tensorKey(tensor.name),
      name: friendlyName(key, tensor.name),
    }));
  } else {
    const consumed = new Set([...byName.values()].flatMap((n) => n.inputs.map(nodeOfKey)));
    outputs = [...byName.values()]
      .filter((n) => !consumed.has(n.name) && n.op !== 'Const' && n.op !== 'Placeholder')
      .map((n) => ({ key: n.name, name: n.name }));
  }
  for (const output of outputs) {
    if (!byName.has(nodeOfKey(output.key))) throw new Error(`output ${output.key} is not a node of the graph`);
  }

  // Depth-first post-order from the outputs: only nodes that feed an output are converted.
  const ordered: GraphNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): void => {
    const node = byName.get(name);
    if (!node) throw new Error(`node ${name} is referenced but not defined in the graph`);
    const seen = state.get(name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(`the graph has a cycle through ${name}`);
    state.set(name, 'visiting');
    for (const input of node.inputs) visit(nodeOfKey(input));
    state.set(name, 'done');
    ordered.push(node);
  };
  for (const output of outputs) visit(nodeOfKey(output.key));

  const signatureInputs = Object.entries(signature?.inputs ?? {});
  const inputs = ordered
    .filter((n) => n.op === 'Placeholder')
    .map((n) => {
      const entry = signatureInputs.find(([, t]) => tensorKey(t.name) === n.name);
      return {
        key: n.name,
        name: entry ? friendlyName(entry[0], entry[1].name) : n.name,
        shape: shapeOfPlaceholder(n),
      };
    });
  return { nodes: ordered, inputs, outputs };
}

/** Typed readers for the attributes the op converters use; a missing required attribute is a clear error. */
export const attrs = {
  ints(node: GraphNode, key: string, fallback?: number[]): number[] {
    const list = node.attr[key]?.list?.i;
    if (list) return list.map(Number);
    if (fallback) return fallback;
    throw new Error(`${node.op} node ${node.name} lacks attribute ${key}`);
  },
  string(node: GraphNode, key: string, fallback?: string): string {
    const s = node.attr[key]?.s;
    if (s !== undefined) return Buffer.from(s, 'base64').toString('utf8');
    if (fallback !== undefined) return fallback;
    throw new Error(`${node.op} node ${node.name} lacks attribute ${key}`);
  },
  strings(node: GraphNode, key: string): string[] {
    return (node.attr[key]?.list?.s ?? []).map((s) => Buffer.from(s, 'base64').toString('utf8'));
  },
  bool(node: GraphNode, key: string, fallback: boolean): boolean {
    return node.attr[key]?.b ?? fallback;
  },
  float(node: GraphNode, key: string, fallback: number): number {
    return node.attr[key]?.f ?? fallback;
  },
  int(node: GraphNode, key: string, fallback: number): number {
    const i = node.attr[key]?.i;
    return i === undefined ? fallback : Number(i);
  },
};
