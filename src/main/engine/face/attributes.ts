import { MODEL_INPUT_SIZE, type FaceModels } from './face-models';
import type { ImagePyramid } from './pyramid';
import { regionFromLandmarks } from './regions';
import { EXPRESSION_NAMES, type ExpressionName, type RotatedSquare } from './types';
import { writeCrop } from './warp';

/**
 * Expression and identity models run on the aligned face: the landmarks' box along the eye line,
 * enlarged a little so the chin and brows are inside, upright whatever the photo's roll.
 */
const ATTRIBUTE_REGION_SCALE = 1.2;

export function attributeRegion(landmarks: ArrayLike<number>): RotatedSquare {
  return regionFromLandmarks(landmarks, 468, ATTRIBUTE_REGION_SCALE);
}

/** Probabilities of the 7 expression classes (the emotion model takes 64x64 grey in -1..1). */
export async function classifyExpression(
  models: FaceModels,
  pyramid: ImagePyramid,
  region: RotatedSquare,
): Promise<Record<ExpressionName, number>> {
  const size = MODEL_INPUT_SIZE.emotion;
  const input = new Float32Array(size * size);
  writeCrop(
    pyramid,
    {
      region,
      outSize: size,
      scale: 2 / 255,
      offset: -1,
      channels: 'gray',
      layout: models.layouts.emotion,
      border: 'replicate',
    },
    input,
  );
  const probabilities = await models.emotion(input);
  const result = {} as Record<ExpressionName, number>;
  EXPRESSION_NAMES.forEach((name, i) => (result[name] = probabilities[i]!));
  return result;
}

/** The faceres identity descriptor (224x224 RGB in 0..255), 1024 values. */
export async function describeIdentity(
  models: FaceModels,
  pyramid: ImagePyramid,
  region: RotatedSquare,
): Promise<number[]> {
  const size = MODEL_INPUT_SIZE.descriptor;
  const input = new Float32Array(size * size * 3);
  writeCrop(
    pyramid,
    {
      region,
      outSize: size,
      scale: 1,
      offset: 0,
      channels: 'rgb',
      layout: models.layouts.descriptor,
      border: 'replicate',
    },
    input,
  );
  return Array.from(await models.descriptor(input));
}

/** Cosine similarity of two descriptors (1: same direction). */
export function descriptorSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
