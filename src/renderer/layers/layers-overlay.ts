import { playheadSeconds, useTimelineStore } from '../timeline/timeline-store';
import { layersOverlayAt } from './layer-keying';
import { useLayersStore } from './layers-store';

/**
 * Keeps the layers panel's overlay (the timeline's keyed alphas and source frame at the playhead)
 * in step with the open scene, as overlay-sync.ts does for the rig: the sliders and the preview then
 * show the animated values. Only a real change is written, so a playhead move over unkeyed layers
 * costs no preview update. Returns the function that stops it.
 */
export function syncLayersOverlay(): () => void {
  const update = () => {
    const { scene, tracks } = useTimelineStore.getState();
    const next = scene ? layersOverlayAt(scene.id, tracks, playheadSeconds(useTimelineStore.getState())) : null;
    const current = useLayersStore.getState().overlay;
    if (JSON.stringify(current) !== JSON.stringify(next)) useLayersStore.setState({ overlay: next });
  };
  update();
  const off = useTimelineStore.subscribe((state, previous) => {
    if (state.tracks !== previous.tracks || state.frame !== previous.frame || state.scene !== previous.scene) update();
  });
  return () => {
    off();
    useLayersStore.setState({ overlay: null });
  };
}
