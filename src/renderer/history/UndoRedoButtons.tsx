import { useHistorySnapshot, useUndoRedo } from './use-history';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

/**
 * Toolbar undo/redo; their names say what they will do, e.g. "Undo rename project". Undo shows its
 * name in a slot of a fixed width (layout.css) and Redo only its word, so the top bar never shifts as
 * the names change; tooltips and accessible names have them whole.
 */
export function UndoRedoButtons() {
  const snapshot = useHistorySnapshot();
  const { undo, redo } = useUndoRedo();
  const undoName = snapshot.undoLabel ? `Undo ${snapshot.undoLabel}` : 'Undo';
  const redoName = snapshot.redoLabel ? `Redo ${snapshot.redoLabel}` : 'Redo';
  return (
    <div className="undo-redo" role="group" aria-label="History">
      <button
        type="button"
        className="button button--ghost"
        onClick={undo}
        disabled={!snapshot.canUndo}
        title={`${undoName} (${mod}Z)`}
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
        title={`${redoName} (${isMac ? '⇧⌘Z' : 'Ctrl+Y'})`}
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
