import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { TaskHandlers } from '../workers';
import type { ExecutionProviderName } from '../models';
import { analyzeImage } from './analyze-image';
import { analyzeVideo } from './analyze-video';
import { createOrtFaceModels, type OrtFaceModels } from './ort-face-models';
import type { AnalyzeImageOptions, FaceAnalysis, VideoAnalysis } from './types';

/**
 * Worker-thread tasks of the face pipeline. Everything CPU-bound (decode, crops, ORT runs) happens
 * inside the worker; the engine thread only posts inputs and receives plain results.
 */

export interface ModelSettings {
  /** Folder with manifest.json and the .onnx files; default resources/models of this checkout. */
  modelsDir?: string;
  provider?: ExecutionProviderName;
  intraOpThreads?: number;
}

export type FaceImageSource =
  { kind: 'file'; path: string } | { kind: 'rgba'; data: Uint8Array; width: number; height: number };

// A type alias, not an interface: TaskTable needs the implicit index signature aliases have.
export type FaceTasks = {
  'face.analyzeImage': {
    input: { image: FaceImageSource; options?: AnalyzeImageOptions; models?: ModelSettings };
    output: { analysis: FaceAnalysis; warnings: string[] };
    event: never;
  };
  'face.analyzeVideo': {
    input: { path: string; expressions?: boolean; models?: ModelSettings };
    output: { analysis: VideoAnalysis; warnings: string[] };
    event: { done: number; total: number | null };
  };
};

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The prepared models: MIEN_MODELS_DIR if set; else the first resources/models holding a manifest
 * above this file (src/main/engine/face unbuilt, out/main or out/main/chunks built); else, in a
 * packaged app, <resources>/models. When none exists the registry's error names the first place.
 */
export function defaultModelsDir(): string {
  const fromEnv = process.env.MIEN_MODELS_DIR;
  if (fromEnv) return fromEnv;
  const candidates: string[] = [];
  for (let dir = here, depth = 0; depth < 6; depth++, dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'resources/models'));
  }
  const packaged = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (packaged) candidates.push(path.join(packaged, 'models'), path.join(packaged, 'resources/models'));
  return (
    candidates.find((dir) => existsSync(path.join(dir, 'manifest.json'))) ??
    path.resolve(here, '../../../../resources/models')
  );
}

export const DEFAULT_INTRA_OP_THREADS = 1;

const loaded = new Map<string, Promise<OrtFaceModels>>();

/** One set of sessions per worker and settings: loading costs ~100 ms, a run a few ms. */
function modelsFor(settings: ModelSettings = {}): Promise<OrtFaceModels> {
  const dir = settings.modelsDir ?? defaultModelsDir();
  // One ORT thread per face worker unless asked otherwise: these models are small (a few ms per
  // run), and a second spinning ORT thread competes with ffmpeg's decoder and the engine thread on
  // a 2-core machine; measured under load it doubled the per-frame time.
  const threads = settings.intraOpThreads ?? DEFAULT_INTRA_OP_THREADS;
  const key = `${dir}|${settings.provider ?? 'cpu'}|${threads}`;
  let models = loaded.get(key);
  if (!models) {
    models = createOrtFaceModels({ modelsDir: dir, provider: settings.provider, intraOpThreads: threads });
    models.catch(() => loaded.delete(key));
    loaded.set(key, models);
  }
  return models;
}

async function decodeToRgba(source: FaceImageSource): Promise<{ data: Uint8Array; width: number; height: number }> {
  if (source.kind === 'rgba') return source;
  // .rotate() applies EXIF orientation so landmarks are in upright image coordinates.
  const { data, info } = await sharp(source.path).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

export const faceTaskHandlers: TaskHandlers<FaceTasks> = {
  async 'face.analyzeImage'(input) {
    const models = await modelsFor(input.models);
    const image = await decodeToRgba(input.image);
    const analysis = await analyzeImage(models, image, input.options);
    return { value: { analysis, warnings: models.warnings } };
  },
  async 'face.analyzeVideo'(input, context) {
    const models = await modelsFor(input.models);
    const analysis = await analyzeVideo(models, input.path, {
      expressions: input.expressions,
      signal: context.signal,
      onProgress: (done, total) => {
        // Every 10th frame is plenty for a progress bar and keeps message traffic low.
        if (done % 10 === 0) context.emit({ done, total });
      },
    });
    return { value: { analysis, warnings: models.warnings } };
  },
};
