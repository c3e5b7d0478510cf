import type { TensorLayout } from './warp';

/**
 * What the face pipeline needs from an inference backend: the five models with their raw outputs
 * regrouped by meaning. The product implements it with onnxruntime-node (ort-face-models.ts); the
 * benchmark implements it with TF.js on the original models, so both run the same pipeline code.
 */
export interface FaceModels {
  /** Tensor layout each model's image input expects. */
  readonly layouts: Record<FaceModelName, TensorLayout>;
  /** BlazeFace on a 1x256x256x3 image in -1..1: 896 score logits and 896x16 box regressors (anchor order). */
  detect(input: Float32Array): Promise<{ logits: Float32Array; regressors: Float32Array }>;
  /** FaceMesh on Bx192x192x3 in 0..1: Bx468x3 points in crop pixels and B face-presence scores (0..1). */
  mesh(input: Float32Array, batch: number): Promise<{ points: Float32Array; presence: Float32Array }>;
  /** Iris on Bx64x64x3 in 0..1: Bx76x3 points in crop pixels (71 eye contour + 5 iris). */
  iris(input: Float32Array, batch: number): Promise<Float32Array>;
  /** Emotion on 1x64x64x1 grey in -1..1: 7 probabilities. */
  emotion(input: Float32Array): Promise<Float32Array>;
  /** FaceRes on 1x224x224x3 in 0..255: the 1024-value descriptor. */
  descriptor(input: Float32Array): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export type FaceModelName = 'detector' | 'mesh' | 'iris' | 'emotion' | 'descriptor';

export const MODEL_INPUT_SIZE: Record<FaceModelName, number> = {
  detector: 256,
  mesh: 192,
  iris: 64,
  emotion: 64,
  descriptor: 224,
};

export const DETECTOR_ANCHORS = 896;
export const MESH_POINTS = 468;
export const IRIS_MODEL_POINTS = 76;
