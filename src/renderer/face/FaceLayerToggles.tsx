import { useFaceOverlayStore, type FaceLayers } from './face-overlay-store';
import { useShortcut } from '../ui/shortcut-registry';

const BUTTONS: Array<{ layer: keyof FaceLayers; label: string; key: string; title: string; action: string }> = [
  { layer: 'mesh', label: 'Mesh', key: 'M', title: 'Mesh and iris points', action: 'Show or hide the mesh' },
  {
    layer: 'boxes',
    label: 'Faces',
    key: 'B',
    title: 'Boxes of the detected faces',
    action: 'Show or hide the face boxes',
  },
  {
    layer: 'expressions',
    label: 'Expression',
    key: 'E',
    title: 'Expression probabilities',
    action: 'Show or hide the expression',
  },
];

/** One layer's key (M / B / E), registered with the shortcut registry while the toggles show. */
function useLayerShortcut({ layer, key, action }: (typeof BUTTONS)[number]): void {
  useShortcut({
    id: `face.${layer}`,
    scope: 'Face overlays',
    action,
    keys: [[key]],
    run: () => useFaceOverlayStore.getState().toggle(layer),
  });
}

/** Toolbar toggles of the face layers, with M / B / E as shortcuts. */
export function FaceLayerToggles({ disabled }: { disabled: boolean }) {
  const layers = useFaceOverlayStore();
  useLayerShortcut(BUTTONS[0]!);
  useLayerShortcut(BUTTONS[1]!);
  useLayerShortcut(BUTTONS[2]!);

  return (
    <div className="face-toggles" role="group" aria-label="Face layers">
      {BUTTONS.map(({ layer, label, key, title }) => (
        <button
          key={layer}
          type="button"
          className="button button--small button--ghost"
          aria-pressed={layers[layer]}
          disabled={disabled}
          title={`${title} (${key})`}
          onClick={() => layers.toggle(layer)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
