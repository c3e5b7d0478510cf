import type { MienClient } from '../../shared/api';
import type { Scene, ScenePatch } from '../../shared/api/scenes';
import { setValueCommand, type Command } from '../../shared/history';
import type { Track } from '../../shared/timeline';
import { waitingForSave } from '../rig/save-aware-command';
import { settleTimelineSave, writeTracks } from './timeline-saving';
import { lastFrame, useTimelineStore } from './timeline-store';

export interface TimelineTarget {
  client: MienClient;
  projectId: string;
  /** The scene's portrait: removing the photo drops the scene's undo steps with its rig edits. */
  assetId: string;
  sceneId: string;
}

/**
 * "Set the scene's tracks from A to B": every timeline edit (a key, a drag, a paste, an easing)
 * is one of these over the whole track list, so undo restores it exactly. Commands with the same
 * merge key fold (a drag is one step from its first `from` to its last `to`).
 */
export function tracksCommand(
  target: TimelineTarget,
  edit: { label: string; from: readonly Track[]; to: readonly Track[]; mergeKey?: string },
): Command {
  return waitingForSave(
    setValueCommand<readonly Track[]>({
      label: edit.label,
      from: edit.from,
      to: edit.to,
      mergeKey: edit.mergeKey === undefined ? undefined : `timeline:${target.sceneId}:${edit.mergeKey}`,
      scopes: [target.projectId, target.assetId, target.sceneId],
      write: (tracks) => writeTracks(target.client, target.sceneId, tracks),
    }),
    () => settleTimelineSave(target.sceneId),
  );
}

/** Changing a scene's duration, frame rate or name; undo patches it back. */
export function scenePatchCommand(target: TimelineTarget, label: string, from: ScenePatch, to: ScenePatch): Command {
  return setValueCommand<ScenePatch>({
    label,
    from,
    to,
    scopes: [target.projectId, target.assetId, target.sceneId],
    write: async (patch) => {
      const scene = await target.client.call('scenes.update', { id: target.sceneId, patch });
      showUpdatedScene(scene);
    },
  });
}

export function showUpdatedScene(scene: Scene): void {
  const state = useTimelineStore.getState();
  const scenes = state.scenes?.map((candidate) => (candidate.id === scene.id ? scene : candidate)) ?? null;
  if (state.scene?.id !== scene.id) {
    useTimelineStore.setState({ scenes });
    return;
  }
  // A shorter scene takes the playhead back inside it.
  useTimelineStore.setState({ scenes, scene, frame: Math.min(state.frame, lastFrame(scene)) });
}
