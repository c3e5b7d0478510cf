/**
 * Method A benchmark: time per inversion iteration through the engine's 'invert' job (style worker,
 * chunks with the state saved after each, streamed frames, loss events) against the bare autodiff
 * loop (Inverter.step in this thread) on the same aligned astronaut, the same networks and ORT
 * defaults, in the same run. The ratio is what the job's plumbing costs per iteration.
 *   npx tsx bench/stylegan/inversion-job.bench.ts [--iterations N] [--export grouped|activation]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Inverter } from '../../src/main/engine/autodiff';
import { createEngine } from '../../src/main/engine/engine';
import { parseContract, type Job, type SynthesisContract } from '../../src/shared/api';
import { alignFace, stylePhoto } from '../../src/main/engine/stylegan/style-source';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const iterations = Number(option('--iterations', '200'));
const exportName = option('--export', 'activation');
const root = path.join(import.meta.dirname, '..', '..');
const nets = path.join(root, 'tests/fixtures/autodiff');
const astronaut = path.join(root, 'tests/fixtures/astronaut.png');
const sidecar = (name: string) => parseContract(JSON.parse(readFileSync(path.join(nets, `${name}.mien.json`), 'utf8')));
const { landmarks } = JSON.parse(
  readFileSync(path.join(root, 'tests/integration/face/expected/astronaut-landmarks.json'), 'utf8'),
) as { landmarks: number[] };
const contract = sidecar(`synthesis-${exportName}`) as SynthesisContract;

// Baseline: the autodiff loop alone, starting from a mean-w-like zero start (the start does not change the cost).
const photo = await stylePhoto({
  key: 'bench',
  imagePath: astronaut,
  landmarks: Float32Array.from(landmarks),
  landmarksImageWidth: 512,
});
const aligned = await alignFace(photo, contract.alignment, contract.resolution);
const inverter = await Inverter.create({
  synthesis: new Uint8Array(readFileSync(path.join(nets, `synthesis-${exportName}.onnx`))),
  perceptual: new Uint8Array(readFileSync(path.join(nets, 'perceptual.onnx'))),
  layer: 'conv2_2',
  target: aligned.tensor,
  start: new Float32Array(contract.numWs * 512),
  options: { steps: iterations },
  sessionOptions: { graphOptimizationLevel: 'all' },
});
let started = performance.now();
for (let i = 0; i < iterations; i++) await inverter.step();
const bareMs = (performance.now() - started) / iterations;
await inverter.release();

// Ours: the whole job through the engine.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mien-bench-stylegan-'));
const engine = await createEngine({ dataDir, host: 'cli', workers: 1, analyzeFacesAfterImport: true });
const call = (method: string, params: unknown) => engine.handle(method, params);
const waitFor = (id: string) =>
  new Promise<Job>((resolve) => {
    const stop = engine.onEvent((event, payload) => {
      const job = payload as Job;
      if (event === 'job.updated' && job.id === id && !['queued', 'running'].includes(job.state)) {
        stop();
        resolve(job);
      }
    });
  });
try {
  for (const name of [`synthesis-${exportName}`, 'perceptual', 'mapping']) {
    await call('models.install', {
      source: { kind: 'file', path: path.join(nets, `${name}.onnx`) },
      metadata: sidecar(name),
    });
  }
  const project = (await call('projects.create', { name: 'bench' })) as { id: string };
  const imported = (await call('assets.importBytes', {
    projectId: project.id,
    fileName: 'astronaut.png',
    bytes: new Uint8Array(readFileSync(astronaut)),
  })) as Job;
  const importedJob = await waitFor(imported.id);
  const assetId = (importedJob.result as { assetId: string }).assetId;
  while (((await call('jobs.list', { projectId: project.id, activeOnly: true })) as Job[]).length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const job = (await call('stylegan.invert', { assetId, iterations, previewEvery: 10 })) as Job;
  started = performance.now();
  const done = await waitFor(job.id);
  const wallMs = (performance.now() - started) / iterations;
  const result = done.result as { msPerIteration: number; firstLoss: number; lastLoss: number };
  console.log(`reference generator (${exportName} export, 64 px, L = 10), ${iterations} iterations, ORT CPU defaults`);
  console.log(`bare Inverter.step loop:      ${bareMs.toFixed(2)} ms/iteration`);
  console.log(`invert job, in the worker:    ${result.msPerIteration.toFixed(2)} ms/iteration`);
  console.log(`invert job, wall (all in):    ${wallMs.toFixed(2)} ms/iteration (mean w, graph build, chunks, saves)`);
  console.log(`ratio job wall / bare loop:   ${(wallMs / bareMs).toFixed(2)}`);
  console.log(`loss ${result.firstLoss.toFixed(4)} -> ${result.lastLoss.toFixed(4)}`);
} finally {
  await engine.close();
  rmSync(dataDir, { recursive: true, force: true });
}
