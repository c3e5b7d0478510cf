import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildGradientGraph } from '../../../src/main/engine/autodiff';
import { readModel, writeModel } from '../../../src/main/engine/onnx/graph';
import { GraphError } from '../../../src/main/engine/onnx/shape-rules';
import { ShapedGraph } from '../../../src/main/engine/onnx/shaped-graph';

describe('ONNX graph layer', () => {
  it('declares non-float inputs and outputs, and ONNX Runtime runs them', async () => {
    const g = new ShapedGraph('typed');
    g.addInput('ids', 'int64', [3]);
    g.addInput('mask', 'bool', [3]);
    const asFloat = g.op1('Cast', ['ids'], { to: { i: 1 } }, 'as_float');
    const picked = g.op1('Where', ['mask', asFloat, g.floats('zero', [], [0])], {}, 'picked');
    const doubled = g.op1('Add', ['ids', 'ids'], {}, 'doubled');
    g.addOutput(picked);
    g.addOutput(doubled);
    const bytes = writeModel(g.toGraph());
    const read = readModel(bytes);
    expect(read.inputs.map((i) => [i.name, i.dtype])).toEqual([
      ['ids', 'int64'],
      ['mask', 'bool'],
    ]);
    expect(read.outputs.map((o) => o.dtype)).toEqual(['float32', 'int64']);
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({
      ids: new ort.Tensor('int64', BigInt64Array.of(1n, 2n, 3n), [3]),
      mask: new ort.Tensor('bool', Uint8Array.of(1, 0, 1), [3]),
    });
    expect(Array.from(out[picked]?.data as Float32Array)).toEqual([1, 0, 3]);
    expect(Array.from(out[doubled]?.data as BigInt64Array)).toEqual([2n, 4n, 6n]);
    await session.release();
  });

  it('folds Shape -> Gather -> Concat -> Reshape chains so every shape is static', () => {
    const g = new ShapedGraph('exported');
    g.addInput('x', 'float32', [2, 3, 4]);
    const shape = g.op1('Shape', ['x']);
    const batch = g.op1(
      'Gather',
      [shape, g.addConstant('i0', { dtype: 'int64', dims: [], data: BigInt64Array.of(0n) })],
      { axis: { i: 0 } },
    );
    const target = g.op1('Concat', [g.op1('Unsqueeze', [batch, g.ints('a', [0])]), g.ints('rest', [-1])], {
      axis: { i: 0 },
    });
    const flat = g.op1('Reshape', ['x', target], {}, 'flat');
    g.addOutput(flat);
    expect(g.dims(flat)).toEqual([2, 12]);
    const written = readModel(writeModel(g.toGraph()));
    expect(written.nodes.map((n) => n.op)).toEqual(['Reshape']);
    // Read back from bytes, the same chain resolves too.
    expect(ShapedGraph.fromGraph(written).dims(flat)).toEqual([2, 12]);
  });

  it('resolves auto_pad into explicit pads', () => {
    const g = new ShapedGraph('same');
    g.addInput('x', 'float32', [1, 1, 5, 5]);
    const y = g.op1('Conv', ['x', g.floats('w', [1, 1, 3, 3], new Float32Array(9))], {
      auto_pad: { s: 'SAME_LOWER' },
      strides: { ints: [2, 2] },
    });
    expect(g.dims(y)).toEqual([1, 1, 3, 3]);
    const node = g.nodes.find((n) => n.op === 'Conv');
    expect(node?.attrs.pads).toEqual({ ints: [1, 1, 1, 1] });
    expect(node?.attrs.auto_pad).toBeUndefined();
  });

  it('refuses an unknown op, naming the node', () => {
    const g = new ShapedGraph('unknown');
    g.addInput('x', 'float32', [2, 2]);
    expect(() => g.addNode({ op: 'Einsum', name: 'mix_7', inputs: ['x'], outputs: ['y'], attrs: {} })).toThrow(
      /Einsum node "mix_7": unsupported op/,
    );
  });

  it('refuses a shape it cannot resolve statically, naming the node', () => {
    const g = new ShapedGraph('dynamic');
    g.addInput('x', 'float32', [2, 6]);
    g.addInput('shape', 'int64', [2]);
    expect(() =>
      g.addNode({ op: 'Reshape', name: 'reshape_3', inputs: ['x', 'shape'], outputs: ['y'], attrs: {} }),
    ).toThrow(/Reshape node "reshape_3": shape \(input 1, shape\) must be a constant/);
    const symbolic = readModel(
      writeModel({ ...g.toGraph(), inputs: [{ name: 'x', dtype: 'float32', dims: ['batch', 6] }] }),
    );
    expect(() => ShapedGraph.fromGraph(symbolic)).toThrow(/symbolic dimension batch/);
    // A caller that knows the batch fixes it; a size that contradicts the file is refused.
    expect(ShapedGraph.fromGraph(symbolic, { x: [2, 6] }).dims('x')).toEqual([2, 6]);
    expect(() => ShapedGraph.fromGraph(symbolic, { x: [2, 7] })).toThrow(/does not fit/);
  });

  it('refuses to differentiate an op without a gradient rule, naming the node', () => {
    const g = new ShapedGraph('nondiff');
    g.addInput('x', 'float32', [3]);
    g.addNode({ op: 'Max', name: 'clamp_low', inputs: ['x', g.floats('zero', [], [0])], outputs: ['y'], attrs: {} });
    const loss = g.op1('ReduceSum', ['y'], { keepdims: { i: 0 } });
    g.addOutput(loss);
    const model = writeModel(g.toGraph());
    let error: unknown;
    try {
      buildGradientGraph(model, { terms: [{ kind: 'mean', output: loss }] }, ['x']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphError);
    expect((error as Error).message).toMatch(/Max node "clamp_low": the gradient builder cannot differentiate this op/);
    expect(() => buildGradientGraph(model, { terms: [{ kind: 'mean', output: loss }] }, ['nope'])).toThrow(
      /nope is not an input/,
    );
  });
});

describe('reading newer opsets', () => {
  it('rewrites opset 18 forms (Reduce axes input, Pad axes, Split num_outputs) into opset 17 and differentiates them', async () => {
    const g = new ShapedGraph('opset18');
    g.addInput('x', 'float32', [2, 4, 3]);
    g.addNode({
      op: 'Pad',
      name: 'pad',
      inputs: ['x', g.ints('p', [1, 2]), '', g.ints('ax', [2])],
      outputs: ['padded'],
      attrs: {},
    });
    g.addNode({
      op: 'Split',
      name: 'split',
      inputs: ['padded'],
      outputs: ['a', 'b'],
      attrs: { axis: { i: 1 }, num_outputs: { i: 2 } },
    });
    g.addNode({ op: 'Mul', name: 'mul', inputs: ['a', 'b'], outputs: ['ab'], attrs: {} });
    g.addNode({
      op: 'ReduceMean',
      name: 'mean',
      inputs: ['ab', g.ints('axes', [1, 2])],
      outputs: ['m'],
      attrs: { keepdims: { i: 0 } },
    });
    g.addOutput('m');
    const model = readModel(writeModel(g.toGraph()));
    const bytes = writeModel(model, { opset: 18 });
    const resolved = ShapedGraph.fromGraph(readModel(bytes));
    expect(resolved.dims('padded')).toEqual([2, 4, 6]);
    expect(resolved.nodes.find((n) => n.op === 'ReduceMean')?.attrs.axes).toEqual({ ints: [1, 2] });
    const built = buildGradientGraph(bytes, { terms: [{ kind: 'mean', output: 'm' }] }, ['x']);
    const session = await ort.InferenceSession.create(built.model);
    const x = Float32Array.from({ length: 24 }, (_, i) => i / 10);
    const out = await session.run({ x: new ort.Tensor('float32', x, [2, 4, 3]) });
    // loss = mean over batch of mean(a*b) over [2, 6] with zero pads: d/dx of a = b / 24 etc.
    const grad = out[built.gradients.x as string]?.data as Float32Array;
    expect(grad[0]).toBeCloseTo((x[6] as number) / 24, 5);
    await session.release();
    expect(() => ShapedGraph.fromGraph({ ...model, opset: 22 })).toThrow(/opsets 13 to 21/);
  });
});
