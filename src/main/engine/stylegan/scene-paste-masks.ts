import { ApiError } from '../../../shared/api';
import type { GeneratorInfo, LayerMix } from '../../../shared/generate';
import type { GreyImage } from '../../../shared/masks';
import type { EngineContext } from '../api';
import { portraitSource } from '../generate';
import { loadSceneMaskAtlases, sceneMasksVersion } from '../masks';
import { ScenesRepo } from '../scenes';
import { maxOfMasks, pasteMaskAtlases, pasteMaskOnPhoto, type PasteMask } from './paste-mask';

/**
 * A transfer's paste mask from a scene's painted masks of the style layers (paste-mask.ts). Decoding
 * masks and laying them on the photo takes tens of milliseconds, too much per slider move: the
 * atlases are kept until a mask changes, the photo mask until the mixed layers or the photo change.
 */
export function createScenePasteMasks(context: Pick<EngineContext, 'openStore'>) {
  let atlases: { key: string; masks: Record<string, GreyImage> } | null = null;
  let laid: { key: string; mask: PasteMask } | null = null;
  return async (
    sceneId: string,
    appearanceAssetId: string,
    info: Pick<GeneratorInfo, 'layers'>,
    mix: LayerMix,
  ): Promise<PasteMask | undefined> => {
    const { store } = context.openStore();
    const scene = store.repository(ScenesRepo).get(sceneId);
    if (scene.assetId !== appearanceAssetId) {
      throw new ApiError(
        'invalid_request',
        `The scene's masks are painted on its own portrait; the appearance inversion is of another photo.`,
      );
    }
    const version = `${sceneId}|${sceneMasksVersion(store, sceneId)}`;
    if (atlases?.key !== version) atlases = { key: version, masks: await loadSceneMaskAtlases(store, sceneId) };
    const chosen = pasteMaskAtlases(info, mix, atlases.masks);
    if (!chosen) return undefined;
    const mixedIds = info.layers
      .filter((layer) => (mix[layer.id] ?? layer.defaultAlpha) > 0)
      .map((layer) => layer.id)
      .join(',');
    const { spec } = portraitSource(context, appearanceAssetId);
    const key = `${version}|${spec.key}|${mixedIds}`;
    if (laid?.key !== key) {
      const asset = store.assets.get(appearanceAssetId);
      const k = asset.width / spec.landmarksImageWidth;
      const landmarks = spec.landmarks.map((v, i) => (i % 3 === 2 ? v : v * k));
      laid = { key, mask: pasteMaskOnPhoto(maxOfMasks(chosen), landmarks, asset.width, asset.height) };
    }
    return laid.mask;
  };
}
