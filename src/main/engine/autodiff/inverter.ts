import * as ort from 'onnxruntime-node';
import { adamUpdate, newSlot, scheduledLearningRate, type AdamSlot } from './adam';
import { buildGradientGraph, type GradientGraph } from './build';
import { modelWithOutputs, openModel } from './compose';
import type { LossTerm } from './loss';

export interface InversionOptions {
  /** Length of the learning-rate schedule (the number of steps the caller intends to run). */
  steps: number;
  learningRate: number;
  /** Fractions of `steps` for the linear ramp up and the cosine ramp down. */
  rampUp: number;
  rampDown: number;
  /** Weight of the perceptual term (mean squared feature difference at `layer`); 0 turns it off. */
  perceptualWeight: number;
  /** Weight of the pixel term (mean squared difference of the images); 0 turns it off. */
  pixelWeight: number;
  /** Names of noise-buffer initializers to optimise as well (StyleGAN2's projector does). */
  noiseBuffers: string[];
  /** Weight of the noise regularisation over noiseBuffers. */
  noiseWeight: number;
}

export const DEFAULT_INVERSION_OPTIONS: InversionOptions = {
  steps: 300,
  learningRate: 0.1,
  rampUp: 0.05,
  rampDown: 0.25,
  perceptualWeight: 1,
  pixelWeight: 1,
  noiseBuffers: [],
  noiseWeight: 1e5,
};

/** Everything needed to resume an inversion where it stopped (plain arrays, serialisable). */
export interface InversionState {
  iteration: number;
  ws: AdamSlot;
  noise: Record<string, AdamSlot>;
  losses: number[];
}

export interface InversionStep {
  iteration: number;
  /** Loss of the ws before this step's update. */
  loss: number;
  terms: { perceptual?: number; pixel?: number; noise?: number };
  learningRate: number;
  /** Generated image for the ws before the update, [1, 3, H, W]. */
  image: Float32Array;
}

export interface InverterSetup {
  /** Synthesis network: ws input -> image output (ModelProto bytes). */
  synthesis: Uint8Array;
  /** Perceptual network (image -> features) and the layer to compare at; needed when perceptualWeight > 0. */
  perceptual?: Uint8Array;
  layer?: string;
  /** Target image, [1, 3, H, W] in the generator's range. */
  target: Float32Array;
  /** Starting ws (for example the mean w repeated L times), or a saved state to resume. */
  start: Float32Array | InversionState;
  options?: Partial<InversionOptions>;
  wsInput?: string;
  imageOutput?: string;
  sessionOptions?: ort.InferenceSession.SessionOptions;
}

/**
 * Optimises W+ (and optionally noise buffers) so the generator reproduces a target image: Adam on
 * the gradient graph built by buildGradientGraph. Thread-agnostic: it owns ORT sessions and
 * nothing else, so a worker can run it as well as the main thread.
 */
