import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildGradientGraph, buildLossGraph, type LossSpec } from '../../../src/main/engine/autodiff';
import { writeModel } from '../../../src/main/engine/onnx/graph';
import { ShapedGraph } from '../../../src/main/engine/onnx/shaped-graph';
import { gaussian } from './gradcheck';

/** A model whose output is its input scaled, so loss terms can be checked on their own. */
function passThrough(): Uint8Array {
  const g = new ShapedGraph('pass');
  g.addInput('noise', 'float32', [1, 1, 16, 16]);
  g.addOutput(g.op1('Mul', ['noise', g.floats('k', [], [1.5])], {}, 'out'));
  return writeModel(g.toGraph());
}

async function lossAndGradient(
  spec: LossSpec,
  noise: Float32Array,
): Promise<{ loss: number; grad: Float32Array; plain: number }> {
  const model = passThrough();
  const built = buildGradientGraph(model, spec, ['noise']);
  const session = await ort.InferenceSession.create(built.model);
  const out = await session.run({ noise: new ort.Tensor('float32', noise, [1, 1, 16, 16]) });
  const lossOnly = await ort.InferenceSession.create(buildLossGraph(model, spec).model);
  const plain = Number((await lossOnly.run({ noise: new ort.Tensor('float32', noise, [1, 1, 16, 16]) })).loss?.data[0]);
  await session.release();
  await lossOnly.release();
  return {
    loss: Number(out[built.loss]?.data[0]),
    grad: Float32Array.from(out[built.gradients.noise as string]?.data as Float32Array),
    plain,
  };
}

describe('loss terms', () => {
  it('noise regularisation equals the StyleGAN2 formula and its gradient matches finite differences', async () => {
    const rand = gaussian(9);
    const noise = Float32Array.from({ length: 256 }, rand);
    const spec: LossSpec = { terms: [{ kind: 'noise-regularisation', tensors: ['noise'], weight: 3 }] };
    const { loss, grad, plain } = await lossAndGradient(spec, noise);

    // Reference in float64: sum over the pyramid 16, 8 of mean(n * roll(n, 1, axis))^2 for W then H.
    let n = Array.from(noise, Number);
    let size = 16;
    let expected = 0;
    for (;;) {
      for (const axis of ['w', 'h']) {
        let sum = 0;
        for (let y = 0; y < size; y++)
          for (let x = 0; x < size; x++) {
            const rolled = axis === 'w' ? n[y * size + ((x + size - 1) % size)] : n[((y + size - 1) % size) * size + x];
            sum += (n[y * size + x] as number) * (rolled as number);
          }
        expected += (sum / (size * size)) ** 2;
      }
      if (size <= 8) break;
      const half = size / 2;
      n = Array.from({ length: half * half }, (_, i) => {
        const [y, x] = [Math.floor(i / half) * 2, (i % half) * 2];
        return (
          ((n[y * size + x] as number) +
            (n[y * size + x + 1] as number) +
            (n[(y + 1) * size + x] as number) +
            (n[(y + 1) * size + x + 1] as number)) /
          4
        );
      });
      size = half;
    }
    expect(loss).toBeCloseTo(3 * expected, 6);
    expect(plain).toBeCloseTo(loss, 7);

    const eps = 1e-2;
    for (const index of [0, 17, 130, 255]) {
      const plus = Float32Array.from(noise);
      const minus = Float32Array.from(noise);
      plus[index] = (plus[index] as number) + eps;
      minus[index] = (minus[index] as number) - eps;
      const fd = ((await lossAndGradient(spec, plus)).loss - (await lossAndGradient(spec, minus)).loss) / (2 * eps);
      const scale = Math.max(...Array.from(grad, Math.abs));
      expect(Math.abs(fd - (grad[index] as number)) / scale).toBeLessThan(5e-3);
    }
  });

  it('mse against a target input is mean squared error times its weight', async () => {
    const noise = Float32Array.from({ length: 256 }, gaussian(3));
    const built = buildGradientGraph(
      passThrough(),
      { terms: [{ kind: 'mse', output: 'out', target: 'target', weight: 2 }] },
      ['noise'],
    );
    expect(built.inputs.map((i) => i.name).sort()).toEqual(['noise', 'target']);
    const session = await ort.InferenceSession.create(built.model);
    const target = new Float32Array(256).fill(0.5);
    const out = await session.run({
      noise: new ort.Tensor('float32', noise, [1, 1, 16, 16]),
      target: new ort.Tensor('float32', target, [1, 1, 16, 16]),
    });
    const expected = (2 * noise.reduce((s, v) => s + (1.5 * v - 0.5) ** 2, 0)) / 256;
    expect(Number(out[built.loss]?.data[0])).toBeCloseTo(expected, 5);
    // d/dn of 2 * mean((1.5 n - 0.5)^2) = 2 * 2 * 1.5 * (1.5 n - 0.5) / 256
    const grad = out[built.gradients.noise as string]?.data as Float32Array;
    expect(grad[5]).toBeCloseTo((6 * (1.5 * (noise[5] as number) - 0.5)) / 256, 6);
    await session.release();
  });
});
