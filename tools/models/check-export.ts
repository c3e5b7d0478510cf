/**
 * Manual check of an exported synthesis network (not run in CI): it must pass the model manager's contract
 * probe and the inversion core must differentiate it, noise buffers included.
 *   /usr/bin/python3 tools/models/export-stylegan2.py --random-weights --out /tmp/sg2
 *   npx tsx tools/models/check-export.ts /tmp/sg2/stylegan2-synthesis.onnx [steps]
 * Prints the install result, then the loss of a short inversion towards an image of the same network.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Inverter } from '../../src/main/engine/autodiff';
import { ModelManager } from '../../src/main/engine/models/manager';
import { ModelContract } from '../../src/shared/api';
import { readModel } from '../../src/main/engine/onnx/graph';

const [file, stepsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: check-export.ts SYNTHESIS.onnx [steps]');
const steps = Number(stepsArg ?? 40);
const dataDir = mkdtempSync(join(tmpdir(), 'mien-check-export-'));
try {
  const manager = await ModelManager.open(dataDir);
  const metadata = ModelContract.parse(JSON.parse(readFileSync(file.replace(/\.onnx$/, '.mien.json'), 'utf8')));
  const installed = await manager.install({ source: { kind: 'file', path: file }, metadata });
  console.log(`installed ${installed.id}: ${JSON.stringify(installed.outputs)}, probe ${installed.probeMs} ms`);
  if (metadata.role !== 'synthesis') throw new Error('expected a synthesis network');

  const { bytes } = await manager.verify(installed.id);
  const noiseBuffers = [...readModel(bytes).initializers.keys()].filter((name) => /^noise_\d+_\d$/.test(name));
  console.log(`noise buffers: ${noiseBuffers.join(', ')}`);
  const dims = [1, metadata.numWs, 512];
  const random = (seed: number): Float32Array => {
    let s = seed;
    return Float32Array.from({ length: dims[0]! * dims[1]! * dims[2]! }, () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return (s / 2147483648 - 0.5) * 2;
    });
  };
  const session = await ort.InferenceSession.create(bytes);
  const target = (await session.run({ ws: new ort.Tensor('float32', random(7), dims) })).image as ort.Tensor;
  const perceptual = new Uint8Array(readFileSync(join('tests', 'fixtures', 'autodiff', 'perceptual.onnx')));
  const inverter = await Inverter.create({
    synthesis: bytes,
    perceptual,
    layer: 'conv2_2',
    target: target.data as Float32Array,
    start: random(99),
    options: { steps, noiseBuffers, noiseWeight: 1e3 },
  });
  const started = performance.now();
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push((await inverter.step()).loss);
  const ms = (performance.now() - started) / steps;
  console.log(
    `loss ${losses[0]?.toFixed(4)} -> ${losses.at(-1)?.toFixed(4)} over ${steps} steps, ${ms.toFixed(1)} ms/step (cpu)`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
