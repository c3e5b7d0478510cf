import type { StepOutOfReach } from '../../shared/history';
import { useProjectsStore } from '../state/projects-store';
import { useHistorySnapshot, useUndoRedo } from './use-history';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

/**
 * Toolbar undo/redo; on the Projects page a next step inside a project disables them, and the
 * tooltip says which project to open (History.setReach). Their names say what they will do, e.g.
 * "Undo rename project". Undo shows its name in a slot of a fixed width (layout.css) and Redo only
 * its word, so the top bar never shifts as the names change; tooltips and accessible names have them
 * whole.
 */
export function UndoRedoButtons() {
  const snapshot = useHistorySnapshot();
  const { undo, redo } = useUndoRedo();
  const projects = useProjectsStore((state) => state.projects);
  /** "Open Portrait to undo apply Anger": where the next step can be undone. */
  const elsewhere = (verb: 'undo' | 'redo', step: StepOutOfReach): string => {
    const project = projects?.find((candidate) => step.scopes.includes(candidate.id));
    return `Open ${project ? project.name : 'its project'} to ${verb} ${step.label}`;
  };
  const undoName = snapshot.undoOutOfReach ? 'Undo' : snapshot.undoLabel ? `Undo ${snapshot.undoLabel}` : 'Undo';
  const redoName = snapshot.redoLabel && !snapshot.redoOutOfReach ? `Redo ${snapshot.redoLabel}` : 'Redo';
  const undoTitle = snapshot.undoOutOfReach ? elsewhere('undo', snapshot.undoOutOfReach) : `${undoName} (${mod}Z)`;
  const redoTitle = snapshot.redoOutOfReach
    ? elsewhere('redo', snapshot.redoOutOfReach)
    : `${redoName} (${isMac ? '⇧⌘Z' : 'Ctrl+Y'})`;
  return (
    <div className="undo-redo" role="group" aria-label="History">
      <button
        type="button"
        className="button button--ghost"
        onClick={undo}
        disabled={!snapshot.canUndo}
        title={undoTitle}
      >
        <span aria-hidden="true" className="undo-redo__icon">
          ↶
        </span>
        <span className="undo-redo__label">{undoName}</span>
      </button>
      <button
        type="button"
        className="button button--ghost"
        onClick={redo}
        disabled={!snapshot.canRedo}
        aria-label={redoName}
        title={redoTitle}
      >
        <span aria-hidden="true" className="undo-redo__icon">
          ↷
        </span>
        {/* Redo is the rarer step: its name is in the tooltip, leaving the bar's room to Undo's. */}
        <span aria-hidden="true">Redo</span>
      </button>
    </div>
  );
}
