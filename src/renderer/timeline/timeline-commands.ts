import type { MienClient } from '../../shared/api';
import type { Scene, ScenePatch } from '../../shared/api/scenes';
import { composite, setValueCommand, type Command } from '../../shared/history';
import { retimeTracks, type SceneFps, type Track } from '../../shared/timeline';
import { waitingForSave } from '../rig/save-aware-command';
import { addScene, removeScene, restoreScene, type SceneSnapshot } from './scene-loading';
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

/**
 * Changing a scene's frame rate as one undo step with its keys conformed to the new rate
 * (retimeTracks: each key on the nearest frame, none past the last frame); undo puts back both the
 * rate and the keys where they were. The rate is patched first so the keys are written to a scene
 * that has it; undo takes the keys back first.
 */
export function frameRateCommand(
  target: TimelineTarget,
  scene: Pick<Scene, 'fps' | 'durationSeconds'>,
  tracks: readonly Track[],
  fps: SceneFps,
): Command {
  const label = `change frame rate to ${fps} fps`;
  const patch = scenePatchCommand(target, label, { fps: scene.fps }, { fps });
  const retimed = retimeTracks(tracks, { durationSeconds: scene.durationSeconds, fps });
  if (retimed.movedKeys === 0 && retimed.mergedKeys === 0) return patch;
  return composite(label, [patch, tracksCommand(target, { label, from: tracks, to: retimed.tracks })]);
}

/**
 * Deleting a scene as one undo step: undo restores it exactly (scenes.restore: its id, so the steps
 * before the deletion apply to it again) and opens it; redo deletes it again. The question before
 * deleting is the caller's.
 */
export function deleteSceneCommand(client: MienClient, scene: Scene): Command {
  let snapshot: SceneSnapshot | null = null;
  return {
    label: 'delete scene',
    scopes: [scene.projectId, scene.assetId, scene.id],
    apply: async () => {
      snapshot = await removeScene(client, snapshot?.scene ?? scene);
    },
    revert: async () => {
      if (snapshot) await restoreScene(client, snapshot);
    },
  };
}

/**
 * Adding a scene as one undo step (the engine names it "Scene N"): undo deletes it, redo brings the
 * same scene back. Creation being undoable keeps undo in order: a scene added after a deletion
 * (which may take the deleted scene's name) is undone before the deletion is.
 */
export function addSceneCommand(client: MienClient, projectId: string, assetId: string): Command {
  let added: Scene | null = null;
  let snapshot: SceneSnapshot | null = null;
  return {
    label: 'add scene',
    scopes: [projectId, assetId],
    apply: async () => {
      added = snapshot ? await restoreScene(client, snapshot) : await addScene(client, projectId, assetId);
    },
    revert: async () => {
      if (added) snapshot = await removeScene(client, added);
    },
  };
}

export function showUpdatedScene(scene: Scene): void {
  const state = useTimelineStore.getState();
  const scenes = state.scenes?.map((candidate) => (candidate.id === scene.id ? scene : candidate)) ?? null;
  if (state.scene?.id !== scene.id) {
    useTimelineStore.setState({ scenes });
    return;
  }
  // Another rate keeps the playhead's time (to the nearest frame); a shorter scene takes it back inside.
  const frame = state.scene.fps === scene.fps ? state.frame : Math.round((state.frame * scene.fps) / state.scene.fps);
  useTimelineStore.setState({ scenes, scene, frame: Math.min(frame, lastFrame(scene)) });
}
