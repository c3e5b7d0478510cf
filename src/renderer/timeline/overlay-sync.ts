import { useRigPanelStore } from '../rig/rig-panel-store';
import { animatedValuesAt } from './parameters';
import { playheadSeconds, useTimelineStore } from './timeline-store';

/**
 * Keeps the rig panel's overlay (the animated values at the playhead) in step with the open
 * scene: tracks, playhead or scene changed, or another portrait opened in the rig. Returns the
 * function that stops it.
 */
export function syncRigOverlay(): () => void {
  const update = () => {
    const timeline = useTimelineStore.getState();
    const rigAsset = useRigPanelStore.getState().assetId;
    if (!timeline.scene || timeline.scene.assetId !== rigAsset) {
      useRigPanelStore.getState().setOverlay(null);
      return;
    }
    useRigPanelStore.getState().setOverlay(animatedValuesAt(timeline.tracks, playheadSeconds(timeline)));
  };
  update();
  const offTimeline = useTimelineStore.subscribe((state, previous) => {
    if (state.tracks !== previous.tracks || state.frame !== previous.frame || state.scene !== previous.scene) update();
  });
  const offRig = useRigPanelStore.subscribe((state, previous) => {
    if (state.assetId !== previous.assetId) update();
  });
  return () => {
    offTimeline();
    offRig();
    useRigPanelStore.getState().setOverlay(null);
  };
}