export class Inverter {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly graph: GradientGraph,
    private readonly feeds: Record<string, ort.Tensor>,
    private readonly dims: { ws: number[]; noise: Record<string, number[]> },
    private readonly names: { ws: string; image: string },
    readonly options: InversionOptions,
    private current: InversionState,
  ) {}

  static async create(setup: InverterSetup): Promise<Inverter> {
    const options = { ...DEFAULT_INVERSION_OPTIONS, ...setup.options };
    const wsName = setup.wsInput ?? 'ws';
    const imageName = setup.imageOutput ?? 'image';
    const terms: LossTerm[] = [];
    const feeds: Record<string, ort.Tensor> = {};
    const imageDims = outputDims(setup.synthesis, imageName);
    if (setup.target.length !== imageDims.reduce((a, b) => a * b, 1)) {
      throw new Error(
        `the target image has ${setup.target.length} values; the generator makes [${imageDims.join(', ')}]`,
      );
    }
    if (options.perceptualWeight > 0) {
      if (!setup.perceptual || !setup.layer)
        throw new Error('a perceptual network and layer are needed when perceptualWeight > 0');
      const featureModel = modelWithOutputs(setup.perceptual, [setup.layer]);
      const features = await ort.InferenceSession.create(featureModel, setup.sessionOptions);
      const inputName = features.inputNames[0] as string;
      const out = await features.run({ [inputName]: new ort.Tensor('float32', setup.target, imageDims) });
      const targetFeatures = out[setup.layer] as ort.Tensor;
      feeds.target_features = new ort.Tensor(
        'float32',
        Float32Array.from(targetFeatures.data as Float32Array),
        targetFeatures.dims,
      );
      await features.release();
      terms.push({
        kind: 'feature-mse',
        output: imageName,
        network: setup.perceptual,
        layer: setup.layer,
        target: 'target_features',
        weight: options.perceptualWeight,
      });
    }
    if (options.pixelWeight > 0) {
      terms.push({ kind: 'mse', output: imageName, target: 'target_image', weight: options.pixelWeight });
      feeds.target_image = new ort.Tensor('float32', setup.target, imageDims);
    }
    if (options.noiseBuffers.length > 0 && options.noiseWeight > 0) {
      terms.push({ kind: 'noise-regularisation', tensors: options.noiseBuffers, weight: options.noiseWeight });
    }
    const graph = buildGradientGraph(setup.synthesis, { terms }, [wsName, ...options.noiseBuffers], {
      keepOutputs: [imageName],
      promote: options.noiseBuffers,
    });
    const session = await ort.InferenceSession.create(graph.model, setup.sessionOptions);
    const wsDims = graph.inputs.find((i) => i.name === wsName)?.dims as number[];
    const noiseDims = Object.fromEntries(Object.entries(graph.promoted).map(([k, t]) => [k, t.dims]));
    const state: InversionState =
      setup.start instanceof Float32Array
        ? {
            iteration: 0,
            ws: newSlot(setup.start),
            noise: Object.fromEntries(
              Object.entries(graph.promoted).map(([k, t]) => [k, newSlot(t.data as Float32Array)]),
            ),
            losses: [],
          }
        : structuredClone(setup.start);
    if (state.ws.value.length !== wsDims.reduce((a, b) => a * b, 1)) {
      throw new Error(
        `the starting ws has ${state.ws.value.length} values; the generator expects [${wsDims.join(', ')}]`,
      );
    }
    return new Inverter(
      session,
      graph,
      feeds,
      { ws: wsDims, noise: noiseDims },
      { ws: wsName, image: imageName },
      options,
      state,
    );
  }

  /** A copy of the optimiser state, to save and resume later. */
  get state(): InversionState {
    return structuredClone(this.current);
  }

  get ws(): Float32Array {
    return Float32Array.from(this.current.ws.value);
  }

  /** Runs the gradient graph once and takes one Adam step. */
  async step(): Promise<InversionStep> {
    const s = this.current;
    const feeds: Record<string, ort.Tensor> = {
      ...this.feeds,
      [this.names.ws]: new ort.Tensor('float32', s.ws.value, this.dims.ws),
    };
    for (const [name, slot] of Object.entries(s.noise))
      feeds[name] = new ort.Tensor('float32', slot.value, this.dims.noise[name]);
    const out = await this.session.run(feeds);
    const value = (name: string): number => Number((out[name] as ort.Tensor).data[0]);
    const loss = value(this.graph.loss);
    const termValues: InversionStep['terms'] = {};
    let t = 0;
    if (this.options.perceptualWeight > 0) termValues.perceptual = value(this.graph.terms[t++] as string);
    if (this.options.pixelWeight > 0) termValues.pixel = value(this.graph.terms[t++] as string);
    if (this.options.noiseBuffers.length > 0 && this.options.noiseWeight > 0)
      termValues.noise = value(this.graph.terms[t++] as string);
    const image = Float32Array.from((out[this.names.image] as ort.Tensor).data as Float32Array);

    const o = this.options;
    const learningRate = scheduledLearningRate(s.iteration, o.steps, o.learningRate, o.rampUp, o.rampDown);
    s.iteration++;
    adamUpdate(
      s.ws,
      (out[this.graph.gradients[this.names.ws] as string] as ort.Tensor).data as Float32Array,
      s.iteration,
      learningRate,
    );
    for (const [name, slot] of Object.entries(s.noise)) {
      adamUpdate(
        slot,
        (out[this.graph.gradients[name] as string] as ort.Tensor).data as Float32Array,
        s.iteration,
        learningRate,
      );
      normaliseNoise(slot.value);
    }
    s.losses.push(loss);
    return { iteration: s.iteration, loss, terms: termValues, learningRate, image };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** Noise buffers stay zero-mean, unit-variance after each step (as StyleGAN2's projector keeps them). */
function normaliseNoise(values: Float32Array): void {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  const inv = 1 / Math.sqrt(variance / values.length + 1e-12);
  for (let i = 0; i < values.length; i++) values[i] = ((values[i] as number) - mean) * inv;
}

function outputDims(model: Uint8Array, name: string): number[] {
  const g = openModel(model);
  if (!g.has(name)) throw new Error(`the generator has no output named ${name}`);
  return g.dims(name);
}

/** Peak signal-to-noise ratio in dB of two images in [-1, 1] (peak-to-peak 2). */
export function psnr(a: Float32Array, b: Float32Array): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += ((a[i] as number) - (b[i] as number)) ** 2;
  const mse = se / a.length;
  return 10 * Math.log10(4 / mse);
}

interface SlotJson {
  value: number[];
  m: number[];
  v: number[];
}

/** Plain JSON form of an InversionState (for storing it in a project and resuming later). */
export interface InversionStateJson {
  iteration: number;
  ws: SlotJson;
  noise: Record<string, SlotJson>;
  losses: number[];
}

const slotToJson = (s: AdamSlot): SlotJson => ({ value: Array.from(s.value), m: Array.from(s.m), v: Array.from(s.v) });

function slotFromJson(what: string, j: unknown): AdamSlot {
  const o = j as Partial<SlotJson> | null;
  const ok = (a: unknown): a is number[] =>
    Array.isArray(a) && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!o || !ok(o.value) || !ok(o.m) || !ok(o.v) || o.m.length !== o.value.length || o.v.length !== o.value.length) {
    throw new Error(`the saved inversion state's ${what} is malformed`);
  }
  return { value: Float32Array.from(o.value), m: Float32Array.from(o.m), v: Float32Array.from(o.v) };
}

export function inversionStateToJson(state: InversionState): InversionStateJson {
  return {
    iteration: state.iteration,
    ws: slotToJson(state.ws),
    noise: Object.fromEntries(Object.entries(state.noise).map(([k, s]) => [k, slotToJson(s)])),
    losses: [...state.losses],
  };
}

/** Validates and revives a stored state; a malformed one is refused with what is wrong. */
export function inversionStateFromJson(json: unknown): InversionState {
  const o = json as Partial<InversionStateJson> | null;
  if (!o || typeof o.iteration !== 'number' || !Number.isInteger(o.iteration) || o.iteration < 0) {
    throw new Error("the saved inversion state's iteration is malformed");
  }
  if (!Array.isArray(o.losses) || !o.losses.every((x) => typeof x === 'number')) {
    throw new Error("the saved inversion state's losses are malformed");
  }
  return {
    iteration: o.iteration,
    ws: slotFromJson('ws', o.ws),
    noise: Object.fromEntries(Object.entries(o.noise ?? {}).map(([k, s]) => [k, slotFromJson(`noise ${k}`, s)])),
    losses: [...o.losses],
  };
}
