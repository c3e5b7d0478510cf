/**
 * Autodiff benchmark: one inversion iteration (loss + gradient w.r.t. ws through the reference
 * generator and the perceptual network) against one forward pass, in the same run and the same
 * ORT settings. Two baselines: the generator alone, and the generator plus the loss (what the
 * iteration computes, minus the backward pass). Optionally (--torch, needs python3-torch) the same
 * network's iteration in PyTorch autograd, from the same weights, for a side-by-side ratio.
 *   npx tsx bench/autodiff/iteration.bench.ts [--export grouped|activation] [--threads N] [--torch]
 */
import * as ort from 'onnxruntime-node';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildGradientGraph, buildLossGraph, modelWithOutputs, type LossSpec } from '../../src/main/engine/autodiff';
import { readModel } from '../../src/main/engine/onnx/graph';
import { seededGaussian } from '../../tools/autodiff/seeded-random';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const exportName = option('--export', 'activation');
const threads = Number(option('--threads', '1'));
const runs = Number(option('--runs', '100'));
const fixtures = path.join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'autodiff');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(fixtures, name)));

const synthesis = read(`synthesis-${exportName}.onnx`);
const perceptual = read('perceptual.onnx');
const layer = 'conv2_2';
const sessionOptions: ort.InferenceSession.SessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1 };

const rand = seededGaussian(3);
const ws = Float32Array.from({ length: 10 * 512 }, () => rand() * 0.5);
const wsTensor = new ort.Tensor('float32', ws, [1, 10, 512]);
const target = Float32Array.from({ length: 3 * 64 * 64 }, () => rand() * 0.3);
const featureSession = await ort.InferenceSession.create(modelWithOutputs(perceptual, [layer]), sessionOptions);
const targetFeatures = (await featureSession.run({ image: new ort.Tensor('float32', target, [1, 3, 64, 64]) }))[
  layer
] as ort.Tensor;

const spec: LossSpec = {
  terms: [
    { kind: 'feature-mse', output: 'image', network: perceptual, layer, target: 'target_features' },
    { kind: 'mse', output: 'image', target: 'target_image' },
  ],
};
const lossFeeds = {
  ws: wsTensor,
  target_image: new ort.Tensor('float32', target, [1, 3, 64, 64]),
  target_features: targetFeatures,
};
const gradient = buildGradientGraph(synthesis, spec, ['ws']);
const lossOnly = buildLossGraph(synthesis, spec);

const sessions = {
  generator: await ort.InferenceSession.create(synthesis, sessionOptions),
  loss: await ort.InferenceSession.create(lossOnly.model, sessionOptions),
  iteration: await ort.InferenceSession.create(gradient.model, sessionOptions),
};
const feeds = { generator: { ws: wsTensor }, loss: lossFeeds, iteration: lossFeeds };

