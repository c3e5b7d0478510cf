import { foldNode, foldSlice } from './fold';
import { MAX_READ_OPSET, MIN_READ_OPSET, type Graph, type GraphNode, type ValueInfo } from './graph';
import { GraphError, type ShapeContext, type TensorType } from './shape-rules';
import { shapeRules, sliceGeometry } from './shapes';
import { fromNumbers, type DType, type Tensor } from './tensor';
import type { OnnxAttr } from './writer';

/**
 * A graph whose every value has a known element type and static shape, with constants folded as
 * nodes arrive. Readers (a model file) and writers (the gradient builder, the reference network
 * script) both add nodes through addNode/op, so every node is checked the moment it is added.
 */
export class ShapedGraph {
  readonly nodes: GraphNode[] = [];
  readonly inputs: ValueInfo[] = [];
  outputs: ValueInfo[] = [];
  private readonly types = new Map<string, TensorType>();
  private readonly constants = new Map<string, Tensor>();
  private readonly names = new Set<string>();
  /** Constants that stay initializers under their own name (never folded into), so they can be promoted to inputs later. */
  private readonly parameters = new Set<string>();

  constructor(
    readonly name: string,
    readonly metadata: Record<string, string> = {},
  ) {}

  /**
   * Resolves a graph read from a file: sorts it, infers every shape and folds constant subgraphs.
   * inputDims fixes the dims of inputs declared with symbolic sizes (a batch axis, for example).
   */
  static fromGraph(graph: Graph, inputDims: Record<string, number[]> = {}): ShapedGraph {
    if (graph.opset !== 0 && graph.opset < MIN_READ_OPSET) {
      throw new Error(`the model uses opset ${graph.opset}; opset ${MIN_READ_OPSET} or newer is required`);
    }
    const shaped = new ShapedGraph(graph.name, { ...graph.metadata });
    for (const [name, tensor] of graph.initializers) shaped.setConstant(name, tensor);
    for (const name of Object.keys(inputDims)) {
      if (!graph.inputs.some((i) => i.name === name)) throw new Error(`the model has no input named ${name}`);
    }
    for (const input of graph.inputs) {
      const fixed = inputDims[input.name];
      if (fixed) {
        const fits =
          fixed.length === input.dims.length &&
          input.dims.every((d, i) => typeof d !== 'number' || d < 0 || d === fixed[i]);
        if (!fits)
          throw new Error(`input ${input.name} is [${input.dims.join(', ')}]; [${fixed.join(', ')}] does not fit it`);
        shaped.addInput(input.name, input.dtype, fixed);
        continue;
      }
      const dims = input.dims.map((d) => {
        if (typeof d !== 'number' || d < 0)
          throw new Error(
            `input ${input.name} has a symbolic dimension ${d}; static shapes are required (fix it with inputDims)`,
          );
        return d;
      });
      shaped.addInput(input.name, input.dtype, dims);
    }
    if (graph.opset > MAX_READ_OPSET) {
      throw new Error(
        `the model uses opset ${graph.opset}; opsets ${MIN_READ_OPSET} to ${MAX_READ_OPSET} are supported`,
      );
    }
    for (const original of sortNodes(graph.nodes)) {
      const node = { ...original, inputs: [...original.inputs], attrs: { ...original.attrs } };
      for (const o of node.outputs) shaped.names.add(o);
      shaped.names.add(node.name);
      if (graph.opset > 17) shaped.downgradeToOpset17(node);
      shaped.addNode(node);
    }
    for (const output of graph.outputs) shaped.addOutput(output.name);
    return shaped;
  }

