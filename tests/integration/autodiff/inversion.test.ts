import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inverter, inversionStateFromJson, inversionStateToJson, psnr } from '../../../src/main/engine/autodiff';
import { generate, mappingHelpers, readFixture, tile } from './reference';

describe('inversion of the reference generator', () => {
  let synthesis: ort.InferenceSession;
  let target: Float32Array;
  let start: Float32Array;
  beforeAll(async () => {
    synthesis = await ort.InferenceSession.create(readFixture('synthesis-activation.onnx'));
    const mapping = await mappingHelpers();
    target = await generate(synthesis, tile(await mapping.w(42)));
    start = tile(await mapping.mean(64));
    await mapping.release();
  });
  afterAll(async () => {
    await synthesis.release();
  });

  it('recovers an image generated from known ws: loss falls >= 95% in 300 steps, PSNR > 30 dB', async () => {
    const inverter = await Inverter.create({
      synthesis: readFixture('synthesis-activation.onnx'),
      perceptual: readFixture('perceptual.onnx'),
      layer: 'conv2_2',
      target,
      start,
      options: { steps: 300 },
    });
    const curve: Record<number, number> = {};
    for (let i = 0; i < 300; i++) {
      const step = await inverter.step();
      if ([0, 50, 100, 200].includes(i)) curve[i] = step.loss;
    }
    const reconstruction = await generate(synthesis, inverter.ws);
    const final = inverter.state.losses.at(-1) as number;
    curve[300] = final;
    const quality = psnr(reconstruction, target);
    if (process.env.MIEN_GRADCHECK_REPORT) console.log('inversion curve', curve, 'PSNR', quality.toFixed(2));
    expect(final).toBeLessThan(0.05 * (curve[0] as number));
    expect(quality).toBeGreaterThan(30);
    expect(psnr(await generate(synthesis, start), target)).toBeLessThan(25);
    await inverter.release();
  });

  it('resumes from a saved state exactly where it stopped, noise buffers included', async () => {
    const setup = {
      synthesis: readFixture('synthesis-grouped.onnx'),
      perceptual: readFixture('perceptual.onnx'),
      layer: 'conv1_2',
      target,
      options: { steps: 20, noiseBuffers: ['noise_64_1', 'noise_32_1'], noiseWeight: 1e3 },
    };
    const straight = await Inverter.create({ ...setup, start });
    for (let i = 0; i < 6; i++) await straight.step();
    const first = await Inverter.create({ ...setup, start });
    for (let i = 0; i < 3; i++) await first.step();
    const saved = JSON.stringify(inversionStateToJson(first.state));
    const resumed = await Inverter.create({ ...setup, start: inversionStateFromJson(JSON.parse(saved)) });
    let last = 0;
    for (let i = 0; i < 3; i++) last = (await resumed.step()).loss;
    expect(resumed.state.iteration).toBe(6);
    expect(last).toBeCloseTo(straight.state.losses[5] as number, 6);
    const a = resumed.state.noise.noise_64_1?.value as Float32Array;
    const b = straight.state.noise.noise_64_1?.value as Float32Array;
    expect(Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))))).toBeLessThan(1e-5);
    // The noise buffers moved (they are optimised) and stay normalised.
    const initial = (await Inverter.create({ ...setup, start })).state.noise.noise_64_1?.value as Float32Array;
    expect(Math.max(...a.map((v, i) => Math.abs(v - (initial[i] as number))))).toBeGreaterThan(1e-3);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(1e-4);
    for (const inv of [straight, first, resumed]) await inv.release();
    expect(() => inversionStateFromJson({ ...JSON.parse(saved), ws: { value: [1], m: [], v: [] } })).toThrow(
      /ws is malformed/,
    );
  });
});
