/**
 * Rig fit benchmark: ms per frame of RigFitter (sparse columns, precomputed normal equations,
 * projected Gauss-Seidel box QP, scratch buffers) against a naive baseline that does what a
 * first implementation would: per alternation, rebuild the dense normal equations from the
 * 1434 x 52 basis, solve them unconstrained by Cholesky, then clip to [0, 1], allocating as it goes.
 * Both fit the same synthetic frames (random expression, pose within +-25 degrees, 0.5% noise).
 * The identity fit (three stages: identity, expressions, joint) is timed as well.
 * Run: npx tsx bench/rig/fit.bench.ts
 */
import { BLENDSHAPE_COUNT } from '../../src/shared/rig/arkit-names';
import { getBlendshapeBasis } from '../../src/shared/rig/blendshape-basis';
import { RigFitter, type RigFitResult } from '../../src/shared/rig/fit/rig-fitter';
import { seededRandom, synthesizeLandmarks } from '../../src/shared/rig/fit/synthesize';
import { applyInverseSimilarity, createSimilarity, fitSimilarity } from '../../src/shared/rig/math/similarity';
import { flipImageCamera } from '../../src/shared/rig/pose';
import { RIG_POINT_COUNT } from '../../src/shared/rig/topology/rig-points';

const FRAMES = 400;
const random = seededRandom(11);
const frames: Float64Array[] = [];
for (let f = 0; f < FRAMES; f++) {
  const c = Float64Array.from({ length: BLENDSHAPE_COUNT }, () => (random() < 0.3 ? random() : 0));
  const angle = () => (random() * 2 - 1) * 25;
  const pose = { yawDeg: angle(), pitchDeg: angle(), rollDeg: angle(), tx: 320, ty: 240, tz: 0, scale: 200 };
  frames.push(synthesizeLandmarks(c, pose, { noiseFaceWidths: 0.005, random }));
}

/** The naive peer: dense rebuild + unconstrained Cholesky + clip, 4 alternations like ours. */
function naiveFit(landmarks: Float64Array): Float64Array {
  const basis = getBlendshapeBasis();
  const size = RIG_POINT_COUNT * 3;
  const n = BLENDSHAPE_COUNT;
  const camera = flipImageCamera(landmarks, RIG_POINT_COUNT, new Float64Array(size));
  let c = new Float64Array(n);
  const sim = createSimilarity();
  for (let iteration = 0; iteration < 4; iteration++) {
    const shape = Float64Array.from(basis.neutral);
    for (let k = 0; k < n; k++)
      for (let j = 0; j < size; j++) shape[j] = shape[j]! + c[k]! * basis.deltas[k * size + j]!;
    fitSimilarity(shape, camera, null, RIG_POINT_COUNT, sim);
    const model = applyInverseSimilarity(sim, camera, RIG_POINT_COUNT, new Float64Array(size));
    const A = new Float64Array(n * n);
    const b = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) {
        let s = 0;
        for (let j = 0; j < size; j++) s += basis.deltas[p * size + j]! * basis.deltas[q * size + j]!;
        A[p * n + q] = s + (p === q ? 2e-4 : 0);
      }
      let s = 0;
      for (let j = 0; j < size; j++) s += basis.deltas[p * size + j]! * (model[j]! - basis.neutral[j]!);
      b[p] = s;
    }
    // Cholesky A = L L^T, then two triangular solves.
    const L = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = A[i * n + j]!;
        for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
        L[i * n + j] = i === j ? Math.sqrt(s) : s / L[j * n + j]!;
      }
    }
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = b[i]!;
      for (let k = 0; k < i; k++) s -= L[i * n + k]! * y[k]!;
      y[i] = s / L[i * n + i]!;
    }
    const x = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i]!;
      for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * x[k]!;
      x[i] = s / L[i * n + i]!;
    }
    c = x.map((v) => Math.min(1, Math.max(0, v)));
  }
  return c;
}

function time(label: string, run: (frame: Float64Array, index: number) => void, repeats: number): number {
  for (let f = 0; f < Math.min(50, FRAMES); f++) run(frames[f]!, f); // warm-up (JIT, caches)
  // CPU time of this process as well as wall time: on a shared, loaded machine wall time
  // mostly measures the other processes.
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (let r = 0; r < repeats; r++) for (let f = 0; f < FRAMES; f++) run(frames[f]!, f);
  const wallMs = (performance.now() - start) / (repeats * FRAMES);
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000 / (repeats * FRAMES);
  console.log(`${label.padEnd(44)} ${cpuMs.toFixed(3)} ms/frame CPU, ${wallMs.toFixed(3)} ms/frame wall`);
  return cpuMs;
}

const fitter = new RigFitter();
const ours = time('ours: RigFitter.fit (cold start per frame)', (frame) => void fitter.fit(frame), 5);
let previous: RigFitResult | undefined;
const oursWarm = time('ours: RigFitter.fit (warm start, video)', (frame, index) => {
  previous = fitter.fit(frame, index === 0 ? {} : { warmStart: previous });
}, 5); // prettier-ignore
const oursIdentity = time('ours: RigFitter.fit, fitIdentity (one photo)', (frame) => void fitter.fit(frame, { fitIdentity: true }), 2); // prettier-ignore
const naive = time('baseline: dense rebuild + Cholesky + clip', (frame) => void naiveFit(frame), 1);
console.log(
  `speed-up (CPU time): ${(naive / ours).toFixed(1)}x cold, ${(naive / oursWarm).toFixed(1)}x warm, ${(naive / oursIdentity).toFixed(1)}x identity fit; budget 2 ms/frame`,
);
console.log(
  `load average while measuring: ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
