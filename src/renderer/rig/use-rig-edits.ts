import { useCallback, useMemo } from 'react';
import { composite, type Command, type Gesture } from '../../shared/history';
import type { MienClient } from '../../shared/api';
import { useServices } from '../app-services';
import { usePreviewStore } from '../preview/preview-store';
import { reportError } from '../state/notices-store';
import { splitRigEdit } from '../timeline/auto-key';
import { rememberReplacedStatics, replacedStaticsOf } from '../timeline/key-pose';
import { tracksCommand } from '../timeline/timeline-commands';
import { openAnimation } from '../timeline/timeline-edits';
import { useTimelineStore } from '../timeline/timeline-store';
import { rigValuesCommand } from './rig-commands';
import { useRigPanelStore } from './rig-panel-store';
import { sameValues, type ClampNotes, type RigValues } from './rig-values';

export interface RigEdits {
  /** One undo step from the current values to `to` (merging with the previous step of the same key). */
  edit(label: string, to: RigValues, options?: { notes?: ClampNotes; mergeKey?: string }): void;
  /** Opens a drag: every update shows at once; the drag becomes one undo step on commit. */
  beginGesture(label: string): Gesture | null;
  /** Applies one step of a drag. */
  updateGesture(gesture: Gesture, to: RigValues, notes: ClampNotes): void;
}

/**
 * The command for a change of what the panel shows (`shown` -> `to`): the static rig state for
 * controls without a track, keys at the playhead for controls with one (auto-key), or both as one
 * step. Null when nothing changes. Applies the change locally at once.
 */
function rigEditCommand(
  client: MienClient,
  target: { projectId: string; assetId: string },
  edit: { label: string; to: RigValues; notes?: ClampNotes; mergeKey?: string },
): { command: Command | null; undoLocal(): void } {
  const state = useRigPanelStore.getState();
  const from = state.values;
  const animation = openAnimation(client, target.assetId);
  const replaced = animation ? replacedStaticsOf(animation.target.sceneId) : {};
  const split = animation
    ? splitRigEdit(from, state.shown, edit.to, animation.tracks, animation.time, { linked: state.linked, replaced })
    : { staticTo: edit.to, tracksTo: null };
  if (animation) {
    // The scene's keys at other times showed the static values this edit replaces: K holds them there.
    const values = rememberReplacedStatics(replaced, from, split.staticTo, animation.tracks, animation.time);
    if (values !== replaced)
      useTimelineStore.setState({ replacedStatics: { sceneId: animation.target.sceneId, values } });
  }
  const commands: Command[] = [];
  if (!sameValues(from, split.staticTo)) {
    commands.push(
      rigValuesCommand({ client, ...target }, { label: edit.label, from, to: split.staticTo, mergeKey: edit.mergeKey }),
    );
  }
  if (animation && split.tracksTo) {
    commands.push(
      tracksCommand(animation.target, {
        label: edit.label,
        from: animation.tracks,
        to: split.tracksTo,
        mergeKey: edit.mergeKey === undefined ? undefined : `rig:${edit.mergeKey}`,
      }),
    );
  }
  // Shown at once; the command's apply writes the same values again (and schedules the save).
  useRigPanelStore.getState().setLocal(split.staticTo, edit.notes);
  if (split.tracksTo) useTimelineStore.setState({ tracks: split.tracksTo });
  const undoLocal = () => {
    useRigPanelStore.getState().setLocal(from);
    if (animation && split.tracksTo) useTimelineStore.setState({ tracks: [...animation.tracks] });
  };
  if (commands.length === 0) return { command: null, undoLocal };
  return { command: commands.length === 1 ? commands[0]! : composite(edit.label, commands), undoLocal };
}

/** Rig edits that go through the one undo history, for the open asset. */
export function useRigEdits(): RigEdits {
  const { client, history } = useServices();
  const projectId = useRigPanelStore((state) => state.projectId);
  const assetId = useRigPanelStore((state) => state.assetId);

  const edit = useCallback<RigEdits['edit']>(
    (label, to, options = {}) => {
      if (!projectId || !assetId) return;
      // An edit made while the original photo is shown would change nothing on screen: show the edit.
      usePreviewStore.getState().showEdited();
      if (sameValues(useRigPanelStore.getState().shown, to)) {
        if (options.notes) useRigPanelStore.getState().setLocal(useRigPanelStore.getState().values, options.notes);
        return;
      }
      const { command, undoLocal } = rigEditCommand(
        client,
        { projectId, assetId },
        { label, to, notes: options.notes, mergeKey: options.mergeKey },
      );
      if (!command) return;
      try {
        history.execute(command).catch((error: unknown) => reportError(`Could not ${label}`, error));
      } catch (error) {
        // A drag elsewhere is still open: put the values back rather than lose track of them.
        undoLocal();
        reportError(`Could not ${label}`, error);
      }
    },
    [client, history, projectId, assetId],
  );

  const beginGesture = useCallback<RigEdits['beginGesture']>(
    (label) => {
      if (history.snapshot().gestureOpen) return null;
      return history.beginGesture(label);
    },
    [history],
  );

  const updateGesture = useCallback<RigEdits['updateGesture']>(
    (gesture, to, notes) => {
      if (!projectId || !assetId) return;
      usePreviewStore.getState().showEdited();
      const { command } = rigEditCommand(
        client,
        { projectId, assetId },
        { label: gesture.label, to, notes, mergeKey: 'drag' },
      );
      if (command) gesture.update(command).catch((error: unknown) => reportError(`Could not ${gesture.label}`, error));
    },
    [client, projectId, assetId],
  );

  return useMemo(() => ({ edit, beginGesture, updateGesture }), [edit, beginGesture, updateGesture]);
}
