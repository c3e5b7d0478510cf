import type { MienClient } from '../../shared/api';
import type { History } from '../../shared/history';
import { TimelineEdits } from '../timeline/timeline-edits';
import { playheadSeconds, useTimelineStore } from '../timeline/timeline-store';
import { sourceFrameKeys } from './layer-keying';
import { sceneSourceFrame, useLayersStore } from './layers-store';
import { changeLayersScene } from './scene-edit';

/**
 * The expression video's frame picked where a frame slider was let go: the layers panel's, or the
 * tracks panel's while it shows that same video. One undo step: a key at the playhead when the
 * source frame is keyed on the timeline (auto-key), else the scene's static frame. The drag's draft
 * stays on screen until the saved scene replaces it (writeScenePatch clears it), so neither slider
 * flicks back to the old frame meanwhile.
 */
export function pickSourceFrame(
  services: { client: MienClient; history: History },
  target: { projectId: string; assetId: string },
  frameIndex: number,
): void {
  const state = useLayersStore.getState();
  const source = state.assetId === target.assetId ? state.scene?.expressionSource : null;
  if (!state.scene || !source || frameIndex === sceneSourceFrame(state)) {
    useLayersStore.setState({ draftFrame: null });
    return;
  }
  const timeline = useTimelineStore.getState();
  const keyed =
    timeline.scene?.id === state.scene.id
      ? sourceFrameKeys(timeline.tracks, frameIndex, playheadSeconds(timeline))
      : null;
  if (keyed) {
    // The key shows at once (the overlay follows the tracks), so the draft can go.
    new TimelineEdits(services.client, services.history).edit('key the expression frame', keyed);
    useLayersStore.setState({ draftFrame: null });
  } else {
    void changeLayersScene(services, target, 'pick the expression frame', {
      expressionSource: { ...source, frameIndex },
    });
  }
}
