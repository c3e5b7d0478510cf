import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededGaussian } from '../../../tools/autodiff/seeded-random';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'autodiff');
export const NUM_WS = 10;
export const W_DIM = 512;

export const readFixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

/** The mapping network's w for a seeded z, and the mean w over `count` seeds (the usual inversion start). */
export async function mappingHelpers(): Promise<{
  w(seed: number): Promise<Float32Array>;
  mean(count: number): Promise<Float32Array>;
  release(): Promise<void>;
}> {
  const session = await ort.InferenceSession.create(readFixture('mapping.onnx'));
  const w = async (seed: number): Promise<Float32Array> => {
    const z = Float32Array.from({ length: W_DIM }, seededGaussian(seed));
    return (await session.run({ z: new ort.Tensor('float32', z, [1, W_DIM]) })).w?.data as Float32Array;
  };
  return {
    w,
    mean: async (count) => {
      const sum = new Float32Array(W_DIM);
      for (let k = 0; k < count; k++) {
        const v = await w(1000 + k);
        for (let i = 0; i < W_DIM; i++) sum[i] = (sum[i] as number) + (v[i] as number) / count;
      }
      return sum;
    },
    release: () => session.release(),
  };
}

/** ws [1, L, 512] with the same w at every layer. */
export function tile(w: Float32Array): Float32Array {
  const ws = new Float32Array(NUM_WS * W_DIM);
  for (let i = 0; i < NUM_WS; i++) ws.set(w, i * W_DIM);
  return ws;
}

export async function generate(session: ort.InferenceSession, ws: Float32Array): Promise<Float32Array> {
  const out = await session.run({ ws: new ort.Tensor('float32', ws, [1, NUM_WS, W_DIM]) });
  return Float32Array.from(out.image?.data as Float32Array);
}
