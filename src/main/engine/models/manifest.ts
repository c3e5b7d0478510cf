import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export const ModelRole = z.enum(['face-detector', 'face-mesh', 'iris', 'emotion', 'face-descriptor']);
export type ModelRole = z.infer<typeof ModelRole>;

/** How to turn 8-bit pixels into the model input: value = (pixel / 255) * scale + offset, per channel. */
export const Normalisation = z.object({
  channels: z.enum(['rgb', 'grey']),
  /** For 'grey': weights of r, g, b (summing to ~1) applied before scaling. */
  greyWeights: z.tuple([z.number(), z.number(), z.number()]).optional(),
  scale: z.number(),
  offset: z.number(),
  range: z.tuple([z.number(), z.number()]),
  formula: z.string(),
});
export type Normalisation = z.infer<typeof Normalisation>;

export const TensorInfo = z.object({
  name: z.string().min(1),
  /** TF (NHWC) order; -1 marks a free dimension (the batch). */
  shape: z.array(z.number().int()),
  dtype: z.literal('float32'),
});
export type TensorInfo = z.infer<typeof TensorInfo>;

export const Provenance = z.object({
  package: z.string(),
  packageVersion: z.string(),
  originalModel: z.string(),
  /** sha256 over model.json followed by its shards: a changed source re-triggers conversion. */
  originalSha256: z.string().regex(/^[0-9a-f]{64}$/),
  upstream: z.string(),
  licence: z.string(),
  licenceNote: z.string(),
});

export const ManifestModel = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  role: ModelRole,
  file: z.string().regex(/^[A-Za-z0-9._-]+\.onnx$/, 'a bare .onnx file name inside the models folder'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  opset: z.number().int(),
  inputs: z.array(TensorInfo).min(1),
  outputs: z.array(TensorInfo).min(1),
  inputLayout: z.literal('NHWC'),
  normalisation: Normalisation,
  provenance: Provenance,
  notes: z.string(),
});
export type ManifestModel = z.infer<typeof ManifestModel>;

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_VERSION = 1;

export const ModelManifest = z.object({
  manifestVersion: z.literal(MANIFEST_VERSION),
  /** Bumped when the converter's output changes, so prepared models are rebuilt. */
  converterVersion: z.number().int(),
  models: z.array(ManifestModel),
});
export type ModelManifest = z.infer<typeof ModelManifest>;

/** Reads and validates manifest.json; null when the file does not exist. Malformed content is an error. */
export async function readManifest(manifestPath: string): Promise<ModelManifest | null> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = ModelManifest.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`${manifestPath} is not a valid model manifest: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
