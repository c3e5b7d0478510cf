import type { InversionSettings, SynthesisContract } from '../../../shared/api';
import { Inverter, type InversionState } from '../autodiff';
import type { TaskContext, TaskReturn } from '../workers';
import { runOnce, sessionFor, verifiedBytes, type StyleModelRef } from './model-sessions';
import { alignFace, resizedPhoto, stylePhoto, type StyleSourceSpec } from './style-source';
import { sideBySide, tensorToRgba } from './style-images';

export interface InvertChunkInput {
  inversionId: string;
  synthesis: StyleModelRef;
  perceptual: StyleModelRef;
  mapping: StyleModelRef | null;
  encoder: StyleModelRef | null;
  source: StyleSourceSpec;
  settings: InversionSettings;
  /** The last saved state; null for a new inversion (the start is computed here). */
  state: InversionState | null;
  /** Iterations to run in this chunk. */
  steps: number;
}

export type InvertChunkEvent =
  | { kind: 'step'; iteration: number; loss: number; ms: number }
  /** The aligned target and the current reconstruction side by side, RGBA. */
  | { kind: 'preview'; iteration: number; width: number; height: number; rgba: Uint8Array };

export interface InvertChunkOutput {
  state: InversionState;
  /** Where it started (set on the first chunk). */
  start: 'encoder' | 'mean-w';
}

/** Each half of a preview frame is at most this many pixels a side (a 1024 px generator's frame would be 8 MB raw). */
const PREVIEW_SIDE = 256;

/** Mapped z averaged for the mean w (StyleGAN2's projector uses 10 000; the mean settles long before). */
const MEAN_W_SAMPLES = 512;
const meanWs = new Map<string, Promise<Float32Array>>();

/** Deterministic standard normals (mulberry32 + Box-Muller), so two runs start from the same mean w. */
function gaussians(count: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return out;
}

function meanW(mapping: StyleModelRef): Promise<Float32Array> {
  let mean = meanWs.get(mapping.sha256);
  if (!mean) {
    mean = (async () => {
      const session = await sessionFor(mapping);
      const sum = new Float64Array(512);
      for (let i = 0; i < MEAN_W_SAMPLES; i++) {
        const { data } = await runOnce(session, gaussians(512, 1000 + i), [1, 512]);
        for (let k = 0; k < 512; k++) sum[k]! += data[k]!;
      }
      return Float32Array.from(sum, (v) => v / MEAN_W_SAMPLES);
    })();
    mean.catch(() => meanWs.delete(mapping.sha256));
    meanWs.set(mapping.sha256, mean);
  }
  return mean;
}

interface WarmInversion {
  inverter: Inverter;
  target: Float32Array;
  start: 'encoder' | 'mean-w';
}

/** Inverters kept between chunks (their gradient graph is costly to build): the last two inversions. */
const WARM_INVERSIONS = 2;
const warm = new Map<string, Promise<WarmInversion>>();

async function startOf(
  input: InvertChunkInput,
  target: Float32Array,
): Promise<{ ws: Float32Array; start: 'encoder' | 'mean-w' }> {
  const contract = input.synthesis.contract as SynthesisContract;
  if (input.encoder) {
    const session = await sessionFor(input.encoder);
    const r = contract.resolution;
    const { data } = await runOnce(session, target, [1, 3, r, r]);
    return { ws: Float32Array.from(data), start: 'encoder' };
  }
  if (!input.mapping) throw new Error('an inversion needs a mapping network (for the mean w) or an encoder');
  const w = await meanW(input.mapping);
  const ws = new Float32Array(contract.numWs * 512);
  for (let i = 0; i < contract.numWs; i++) ws.set(w, i * 512);
  return { ws, start: 'mean-w' };
}

async function createWarm(input: InvertChunkInput): Promise<WarmInversion> {
  const contract = input.synthesis.contract as SynthesisContract;
  const photo = await stylePhoto(input.source);
  const aligned = await alignFace(photo, contract.alignment, contract.resolution);
  const begin = input.state ? null : await startOf(input, aligned.tensor);
  const { settings } = input;
  const inverter = await Inverter.create({
    synthesis: await verifiedBytes(input.synthesis),
    perceptual: await verifiedBytes(input.perceptual),
    layer: settings.layer,
    target: aligned.tensor,
    start: input.state ?? begin!.ws,
    options: {
      steps: settings.iterations,
      learningRate: settings.learningRate,
      perceptualWeight: settings.perceptualWeight,
      pixelWeight: settings.pixelWeight,
    },
    sessionOptions: { executionProviders: ['cpu'], graphOptimizationLevel: 'all' },
  });
  return { inverter, target: aligned.tensor, start: begin?.start ?? settings.start };
}

/** The warm inverter of this inversion when it stands at the saved state, else a new one from that state. */
async function warmFor(input: InvertChunkInput): Promise<WarmInversion> {
  const cached = warm.get(input.inversionId);
  if (cached) {
    const w = await cached.catch(() => null);
    const sameSchedule = w && w.inverter.options.steps === input.settings.iterations;
    if (w && sameSchedule && w.inverter.state.iteration === (input.state?.iteration ?? 0)) return w;
    warm.delete(input.inversionId);
    if (w) await w.inverter.release();
  }
  const created = createWarm(input);
  created.catch(() => warm.delete(input.inversionId));
  warm.set(input.inversionId, created);
  while (warm.size > WARM_INVERSIONS) {
    const [oldest, evicted] = warm.entries().next().value!;
    warm.delete(oldest);
    void evicted.then((w) => w.inverter.release()).catch(() => undefined);
  }
  return created;
}

/** Runs up to `steps` iterations of one inversion in the style worker; the engine saves the state after each chunk. */
export async function invertChunk(
  input: InvertChunkInput,
  { signal, emit }: TaskContext<InvertChunkEvent>,
): Promise<TaskReturn<InvertChunkOutput>> {
  const w = await warmFor(input);
  const r = (input.synthesis.contract as SynthesisContract).resolution;
  const side = Math.min(r, PREVIEW_SIDE);
  const shrink = (frame: ReturnType<typeof tensorToRgba>) => (side < r ? resizedPhoto(frame, side) : frame);
  const targetFrame = await shrink(tensorToRgba(w.target, r, r));
  const every = input.settings.previewEvery;
  for (let k = 0; k < input.steps && !signal.aborted; k++) {
    const started = performance.now();
    const step = await w.inverter.step();
    const ms = performance.now() - started;
    emit({ kind: 'step', iteration: step.iteration, loss: step.loss, ms });
    // The first frame shows where it started; then every `previewEvery` iterations and the last.
    const last = step.iteration >= input.settings.iterations;
    if (step.iteration === 1 || step.iteration % every === 0 || last) {
      const frame = sideBySide(targetFrame, await shrink(tensorToRgba(step.image, r, r)));
      emit({ kind: 'preview', iteration: step.iteration, width: frame.width, height: frame.height, rgba: frame.data }, [
        frame.data.buffer as ArrayBuffer,
      ]);
    }
    if (last) break;
  }
  // A cancelled chunk still returns its state: the engine keeps what was done.
  return { value: { state: w.inverter.state, start: w.start } };
}