  /**
   * Rewrites the opset 18+ forms of the supported ops into opset 17's, the semantics every graph
   * here is written in: Reduce* axes as an attribute, Pad over all axes, no num_outputs on Split.
   */
  private downgradeToOpset17(node: GraphNode): void {
    const fail = (reason: string): never => {
      throw new GraphError(node.name, node.op, reason);
    };
    const constantInts = (i: number): number[] => {
      const t = this.constants.get(node.inputs[i] as string);
      if (!t) fail(`input ${i} (${node.inputs[i]}) must be a constant`);
      return Array.from(t?.data as ArrayLike<number | bigint>, Number);
    };
    const present = (i: number): boolean => node.inputs[i] !== undefined && node.inputs[i] !== '';
    if (node.op.startsWith('Reduce') && node.op !== 'ReduceSum') {
      if (present(1)) node.attrs.axes = { ints: constantInts(1) };
      node.inputs = node.inputs.slice(0, 1);
    } else if (node.op === 'Split') {
      delete node.attrs.num_outputs;
    } else if (node.op === 'Pad' && present(3)) {
      const rank = this.dims(node.inputs[0] as string).length;
      const axes = constantInts(3).map((a) => (a < 0 ? a + rank : a));
      const pads = constantInts(1);
      const full = new Array<number>(2 * rank).fill(0);
      axes.forEach((a, i) => {
        full[a] = pads[i] as number;
        full[a + rank] = pads[i + axes.length] as number;
      });
      node.inputs = [
        node.inputs[0] as string,
        this.ints('pads', full),
        ...(present(2) ? [node.inputs[2] as string] : []),
      ];
    } else if (node.op === 'Resize') {
      const antialias = node.attrs.antialias;
      if (antialias && 'i' in antialias && antialias.i !== 0) fail('antialias is not supported');
      delete node.attrs.antialias;
      if (node.attrs.axes) fail('the axes attribute is not supported; give scales or sizes for every axis');
      const policy = node.attrs.keep_aspect_ratio_policy;
      if (policy && 's' in policy && policy.s !== 'stretch')
        fail(`keep_aspect_ratio_policy ${policy.s} is not supported`);
      delete node.attrs.keep_aspect_ratio_policy;
    }
  }

  has(name: string): boolean {
    return this.types.has(name);
  }

  type(name: string): TensorType {
    const t = this.types.get(name);
    if (!t) throw new Error(`value ${name} is not produced in the graph`);
    return t;
  }

  dims(name: string): number[] {
    return this.type(name).dims;
  }

  constant(name: string): Tensor | undefined {
    return this.constants.get(name);
  }

  /** A name not used yet, derived from base. */
  fresh(base: string): string {
    let name = base;
    for (let n = 1; this.names.has(name); n++) name = `${base}_${n}`;
    this.names.add(name);
    return name;
  }

  addInput(name: string, dtype: DType, dims: number[]): void {
    this.names.add(name);
    this.inputs.push({ name, dtype, dims });
    this.types.set(name, { dtype, dims });
  }

  addOutput(name: string): void {
    const t = this.type(name);
    this.outputs.push({ name, dtype: t.dtype, dims: t.dims });
  }

  /** Registers a constant under a fresh name derived from base and returns that name. */
  addConstant(base: string, tensor: Tensor): string {
    const name = this.fresh(base);
    this.setConstant(name, tensor);
    return name;
  }

  /** A float32 constant of the given values (scalars for coefficients, small matrices for Resize). */
  floats(base: string, dims: number[], values: ArrayLike<number>): string {
    return this.addConstant(base, fromNumbers('float32', dims, values));
  }

  /** A named constant that folding never absorbs (noise buffers, weights a caller may optimise). */
  parameter(name: string, tensor: Tensor): string {
    if (this.names.has(name)) throw new Error(`name ${name} is already used in the graph`);
    this.setConstant(name, tensor);
    this.parameters.add(name);
    return name;
  }

  ints(base: string, values: number[]): string {
    return this.addConstant(base, fromNumbers('int64', [values.length], values));
  }

  private setConstant(name: string, tensor: Tensor): void {
    this.names.add(name);
    this.constants.set(name, tensor);
    this.types.set(name, { dtype: tensor.dtype, dims: tensor.dims });
  }

  /** Adds a node with fresh output names and returns them. */
  op(
    op: string,
    inputs: string[],
    attrs: Record<string, OnnxAttr> = {},
    outputs = 1,
    base = op.toLowerCase(),
  ): string[] {
    const names = Array.from({ length: outputs }, (_, i) => this.fresh(outputs > 1 ? `${base}_${i}` : base));
    this.addNode({ op, name: this.fresh(`${base}/${op}`), inputs, outputs: names, attrs });
    return names;
  }

  /** Single-output op. */
  op1(op: string, inputs: string[], attrs: Record<string, OnnxAttr> = {}, base?: string): string {
    return this.op(op, inputs, attrs, 1, base)[0] as string;
  }

