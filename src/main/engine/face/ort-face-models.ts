import * as ort from 'onnxruntime-node';
import {
  type ModelRole,
  ModelRegistry,
  type ModelSession,
  createSessionWithFallback,
  type ExecutionProviderName,
} from '../models';
import { DETECTOR_ANCHORS, type FaceModelName, type FaceModels } from './face-models';
import type { TensorLayout } from './warp';

const ROLE_OF: Record<FaceModelName, ModelRole> = {
  detector: 'face-detector',
  mesh: 'face-mesh',
  iris: 'iris',
  emotion: 'emotion',
  descriptor: 'face-descriptor',
};

export interface OrtFaceModelsOptions {
  /** Folder holding manifest.json and the .onnx files (resources/models). */
  modelsDir: string;
  provider?: ExecutionProviderName;
  /** ORT threads per run; default: ORT's own choice (all cores). */
  intraOpThreads?: number;
  /** Load only these models (the video path needs no descriptor). Default: all five. */
  only?: FaceModelName[];
}

export interface OrtFaceModels extends FaceModels {
  /** Provider fallback warnings to show the user (empty when every model runs where asked). */
  readonly warnings: string[];
  readonly provider: ExecutionProviderName;
}

/** The face models on onnxruntime-node, each file verified against the manifest's sha256 first. */
export async function createOrtFaceModels(options: OrtFaceModelsOptions): Promise<OrtFaceModels> {
  const registry = await ModelRegistry.open(options.modelsDir);
  const names = options.only ?? (Object.keys(ROLE_OF) as FaceModelName[]);
  const sessions = new Map<FaceModelName, ModelSession>();
  for (const name of names) {
    // Verified against the manifest first; the converter already wrote PRelu in ORT's fast form (convert/prelu.ts).
    const verified = await registry.verify(ROLE_OF[name]);
    const created = await createSessionWithFallback({
      bytes: verified.bytes,
      label: verified.model.file,
      provider: options.provider,
      intraOpThreads: options.intraOpThreads,
    });
    sessions.set(name, { ...created, model: verified.model });
  }

  const session = (name: FaceModelName): ModelSession => {
    const found = sessions.get(name);
    if (!found) throw new Error(`The ${name} model was not loaded (createOrtFaceModels only: ${names.join(', ')})`);
    return found;
  };
  // The converter keeps TF's NHWC image inputs (manifest inputLayout 'NHWC') and transposes once inside the graph.
  const nhwc: TensorLayout = 'nhwc';
  const layouts: Record<FaceModelName, TensorLayout> = {
    detector: nhwc,
    mesh: nhwc,
    iris: nhwc,
    emotion: nhwc,
    descriptor: nhwc,
  };

  const run = async (
    name: FaceModelName,
    input: Float32Array,
    dims: number[],
  ): Promise<ort.InferenceSession.OnnxValueMapType> => {
    const { session: s, model } = session(name);
    const feeds = { [model.inputs[0]!.name]: new ort.Tensor('float32', input, dims) };
    return s.run(feeds);
  };
  const imageDims = (name: FaceModelName, batch: number, size: number, channels: number): number[] =>
    layouts[name] === 'nchw' ? [batch, channels, size, size] : [batch, size, size, channels];
  /** An output found by its last dimension (and second, to tell the detector's two grids apart). */
  const output = (values: ort.InferenceSession.OnnxValueMapType, last: number, rows?: number): Float32Array => {
    for (const value of Object.values(values)) {
      const dims = value.dims;
      if (dims[dims.length - 1] === last && (rows === undefined || dims[1] === rows)) return value.data as Float32Array;
    }
    throw new Error(`model output with last dimension ${last} missing`);
  };

  const warnings = [...sessions.values()].flatMap((s) => (s.warning ? [s.warning] : []));
  const provider = [...sessions.values()][0]?.provider ?? 'cpu';

  return {
    layouts,
    warnings,
    provider,
    async detect(input) {
      const out = await run('detector', input, imageDims('detector', 1, 256, 3));
      const logits = new Float32Array(DETECTOR_ANCHORS);
      logits.set(output(out, 1, 512), 0);
      logits.set(output(out, 1, 384), 512);
      const regressors = new Float32Array(DETECTOR_ANCHORS * 16);
      regressors.set(output(out, 16, 512), 0);
      regressors.set(output(out, 16, 384), 512 * 16);
      return { logits, regressors };
    },
    async mesh(input, batch) {
      const out = await run('mesh', input, imageDims('mesh', batch, 192, 3));
      return { points: output(out, 1404), presence: output(out, 1) };
    },
    async iris(input, batch) {
      return output(await run('iris', input, imageDims('iris', batch, 64, 3)), 228);
    },
    async emotion(input) {
      return output(await run('emotion', input, imageDims('emotion', 1, 64, 1)), 7);
    },
    async descriptor(input) {
      return output(await run('descriptor', input, imageDims('descriptor', 1, 224, 3)), 1024);
    },
    async dispose() {
      await Promise.all([...sessions.values()].map((s) => s.session.release()));
    },
  };
}
