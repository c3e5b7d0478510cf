import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** Roles of the bundled face models (converted from TF.js by `npm run prepare-models`). */
export const FACE_MODEL_ROLES = ['face-detector', 'face-mesh', 'iris', 'emotion', 'face-descriptor'] as const;
/** Roles a user installs through the model manager; their contract is docs/models.md. */
export const GENERATOR_MODEL_ROLES = ['synthesis', 'mapping', 'perceptual', 'encoder', 'motion'] as const;
export const ModelRole = z.enum([...FACE_MODEL_ROLES, ...GENERATOR_MODEL_ROLES]);
export type ModelRole = z.infer<typeof ModelRole>;
export const FaceModelRole = z.enum(FACE_MODEL_ROLES);
export type FaceModelRole = z.infer<typeof FaceModelRole>;
export const GeneratorModelRole = z.enum(GENERATOR_MODEL_ROLES);
export type GeneratorModelRole = z.infer<typeof GeneratorModelRole>;

/** Order of an image tensor's axes: TF's NHWC (the face models), PyTorch's NCHW (generators), or not an image. */
export const TensorLayout = z.enum(['NHWC', 'NCHW', 'none']);
export type TensorLayout = z.infer<typeof TensorLayout>;

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
  /** In the model's own axis order (see inputLayout); -1 marks a free dimension (the batch). */
  shape: z.array(z.number().int()),
  dtype: z.enum(['float32', 'float16', 'int64']),
});
export type TensorInfo = z.infer<typeof TensorInfo>;

/** A face model converted from a TF.js package by prepare-models. */
export const ConvertedProvenance = z.object({
  package: z.string(),
  packageVersion: z.string(),
  originalModel: z.string(),
  /** sha256 over model.json followed by its shards: a changed source re-triggers conversion. */
  originalSha256: z.string().regex(/^[0-9a-f]{64}$/),
  upstream: z.string(),
  licence: z.string(),
  licenceNote: z.string(),
});
export type ConvertedProvenance = z.infer<typeof ConvertedProvenance>;

/** A model the user installed through the model manager. */
export const InstalledProvenance = z.object({
  source: z.enum(['file', 'url']),
  /** The file's base name or the URL it was downloaded from (never a local folder path). */
  origin: z.string(),
  installedAt: z.number(),
  licence: z.string(),
});
export type InstalledProvenance = z.infer<typeof InstalledProvenance>;

/**
 * What every model entry says, whatever its role: the file, its sha256, its tensors and their layout.
 * The bundled face models (ManifestModel) and the user's installed models (models/installed.ts) extend it.
 */
export const ModelEntry = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  role: ModelRole,
  file: z.string().regex(/^[A-Za-z0-9._-]+\.onnx$/, 'a bare .onnx file name inside the models folder'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  opset: z.number().int(),
  inputs: z.array(TensorInfo).min(1),
  outputs: z.array(TensorInfo).min(1),
  inputLayout: TensorLayout,
  /** How 8-bit pixels become the image input; absent for models whose input is not an image (ws, z). */
  normalisation: Normalisation.optional(),
  provenance: z.union([ConvertedProvenance, InstalledProvenance]),
  notes: z.string(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

/** A bundled face model: converted from TF.js, NHWC image input with a pixel normalisation. */
export const ManifestModel = ModelEntry.extend({
  role: FaceModelRole,
  inputLayout: z.literal('NHWC'),
  normalisation: Normalisation,
  provenance: ConvertedProvenance,
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