async function time(which: keyof typeof sessions): Promise<number> {
  const t0 = performance.now();
  await sessions[which].run(feeds[which]);
  return performance.now() - t0;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
// On a shared machine the minimum is the best estimate of the uncontended cost; the median is printed too.
const fastest = (xs: number[]): number => Math.min(...xs);
const samples: Record<keyof typeof sessions, number[]> = { generator: [], loss: [], iteration: [] };
for (let i = 0; i < 5; i++) for (const k of Object.keys(sessions) as (keyof typeof sessions)[]) await time(k);
// Interleaved so load from other processes hits all three alike.
for (let i = 0; i < runs; i++)
  for (const k of Object.keys(sessions) as (keyof typeof sessions)[]) samples[k].push(await time(k));
const ms = {
  generator: fastest(samples.generator),
  loss: fastest(samples.loss),
  iteration: fastest(samples.iteration),
};
const med = { generator: median(samples.generator), loss: median(samples.loss), iteration: median(samples.iteration) };
const ortLoss = Number((await sessions.iteration.run(lossFeeds))[gradient.loss]?.data[0]);

console.log(
  `reference generator (${exportName} export) 64x64, L=10, perceptual layer ${layer}; ORT CPU, ${threads} intra-op thread(s), fastest (median) of ${runs}`,
);
console.log(`  forward, generator only:        ${ms.generator.toFixed(2)} ms (${med.generator.toFixed(2)})`);
console.log(`  forward, generator + loss:      ${ms.loss.toFixed(2)} ms (${med.loss.toFixed(2)})`);
console.log(
  `  iteration (loss + d/dws):       ${ms.iteration.toFixed(2)} ms (${med.iteration.toFixed(2)})  [${readModel(gradient.model).nodes.length} nodes]`,
);
console.log(
  `  ratio iteration / forward(generator + loss): ${(ms.iteration / ms.loss).toFixed(2)} (${(med.iteration / med.loss).toFixed(2)})  goal <= 3.5`,
);
console.log(
  `  ratio iteration / forward(generator only):   ${(ms.iteration / ms.generator).toFixed(2)} (${(med.iteration / med.generator).toFixed(2)})`,
);

if (args.includes('--torch')) {
  // The same weights for the PyTorch re-implementation: every float initializer of both networks, raw.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mien-autodiff-bench-'));
  const index: Record<string, { file: string; dims: number[] }> = {};
  const dump = (prefix: string, model: Uint8Array): void => {
    for (const [name, t] of readModel(model).initializers) {
      if (t.dtype !== 'float32') continue;
      const file = `${prefix}_${Object.keys(index).length}.bin`;
      writeFileSync(path.join(dir, file), new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
      index[`${prefix}:${name}`] = { file, dims: t.dims };
    }
  };
  dump('synthesis', read('synthesis-activation.onnx'));
  dump('perceptual', perceptual);
  for (const [name, data] of Object.entries({ ws, target, target_features: targetFeatures.data as Float32Array })) {
    writeFileSync(path.join(dir, `${name}.bin`), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index));
  // Debian's python3-torch lives beside the system interpreter, which a pyenv shim may hide.
  const python = process.env.MIEN_TORCH_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
  const out = execFileSync(
    python,
    [path.join(import.meta.dirname, 'torch_iteration.py'), dir, String(threads), String(runs)],
    {
      encoding: 'utf8',
    },
  );
  const result = JSON.parse(out.trim().split('\n').at(-1) as string) as {
    forward_ms: [number, number];
    iteration_ms: [number, number];
    loss: number;
    torch: string;
  };
  const [tf, tfMed] = result.forward_ms;
  const [ti, tiMed] = result.iteration_ms;
  console.log(
    `PyTorch ${result.torch} autograd, CPU, ${threads} thread(s), same network and weights (loss ${result.loss.toFixed(6)}, ORT ${ortLoss.toFixed(6)}):`,
  );
  console.log(`  forward (generator + loss):     ${tf.toFixed(2)} ms (${tfMed.toFixed(2)})`);
  console.log(
    `  iteration (forward + backward): ${ti.toFixed(2)} ms (${tiMed.toFixed(2)}), ratio ${(ti / tf).toFixed(2)} (${(tiMed / tfMed).toFixed(2)})`,
  );
  console.log(
    `  ORT gradient graph / PyTorch autograd, per iteration: ${(ms.iteration / ti).toFixed(2)} (${(med.iteration / tiMed).toFixed(2)})`,
  );

  // The gradient graph of torch.onnx's export of the same network against autograd's gradient.
  const exported = new Uint8Array(readFileSync(path.join(dir, 'torch-synthesis.onnx')));
  const exportedOps = new Set(readModel(exported).nodes.map((n) => n.op));
  const fromTorch = buildGradientGraph(exported, spec, ['ws']);
  const check = await ort.InferenceSession.create(fromTorch.model, sessionOptions);
  const ours = (await check.run(lossFeeds))[fromTorch.gradients.ws as string]?.data as Float32Array;
  const autograd = new Float32Array(readFileSync(path.join(dir, 'torch-grad.bin')).buffer.slice(0));
  let maxError = 0;
  let maxGrad = 0;
  autograd.forEach((v, i) => {
    maxError = Math.max(maxError, Math.abs(v - (ours[i] as number)));
    maxGrad = Math.max(maxGrad, Math.abs(v));
  });
  console.log(`torch.onnx export (ops: ${[...exportedOps].sort().join(', ')}):`);
  console.log(
    `  gradient graph vs autograd d/dws: max abs error ${maxError.toExponential(2)} (max |grad| ${maxGrad.toExponential(2)})`,
  );
  await check.release();
}
for (const s of [...Object.values(sessions), featureSession]) await s.release();
