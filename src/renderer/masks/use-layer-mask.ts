import { useEffect, useState } from 'react';
import type { MaskInfo } from '../../shared/api';
import { useServices } from '../app-services';
import { maskKey } from './mask-writes';

/** A layer's stored mask (null: none; undefined: not known yet), following mask.changed events. */
export function useLayerMask(sceneId: string, layerId: string): MaskInfo | null | undefined {
  const { client } = useServices();
  const key = maskKey(sceneId, layerId);
  const [known, setKnown] = useState<{ key: string; mask: MaskInfo | null } | null>(null);
  useEffect(() => {
    let live = true;
    const show = (mask: MaskInfo | null) => live && setKnown({ key, mask });
    client
      .call('masks.get', { sceneId, layer: layerId })
      .then((result) => show(result.mask))
      .catch(() => show(null));
    const stop = client.on('mask.changed', (event) => {
      if (event.sceneId === sceneId && event.layer === layerId) show(event.mask);
    });
    return () => {
      live = false;
      stop();
    };
  }, [client, key, sceneId, layerId]);
  return known?.key === key ? known.mask : undefined;
}
