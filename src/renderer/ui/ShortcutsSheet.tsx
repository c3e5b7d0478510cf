import { useEffect, useRef } from 'react';
import { SHORTCUT_GROUPS, isMacPlatform, platformKeys } from './shortcuts';
import './shortcuts.css';

/** The shortcuts list (src/renderer/ui/shortcuts.ts) on a native <dialog>: Escape and the backdrop close it. */
export function ShortcutsSheet({ onClose }: { onClose(): void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const mac = isMacPlatform();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className="dialog shortcuts-sheet"
      aria-labelledby="shortcuts-sheet-title"
      data-testid="shortcuts-sheet"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      // The browser may close the dialog itself (a repeated Escape without user activation).
      onClose={onClose}
      onClick={(event) => {
        if (event.target === dialogRef.current) onClose();
      }}
    >
      <div className="dialog__body">
        <div className="shortcuts-sheet__header">
          <h2 id="shortcuts-sheet-title" className="dialog__title">
            Keyboard shortcuts
          </h2>
          <button type="button" className="icon-button" aria-label="Close keyboard shortcuts" onClick={onClose}>
            ×
          </button>
        </div>
        <div className="shortcuts-sheet__groups">
          {SHORTCUT_GROUPS.map((group) => (
            <section key={group.area} className="shortcuts-sheet__group" aria-labelledby={headingId(group.area)}>
              <h3 id={headingId(group.area)} className="shortcuts-sheet__area">
                {group.area}
              </h3>
              <dl className="shortcuts-sheet__list">
                {group.shortcuts.map((shortcut) => (
                  <div key={shortcut.action} className="shortcuts-sheet__row">
                    <dt className="shortcuts-sheet__action">
                      {shortcut.action}
                      {shortcut.note && <span className="shortcuts-sheet__note">{shortcut.note}</span>}
                    </dt>
                    <dd className="shortcuts-sheet__keys">
                      {shortcut.keys.map((chord, index) => (
                        <span key={chord.join('+')} className="shortcuts-sheet__chord">
                          {index > 0 && <span className="shortcuts-sheet__or">or</span>}
                          {platformKeys(chord, mac).map((key, keyIndex) => (
                            <kbd key={keyIndex} className="shortcuts-sheet__key">
                              {key}
                            </kbd>
                          ))}
                        </span>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </dialog>
  );
}

function headingId(area: string): string {
  return `shortcuts-area-${area.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}
