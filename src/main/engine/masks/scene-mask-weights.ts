import { atlasUvsOfPhotoPoints, layerVertexWeights, mapFaceAtlas } from '../../../shared/masks';
import type { ProjectStore } from '../store';
import { readMaskFile } from './mask-png';
import { MasksRepo } from './masks-repo';

/** Layer id -> weight 0..1 of each of the portrait's 478 landmarks (what the generator's layer mixing takes). */
export type SceneMaskWeights = Record<string, Float32Array>;

/**
 * A scene's painted masks as per-landmark weights for a render: each mask (face-space atlas) is
 * sampled where the portrait's own landmarks fall in the atlas, so the weights travel with the face
 * through any expression and pose. Undefined when the scene has no mask.
 *
 * Decoding masks and mapping the atlas takes tens of milliseconds, far too much per preview frame,
 * so the last result is kept until a mask changes (its blob hash is part of the key) or another
 * portrait is rendered. `landmarks` is only called on a miss.
 */
export function createSceneMaskWeights() {
  let cached: { key: string; weights: SceneMaskWeights } | null = null;
  return async (
    store: ProjectStore,
    sceneId: string,
    portraitKey: string,
    landmarks: () => Float32Array,
  ): Promise<SceneMaskWeights | undefined> => {
    const masks = store.repository(MasksRepo).list(sceneId);
    if (masks.length === 0) return undefined;
    const key = `${sceneId}|${portraitKey}|${masks.map((mask) => `${mask.layer}:${mask.sha256}`).join(',')}`;
    if (cached?.key === key) return cached.weights;
    const points = landmarks();
    const uvs = atlasUvsOfPhotoPoints(mapFaceAtlas(points), points, 3);
    const weights: SceneMaskWeights = {};
    for (const mask of masks) {
      weights[mask.layer] = layerVertexWeights(await readMaskFile(store.blobPath(mask.sha256)), uvs);
    }
    cached = { key, weights };
    return weights;
  };
}
