import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConversionError } from '../../../src/main/engine/models/convert/context';
import { convertTfjsGraph } from '../../../src/main/engine/models/convert/convert';
import { spatialPadding, transposeData } from '../../../src/main/engine/models/convert/layout';
import { float16ToFloat32 } from '../../../src/main/engine/models/convert/weights';
import { seededRandom, SyntheticGraph } from './synthetic-graph';

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('weights and layout helpers', () => {
  it('decodes float16 bit patterns, including subnormals and infinities', () => {
    expect(float16ToFloat32(0x3c00)).toBe(1);
    expect(float16ToFloat32(0xc000)).toBe(-2);
    expect(float16ToFloat32(0x3555)).toBeCloseTo(0.333251953125, 12);
    expect(float16ToFloat32(0x0001)).toBe(2 ** -24);
    expect(float16ToFloat32(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(float16ToFloat32(0x7e00))).toBe(true);
  });

  it('transposes constants like numpy.transpose', () => {
    // [2, 3] -> [3, 2]
    const { data, shape } = transposeData(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], [1, 0]);
    expect(shape).toEqual([3, 2]);
    expect(Array.from(data)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('computes TF SAME padding with the odd pixel at the end', () => {
    expect(spatialPadding('SAME', 256, 3, 2, 1)).toEqual({ begin: 0, end: 1, outSize: 128 });
    expect(spatialPadding('SAME', 7, 5, 1, 1)).toEqual({ begin: 2, end: 2, outSize: 7 });
    expect(spatialPadding('VALID', 192, 3, 3, 1)).toEqual({ begin: 0, end: 0, outSize: 64 });
  });
});

describe('convertTfjsGraph', () => {
  it('names the unsupported op and its node', () => {
    const g = new SyntheticGraph();
    const x = g.input('x', [1, 4, 4, 3]);
    const y = g.op('model/cumulative/Cumsum', 'Cumsum', [x, g.int32('axis', [1])]);
    g.op('Identity', 'Identity', [y]);
    const { files } = g.build();
    expect(() => convertTfjsGraph(files)).toThrowError(ConversionError);
    expect(() => convertTfjsGraph(files)).toThrowError(/Cumsum node "model\/cumulative\/Cumsum": unsupported op/);
  });

  it('rejects a fused activation it does not know, naming the node', () => {
    const g = new SyntheticGraph();
    const x = g.input('x', [1, 4, 4, 2]);
    const y = g.op('conv', '_FusedConv2D', [x, g.floats('w', [1, 1, 2, 2]), g.floats('b', [2])], {
      fused_ops: ['BiasAdd', 'Gelu'],
      strides: [1, 1, 1, 1],
      padding: 'VALID',
    });
    g.op('Identity', 'Identity', [y]);
    expect(() => convertTfjsGraph(g.build().files)).toThrowError(/_FusedConv2D node "conv": fused activation Gelu/);
  });

  it('matches TF.js on a graph with quantised weights and every layout-sensitive op', async () => {
    const g = new SyntheticGraph(7);
    const x = g.input('x', [-1, 6, 6, 2]);
    const conv = g.op('conv', '_FusedConv2D', [x, g.float16('conv/w', [3, 3, 2, 4]), g.floats('conv/b', [4])], {
      fused_ops: ['BiasAdd', 'Relu6'],
      strides: [1, 2, 2, 1],
      padding: 'SAME',
      data_format: 'NHWC',
      num_args: 1,
    });
    const dw = g.op(
      'dw',
      'FusedDepthwiseConv2dNative',
      [conv, g.uint8('dw/w', [3, 3, 4, 2], 0.01, -1.2), g.floats('dw/b', [8])],
      {
        fused_ops: ['BiasAdd', 'Relu'],
        strides: [1, 1, 1, 1],
        padding: 'SAME',
        data_format: 'NHWC',
        num_args: 1,
      },
    );
    const pool = g.op('pool', 'AvgPool', [dw], { ksize: [1, 2, 2, 1], strides: [1, 1, 1, 1], padding: 'SAME' });
    const centred = g.op('sub', 'Sub', [pool, g.floats('mean', [8])]);
    const scaled = g.op('mul', 'Mul', [centred, g.floats('scale', [1, 1, 8], 0.5, 2)]);
    const alpha = g.floats('alpha', [1, 1, 8], 0, 0.5);
    const prelu = g.op('prelu', 'Prelu', [scaled, alpha]);
    const padded = g.op('pad', 'Pad', [prelu, g.int32('pad/p', [0, 0, 1, 0, 0, 1, 0, 2], [4, 2])]);
    const joined = g.op('concat', 'ConcatV2', [padded, padded, g.int32('concat/axis', [-1])], { N: 2 });
    const flat = g.op('flatten', 'Reshape', [joined, g.int32('flatten/shape', [-1, 4 * 4 * 20])]);
    const dense = g.op(
      'dense',
      '_FusedMatMul',
      [flat, g.floats('dense/w', [320, 5], -0.1, 0.1), g.floats('dense/b', [5])],
      {
        fused_ops: ['BiasAdd', 'Relu'],
        transpose_a: false,
        transpose_b: false,
        num_args: 1,
      },
    );
    const pooled = g.op('gap', 'Mean', [joined, g.int32('gap/axes', [1, 2])], { keep_dims: true });
    const probabilities = g.op('softmax', 'Softmax', [pooled]);
    const clipped = g.op('min', 'Minimum', [
      g.op('max', 'Maximum', [joined, g.floats('floor', [20], -0.5, 0)]),
      g.floats('ceiling', [], 1, 1.5),
    ]);
    g.op('out_dense', 'Identity', [dense]);
    g.op('out_probabilities', 'Identity', [probabilities]);
    g.op('out_map', 'Identity', [clipped]);
    const { files, json, weightData, weightSpecs } = g.build();

    const converted = convertTfjsGraph(files);
    expect(converted.outputs).toEqual([
      { name: 'out_dense', shape: [-1, 5] },
      { name: 'out_probabilities', shape: [-1, 1, 1, 20] },
      { name: 'out_map', shape: [-1, 4, 4, 20] },
    ]);

    const model = await tf.loadGraphModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology as never, weightSpecs: weightSpecs as never, weightData }),
    );
    const session = await ort.InferenceSession.create(converted.onnx);
    const random = seededRandom(11);
    const data = Float32Array.from({ length: 2 * 6 * 6 * 2 }, () => random() * 2 - 1);
    const reference = model.execute(tf.tensor(data, [2, 6, 6, 2]), [
      'out_dense',
      'out_probabilities',
      'out_map',
    ]) as tf.Tensor[];
    const result = await session.run({ x: new ort.Tensor('float32', data, [2, 6, 6, 2]) });
    const names = ['out_dense', 'out_probabilities', 'out_map'];
    names.forEach((name, i) => {
      const expected = reference[i] as tf.Tensor;
      expect(result[name]?.dims).toEqual(expected.shape);
      expect(maxAbsDiff(result[name]?.data as Float32Array, expected.dataSync())).toBeLessThan(1e-4);
    });
    await session.release();
  });
});
