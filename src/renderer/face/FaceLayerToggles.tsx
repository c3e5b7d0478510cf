import { useEffect } from 'react';
import { FACE_LAYER_KEYS, useFaceOverlayStore, type FaceLayers } from './face-overlay-store';
import { isTextEntry } from '../ui/is-text-entry';

const BUTTONS: Array<{ layer: keyof FaceLayers; label: string; key: string; title: string }> = [
  { layer: 'mesh', label: 'Mesh', key: 'M', title: 'Mesh and iris points' },
  { layer: 'boxes', label: 'Faces', key: 'B', title: 'Boxes of the detected faces' },
  { layer: 'expressions', label: 'Expression', key: 'E', title: 'Expression probabilities' },
];

/** Toolbar toggles of the face layers, with M / B / E as shortcuts (same rules as the viewer's keys). */
export function FaceLayerToggles({ disabled }: { disabled: boolean }) {
  const layers = useFaceOverlayStore();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const layer = FACE_LAYER_KEYS[event.key.toLowerCase()];
      if (!layer) return;
      event.preventDefault();
      useFaceOverlayStore.getState().toggle(layer);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

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
