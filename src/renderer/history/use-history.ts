import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { Command, HistorySnapshot } from '../../shared/history';
import { useServices } from '../app-services';
import { isTextEntry } from '../ui/is-text-entry';
import { reportError } from '../state/notices-store';
import { useUiStore } from '../state/ui-store';
import { useShortcutHelp, type ShortcutHelp } from '../ui/shortcut-registry';

export function useHistorySnapshot(): HistorySnapshot {
  const { history } = useServices();
  return useSyncExternalStore(
    useCallback((listener) => history.subscribe(listener), [history]),
    () => history.snapshot(),
  );
}

/** Undo and redo actions that report a failure (e.g. the project was deleted meanwhile) as a notice. */
export function useUndoRedo(): { undo(): void; redo(): void } {
  const { history } = useServices();
  return {
    undo: useCallback(() => {
      const label = history.snapshot().undoLabel;
      history.undo().catch((error: unknown) => reportError(`Could not undo ${label ?? 'the last edit'}`, error));
    }, [history]),
    redo: useCallback(() => {
      const label = history.snapshot().redoLabel;
      history.redo().catch((error: unknown) => reportError(`Could not redo ${label ?? 'the edit'}`, error));
    }, [history]),
  };
}

const UNDO_SHORTCUTS: readonly ShortcutHelp[] = [
  { id: 'history.undo', scope: 'History', action: 'Undo', keys: [['Mod', 'Z']] },
  {
    id: 'history.redo',
    scope: 'History',
    action: 'Redo',
    keys: [
      ['Mod', 'Shift', 'Z'],
      ['Mod', 'Y'],
    ],
  },
];

/** Ctrl/Cmd+Z undoes; Ctrl/Cmd+Shift+Z and Ctrl+Y redo. */
export function useUndoShortcuts(): void {
  const { undo, redo } = useUndoRedo();
  // Its own listener (a rig slider with focus still undoes); listed in the sheet from here.
  useShortcutHelp(UNDO_SHORTCUTS);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || isTextEntry(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        undo();
      } else if ((key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey)) {
        event.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [undo, redo]);
}

const libraryStepsOnly = (command: Command): boolean => command.library === true;

/**
 * On the Projects page undo and redo reach only library steps (rename a project): an edit inside
 * a project is undone where its result shows, inside that project (History.setReach).
 */
export function useHistoryReach(): void {
  const { history } = useServices();
  const onLibrary = useUiStore((state) => state.route.screen === 'library');
  useEffect(() => {
    history.setReach(onLibrary ? libraryStepsOnly : null);
  }, [history, onLibrary]);
}
