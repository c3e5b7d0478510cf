import { useEffect } from 'react';
import type { Asset } from '../../shared/api';
import { useServices } from '../app-services';
import { syncRigOverlay } from './overlay-sync';
import { loadPortraitScenes } from './scene-loading';

/**
 * The open portrait's scene, loaded (or created as "Scene 1") whenever a portrait is opened, open
 * timeline or not: the preview and the sliders show the animation at the playhead either way.
 */
export function usePortraitScene(projectId: string, portrait: Asset | null): void {
  const { client } = useServices();
  const assetId = portrait && portrait.kind !== 'video' ? portrait.id : null;
  useEffect(() => syncRigOverlay(), []);
  useEffect(() => {
    if (assetId) void loadPortraitScenes(client, projectId, assetId);
  }, [client, projectId, assetId]);
}
