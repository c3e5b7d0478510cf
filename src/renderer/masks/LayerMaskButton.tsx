import { useLayerMask } from './use-layer-mask';
import { useMaskPaintingStore } from './mask-painting-store';
import './masks.css';

/**
 * A layer row's mask control: starts (or ends) painting this layer's mask on the photo viewer.
 * Shows a dot when the layer has a mask (the layer then applies only where it is painted).
 */
export function LayerMaskButton({
  sceneId,
  layerId,
  layerName,
}: {
  sceneId: string;
  layerId: string;
  layerName?: string;
}) {
  const painting = useMaskPaintingStore(
    (state) => state.target?.sceneId === sceneId && state.target.layerId === layerId,
  );
  const toggle = useMaskPaintingStore((state) => state.toggle);
  const mask = useLayerMask(sceneId, layerId);
  const name = layerName ?? layerId;
  return (
    <button
      type="button"
      className={`button button--small button--ghost layer-mask-button${mask ? ' layer-mask-button--masked' : ''}`}
      aria-pressed={painting}
      data-testid={`layer-mask-${layerId}`}
      title={
        painting
          ? `Stop painting the ${name} mask`
          : mask
            ? `Paint the ${name} mask (the layer applies only where it is painted)`
            : `Paint a mask for ${name} (without one, the layer applies everywhere)`
      }
      onClick={() => toggle({ sceneId, layerId, layerName: name })}
    >
      Mask
      {mask && <span className="layer-mask-button__dot" aria-label="has a mask" />}
    </button>
  );
}
