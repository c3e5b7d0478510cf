import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { lowerPreluForOrt } from '../../../src/main/engine/face/prelu-lowering';
import { ModelRegistry } from '../../../src/main/engine/models/registry';
import { repoRoot } from './face-fixtures';

const registry = () => ModelRegistry.open(path.join(repoRoot, 'resources/models'));

/** Deterministic image-like input in 0..1 with both bright and dark areas (so PRelu sees negatives). */
function input(count: number): Float32Array {
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = (((i * 7919) % 251) / 251) * (i % 3 === 0 ? 1 : 0.6);
  return data;
}

async function run(bytes: Uint8Array, shape: number[]): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const feed = { [session.inputNames[0]!]: new ort.Tensor('float32', input(shape.reduce((a, b) => a * b)), shape) };
  const outputs = await session.run(feed);
  const values = session.outputNames.map((name) => outputs[name]!.data as Float32Array);
  await session.release();
  return values;
}

describe('PRelu lowering for ONNX Runtime', () => {
  it.each([
    ['face-mesh', [1, 192, 192, 3], 28],
    ['iris', [2, 64, 64, 3], 53],
  ] as const)('rewrites every PRelu of %s and keeps its outputs', async (role, shape, prelus) => {
    const { bytes } = await (await registry()).verify(role);
    const lowered = lowerPreluForOrt(bytes);
    expect(lowered.rewritten).toBe(prelus);
    const [before, after] = [await run(bytes, [...shape]), await run(lowered.bytes, [...shape])];
    before.forEach((values, o) => {
      let maxDifference = 0;
      values.forEach((v, i) => (maxDifference = Math.max(maxDifference, Math.abs(v - after[o]![i]!))));
      expect(maxDifference).toBeLessThan(1e-3);
    });
  });

  it('returns a model without PRelu unchanged', async () => {
    const { bytes } = await (await registry()).verify('face-detector');
    const lowered = lowerPreluForOrt(bytes);
    expect(lowered.rewritten).toBe(0);
    expect(lowered.bytes).toBe(bytes);
  });
});