  /** Infers the node's output types (normalising its attributes) and folds it when its inputs are constants. */
  addNode(node: GraphNode): void {
    const rule = shapeRules[node.op];
    if (!rule) throw new GraphError(node.name, node.op, 'unsupported op');
    const hasInput = (i: number): boolean => node.inputs[i] !== undefined && node.inputs[i] !== '';
    const ctx: ShapeContext = {
      node,
      hasInput,
      type: (i) => {
        const name = node.inputs[i];
        if (!hasInput(i)) throw new GraphError(node.name, node.op, `input ${i} is missing`);
        const t = this.types.get(name as string);
        if (!t) throw new GraphError(node.name, node.op, `input ${name} is not produced before the node`);
        return t;
      },
      constant: (i) => (hasInput(i) ? this.constants.get(node.inputs[i] as string) : undefined),
    };
    let outTypes: TensorType[];
    try {
      outTypes = rule(ctx);
    } catch (error) {
      if (error instanceof GraphError) throw error;
      throw new GraphError(node.name, node.op, (error as Error).message);
    }
    node.outputs.forEach((o, i) => {
      if (o !== '' && outTypes[i]) this.types.set(o, outTypes[i] as TensorType);
    });

    const folded = this.tryFold(node, ctx, outTypes);
    if (folded) {
      node.outputs.forEach((o, i) => folded[i] && this.constants.set(o, folded[i] as Tensor));
      return;
    }
    this.nodes.push(node);
  }

  private tryFold(node: GraphNode, ctx: ShapeContext, outTypes: TensorType[]): Tensor[] | undefined {
    if (node.op === 'Shape') {
      const dims = ctx.type(0).dims;
      const rank = dims.length;
      const start = (node.attrs.start as { i: number } | undefined)?.i ?? 0;
      const end = (node.attrs.end as { i: number } | undefined)?.i ?? rank;
      const s = Math.max(0, start < 0 ? start + rank : start);
      const e = Math.min(rank, end < 0 ? end + rank : end);
      return [fromNumbers('int64', [Math.max(0, e - s)], dims.slice(s, e))];
    }
    const inputs = node.inputs.filter((n) => n !== '');
    if (node.op !== 'Constant' && inputs.length === 0) return undefined;
    if (inputs.some((n) => this.parameters.has(n))) return undefined;
    const values = inputs.map((n) => this.constants.get(n));
    if (values.some((v) => v === undefined)) return undefined;
    if (node.op === 'Slice') {
      return [foldSlice(values[0] as Tensor, outTypes[0]?.dims ?? [], sliceGeometry(ctx))];
    }
    return foldNode(node, values as Tensor[], outTypes);
  }

  /** The graph reduced to what its outputs need, constants used by nodes written as initializers. */
  toGraph(opset = 17): Graph {
    const needed = new Set(this.outputs.map((o) => o.name));
    const kept: GraphNode[] = [];
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const node = this.nodes[i] as GraphNode;
      if (!node.outputs.some((o) => needed.has(o))) continue;
      kept.push(node);
      for (const input of node.inputs) if (input !== '') needed.add(input);
    }
    kept.reverse();
    const initializers = new Map<string, Tensor>();
    for (const [name, tensor] of this.constants) if (needed.has(name)) initializers.set(name, tensor);
    // An output that folded to a constant (the gradient of a linear op) is still produced by a node.
    for (const output of this.outputs) {
      const constant = this.constants.get(output.name);
      if (!constant || kept.some((n) => n.outputs.includes(output.name))) continue;
      initializers.delete(output.name);
      const source = this.fresh(`${output.name}_value`);
      initializers.set(source, constant);
      kept.push({
        op: 'Identity',
        name: this.fresh(`${output.name}/Identity`),
        inputs: [source],
        outputs: [output.name],
        attrs: {},
      });
    }
    return {
      name: this.name,
      nodes: kept,
      inputs: this.inputs,
      outputs: this.outputs,
      initializers,
      opset,
      metadata: this.metadata,
    };
  }
}

/** Kahn's sort, keeping the file's order among ready nodes; a cycle or an unknown input is an error naming the node. */
function sortNodes(nodes: GraphNode[]): GraphNode[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.outputs.forEach((o) => producer.set(o, i)));
  const state = new Uint8Array(nodes.length);
  const order: GraphNode[] = [];
  const visit = (i: number): void => {
    if (state[i] === 2) return;
    const node = nodes[i] as GraphNode;
    if (state[i] === 1) throw new GraphError(node.name, node.op, 'the graph has a cycle through this node');
    state[i] = 1;
    for (const input of node.inputs) {
      const p = producer.get(input);
      if (p !== undefined) visit(p);
    }
    state[i] = 2;
    order.push(node);
  };
  nodes.forEach((_, i) => visit(i));
  return order;
}
