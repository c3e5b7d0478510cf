import { useCallback, useMemo } from 'react';
import type { Gesture } from '../../shared/history';
import { useServices } from '../app-services';
import { reportError } from '../state/notices-store';
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

/** Rig edits that go through the one undo history, for the open asset. */
export function useRigEdits(): RigEdits {
  const { client, history } = useServices();
  const projectId = useRigPanelStore((state) => state.projectId);
  const assetId = useRigPanelStore((state) => state.assetId);

  const edit = useCallback<RigEdits['edit']>(
    (label, to, options = {}) => {
      if (!projectId || !assetId) return;
      const from = useRigPanelStore.getState().values;
      if (sameValues(from, to)) {
        if (options.notes) useRigPanelStore.getState().setLocal(from, options.notes);
        return;
      }
      // Shown at once; the command's apply writes the same values again (and schedules the save).
      useRigPanelStore.getState().setLocal(to, options.notes);
      const command = rigValuesCommand({ client, projectId, assetId }, { label, from, to, mergeKey: options.mergeKey });
      try {
        history.execute(command).catch((error: unknown) => reportError(`Could not ${label}`, error));
      } catch (error) {
        // A drag elsewhere is still open: put the values back rather than lose track of them.
        useRigPanelStore.getState().setLocal(from);
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
      const from = useRigPanelStore.getState().values;
      useRigPanelStore.getState().setLocal(to, notes);
      const command = rigValuesCommand(
        { client, projectId, assetId },
        { label: gesture.label, from, to, mergeKey: 'drag' },
      );
      gesture.update(command).catch((error: unknown) => reportError(`Could not ${gesture.label}`, error));
    },
    [client, projectId, assetId],
  );

  return useMemo(() => ({ edit, beginGesture, updateGesture }), [edit, beginGesture, updateGesture]);
}
