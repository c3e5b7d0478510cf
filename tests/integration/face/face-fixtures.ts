import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { createOrtFaceModels, type OrtFaceModels } from '../../../src/main/engine/face/ort-face-models';
import type { RgbaImage } from '../../../src/main/engine/face/types';

/** Shared inputs of the face integration tests: the astronaut, derived images and the models. */

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const astronautPath = path.join(repoRoot, 'tests/fixtures/astronaut.png');
export const expectedPath = path.join(repoRoot, 'tests/integration/face/expected/astronaut-landmarks.json');

/** Loads the converted models; fails (never skips) with the registry's message when they are missing. */
export function loadModels(): Promise<OrtFaceModels> {
  return createOrtFaceModels({ modelsDir: path.join(repoRoot, 'resources/models') });
}

export async function toRgba(input: Sharp): Promise<RgbaImage> {
  const { data, info } = await input.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

export const astronaut = (): Sharp => sharp(astronautPath);

/** Mean and max Euclidean distance (x, y) between two landmark arrays of x, y, z triplets. */
export function landmarkError(actual: ArrayLike<number>, expected: ArrayLike<number>): { mean: number; max: number } {
  let sum = 0;
  let max = 0;
  const count = expected.length / 3;
  for (let i = 0; i < count; i++) {
    const d = Math.hypot(actual[3 * i]! - expected[3 * i]!, actual[3 * i + 1]! - expected[3 * i + 1]!);
    sum += d;
    if (d > max) max = d;
  }
  return { mean: sum / count, max };
}
