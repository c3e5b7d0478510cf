import type { GraphNode } from '../onnx';
import { GraphError } from '../onnx';
import type { ShapedGraph } from '../onnx';
import { sizeOf } from '../onnx';
import type { GradContext } from './rules/context';
import { gradRules } from './rules';

const isFloat = (g: ShapedGraph, name: string): boolean => {
  const dtype = g.type(name).dtype;
  return dtype === 'float32' || dtype === 'float64';
};

/**
 * Reverse-mode pass: appends to g the nodes computing d loss / d w for each w of wrt and returns
 * their names. Only nodes on a path from a wrt input to the loss get gradient nodes; a value with
 * several consumers gets its contributions added with one Sum.
 */
export function appendBackward(g: ShapedGraph, loss: string, wrt: string[]): Map<string, string> {
  const lossDims = g.dims(loss);
  if (sizeOf(lossDims) !== 1) throw new Error(`the loss must be a scalar; ${loss} has shape [${lossDims.join(', ')}]`);
  const forward: GraphNode[] = [...g.nodes];

  const requires = new Set(wrt);
  for (const node of forward) {
    if (node.inputs.some((i) => requires.has(i))) {
      for (const o of node.outputs) if (o !== '' && isFloat(g, o)) requires.add(o);
    }
  }
  if (!requires.has(loss)) throw new Error(`the loss does not depend on ${wrt.join(', ')}`);

  const contributions = new Map<string, string[]>();
  contributions.set(loss, [g.floats('loss_seed', lossDims, [1])]);
  const gradientOf = (name: string): string | undefined => {
    const parts = contributions.get(name);
    if (!parts || parts.length === 0) return undefined;
    if (parts.length === 1) return parts[0];
    const sum = g.op1('Sum', parts, {}, 'grad_acc');
    contributions.set(name, [sum]);
    return sum;
  };

  for (let n = forward.length - 1; n >= 0; n--) {
    const node = forward[n] as GraphNode;
    if (!node.inputs.some((i) => requires.has(i))) continue;
    const outGrads = node.outputs.map((o) => (requires.has(o) ? gradientOf(o) : undefined));
    if (outGrads.every((gr) => gr === undefined)) continue;
    const rule = gradRules[node.op];
    if (!rule) throw new GraphError(node.name, node.op, 'the gradient builder cannot differentiate this op');
    const ctx: GradContext = {
      g,
      node,
      gradOut: (i) => outGrads[i],
      needs: (i) => requires.has(node.inputs[i] ?? ''),
    };
    let inputGrads: (string | undefined)[];
    try {
      inputGrads = rule(ctx);
    } catch (error) {
      if (error instanceof GraphError) throw error;
      throw new GraphError(node.name, node.op, (error as Error).message);
    }
    node.inputs.forEach((name, i) => {
      const grad = inputGrads[i];
      if (grad === undefined || !requires.has(name)) return;
      const list = contributions.get(name) ?? [];
      list.push(grad);
      contributions.set(name, list);
    });
  }

  const result = new Map<string, string>();
  for (const w of wrt) {
    const grad = gradientOf(w);
    if (grad === undefined) throw new Error(`the loss does not depend on ${w}`);
    result.set(w, grad);
  }
  return result;
}
