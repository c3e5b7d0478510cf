import type { GreyImage } from '../../../shared/masks';
import type { ProjectStore } from '../store';
import { readMaskFile } from './mask-png';
import { MasksRepo } from './masks-repo';

/** One layer's mask in atlas pixels, or null when the layer has none (it applies everywhere). */
export async function loadMaskAtlas(store: ProjectStore, sceneId: string, layer: string): Promise<GreyImage | null> {
  const mask = store.repository(MasksRepo).get(sceneId, layer);
  return mask ? readMaskFile(store.blobPath(mask.sha256)) : null;
}

/**
 * Every mask of a scene by layer id, for a render (a generator turns each into per-vertex weights
 * with layerVertexWeights from src/shared/masks). Layers without a mask are absent.
 */
export async function loadSceneMaskAtlases(store: ProjectStore, sceneId: string): Promise<Record<string, GreyImage>> {
  const masks = store.repository(MasksRepo).list(sceneId);
  const atlases = await Promise.all(masks.map((mask) => readMaskFile(store.blobPath(mask.sha256))));
  return Object.fromEntries(masks.map((mask, i) => [mask.layer, atlases[i]!]));
}

/** Changes whenever a mask of the scene is stored, replaced or removed: a cache key for what is made of them. */
export function sceneMasksVersion(store: ProjectStore, sceneId: string): string {
  return store
    .repository(MasksRepo)
    .list(sceneId)
    .map((mask) => `${mask.layer}:${mask.sha256}`)
    .join(',');
}
