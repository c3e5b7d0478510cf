import { useState } from 'react';
import type { Asset, Scene } from '../../shared/api';
import { useServices } from '../app-services';
import { useTimelineStore } from '../timeline/timeline-store';
import { reportError } from '../state/notices-store';
import { LayerMaskButton } from './LayerMaskButton';
import { useMaskPaintingStore } from './mask-painting-store';

/**
 * The expression-transfer layers a mask can be painted for. The layers panel (src/renderer/layers)
 * hosts a LayerMaskButton in each of its rows; this list serves the viewer's own Masks menu until
 * that panel is in the editor.
 */
const MASKABLE_LAYERS = [
  { id: 'head', name: 'Head pose' },
  { id: 'brows', name: 'Brows' },
  { id: 'eyes', name: 'Eyes and gaze' },
  { id: 'nose', name: 'Nose and cheeks' },
  { id: 'mouth', name: 'Mouth and jaw' },
] as const;

/** The photo's scene (masks belong to a scene): the first scene of this portrait, made when there is none. */
async function sceneOf(client: ReturnType<typeof useServices>['client'], asset: Asset): Promise<Scene> {
  // The scene the timeline shows, so masks, layers and the timeline edit one scene.
  const open = useTimelineStore.getState().scene;
  if (open?.assetId === asset.id) return open;
  const scenes = await client.call('scenes.list', { projectId: asset.projectId });
  return (
    scenes.find((scene) => scene.assetId === asset.id) ??
    (await client.call('scenes.create', { projectId: asset.projectId, assetId: asset.id }))
  );
}

/** Viewer toolbar entry to mask painting: a Masks menu with one row per layer. */
export function MaskEntry({ asset, disabled }: { asset: Asset; disabled: boolean }) {
  const { client } = useServices();
  const [scene, setScene] = useState<Scene | null>(null);
  const [open, setOpen] = useState(false);
  const painting = useMaskPaintingStore((state) => state.target !== null);

  const toggle = async () => {
    if (open) {
      setOpen(false);
      return;
    }
    try {
      setScene(await sceneOf(client, asset));
      setOpen(true);
    } catch (error) {
      reportError('Could not open the masks', error);
    }
  };

  return (
    <div className="mask-entry">
      <button
        type="button"
        className="button button--small button--ghost"
        aria-pressed={open || painting}
        aria-expanded={open}
        disabled={disabled}
        title="Paint layer masks on the face"
        onClick={() => void toggle()}
      >
        Masks
      </button>
      {open && scene && (
        <div className="mask-entry__menu" role="group" aria-label="Layer masks">
          {MASKABLE_LAYERS.map((layer) => (
            <div key={layer.id} className="mask-entry__row">
              <span>{layer.name}</span>
              <LayerMaskButton sceneId={scene.id} layerId={layer.id} layerName={layer.name} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
