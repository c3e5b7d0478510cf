import * as ort from 'onnxruntime-node';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGradientGraph } from '../../../src/main/engine/autodiff';
import { seededGaussian } from '../../../tools/autodiff/seeded-random';
import { referenceNetworks, REFERENCE_FILES } from '../../../tools/autodiff/make-reference-nets';
import { FIXTURES, generate, mappingHelpers, NUM_WS, readFixture, tile, W_DIM } from './reference';

/**
 * Relative to the gradient's norm. Finite differences of this loss scatter by about 1e-3 of the
 * norm across step sizes (float32 means over 12288 pixels, and LeakyReLU/ReLU/MaxPool kinks
 * crossed within a step), so 5e-3 is the honest bound here; every op is checked tightly on its own
 * in tests/unit/autodiff/ops.test.ts.
 */
const TOLERANCE = 5e-3;

describe('reference networks', () => {
  it('match their SHA256SUMS and are what the generator script writes', () => {
    const sums = readFileSync(join(FIXTURES, 'SHA256SUMS'), 'utf8').trim().split('\n');
    expect(sums.map((l) => l.split(/\s+/)[1]).sort()).toEqual([...REFERENCE_FILES].sort());
    const regenerated = referenceNetworks();
    for (const line of sums) {
      const [hash, name] = line.split(/\s+/) as [string, string];
      const bytes = readFixture(name);
      expect(createHash('sha256').update(bytes).digest('hex'), name).toBe(hash);
      expect(
        createHash('sha256')
          .update(regenerated[name] as Uint8Array)
          .digest('hex'),
        `${name} regenerated`,
      ).toBe(hash);
    }
  });

  describe('synthesis exports', () => {
    let grouped: ort.InferenceSession;
    let activation: ort.InferenceSession;
    let mapping: Awaited<ReturnType<typeof mappingHelpers>>;
    beforeAll(async () => {
      grouped = await ort.InferenceSession.create(readFixture('synthesis-grouped.onnx'));
      activation = await ort.InferenceSession.create(readFixture('synthesis-activation.onnx'));
      mapping = await mappingHelpers();
    });
    afterAll(async () => {
      await grouped.release();
      await activation.release();
      await mapping.release();
    });

    it('make the same 64x64 RGB image from the same ws, mostly within [-1, 1]', async () => {
      const ws = tile(await mapping.w(42));
      const a = await generate(grouped, ws);
      const b = await generate(activation, ws);
      expect(a.length).toBe(3 * 64 * 64);
      let maxDiff = 0;
      let inside = 0;
      for (let i = 0; i < a.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs((a[i] as number) - (b[i] as number)));
        if (Math.abs(a[i] as number) <= 1) inside++;
      }
      expect(maxDiff).toBeLessThan(1e-4);
      expect(inside / a.length).toBeGreaterThan(0.95);
    });

    it('different ws make different images', async () => {
      const a = await generate(activation, tile(await mapping.w(1)));
      const b = await generate(activation, tile(await mapping.w(2)));
      const rms = Math.sqrt(a.reduce((s, v, i) => s + (v - (b[i] as number)) ** 2, 0) / a.length);
      expect(rms).toBeGreaterThan(0.05);
    });

    for (const name of ['synthesis-grouped.onnx', 'synthesis-activation.onnx']) {
      it(`${name}: gradient of pixel + perceptual loss w.r.t. ws matches finite differences`, async () => {
        const synthesis = readFixture(name);
        const target = await generate(activation, tile(await mapping.w(42)));
        const built = buildGradientGraph(
          synthesis,
          {
            terms: [
              { kind: 'mse', output: 'image', target: 'target_image' },
              {
                kind: 'feature-mse',
                output: 'image',
                network: readFixture('perceptual.onnx'),
                layer: 'conv2_2',
                target: 'target_features',
                weight: 2,
              },
            ],
          },
          ['ws'],
        );
        const features = await ort.InferenceSession.create(
          (await import('../../../src/main/engine/autodiff')).modelWithOutputs(readFixture('perceptual.onnx'), [
            'conv2_2',
          ]),
        );
        const targetFeatures = (await features.run({ image: new ort.Tensor('float32', target, [1, 3, 64, 64]) }))
          .conv2_2 as ort.Tensor;
        const session = await ort.InferenceSession.create(built.model);
        const ws0 = tile(await mapping.mean(16));
        const run = async (ws: Float32Array): Promise<Record<string, ort.Tensor>> =>
          session.run({
            ws: new ort.Tensor('float32', ws, [1, NUM_WS, W_DIM]),
            target_image: new ort.Tensor('float32', target, [1, 3, 64, 64]),
            target_features: targetFeatures,
          });
        const base = await run(ws0);
        const grad = base[built.gradients.ws as string]?.data as Float32Array;
        const loss = (r: Record<string, ort.Tensor>): number => Number(r[built.loss]?.data[0]);
        // Directional derivatives along the gradient and along random unit directions. Central
        // differences at steps h and h/2 combined by Richardson extrapolation cancel the curvature
        // term; h is large enough that the float32 loss (a mean over 12288 pixels) changes far
        // above its rounding noise.
        const rand = seededGaussian(5);
        const gradNorm = Math.sqrt(grad.reduce((s, v) => s + v * v, 0));
        const directions = [grad.map((v) => v / gradNorm)];
        for (let k = 0; k < 2; k++) {
          const dir = Float32Array.from({ length: ws0.length }, rand);
          const norm = Math.sqrt(dir.reduce((s, v) => s + v * v, 0));
          directions.push(dir.map((v) => v / norm));
        }
        const central = async (dir: Float32Array, h: number): Promise<number> =>
          (loss(await run(ws0.map((v, i) => v + h * (dir[i] as number)))) -
            loss(await run(ws0.map((v, i) => v - h * (dir[i] as number))))) /
          (2 * h);
        for (const [k, dir] of directions.entries()) {
          const h = 0.2;
          const fd = (4 * (await central(dir, h / 2)) - (await central(dir, h))) / 3;
          const analytic = grad.reduce((s, g, i) => s + g * (dir[i] as number), 0);
          if (process.env.MIEN_GRADCHECK_REPORT) console.log(`${name} direction ${k}: fd ${fd} analytic ${analytic}`);
          // Relative to the gradient's norm: a random direction's derivative is ~norm/sqrt(5120).
          expect(Math.abs(fd - analytic) / gradNorm, `direction ${k}: fd ${fd}, analytic ${analytic}`).toBeLessThan(
            TOLERANCE,
          );
        }
        await session.release();
        await features.release();
      });
    }
  });
});
