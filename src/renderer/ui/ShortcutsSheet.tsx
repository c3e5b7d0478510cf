import { useEffect, useRef } from 'react';
import { groupShortcuts, useRegisteredShortcuts } from './shortcut-registry';
import { isMacPlatform, platformKeys } from './shortcuts';
import './shortcuts.css';

/**
 * Every shortcut the mounted handlers registered (src/renderer/ui/shortcut-registry.ts), grouped by
 * scope, on a native <dialog>: Escape and the backdrop close it.
 */
export function ShortcutsSheet({ onClose }: { onClose(): void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const mac = isMacPlatform();
  const groups = groupShortcuts(useRegisteredShortcuts());

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
          {groups.map((group) => (
            <section key={group.scope} className="shortcuts-sheet__group" aria-labelledby={headingId(group.scope)}>
              <h3 id={headingId(group.scope)} className="shortcuts-sheet__area">
                {group.scope}
              </h3>
              <dl className="shortcuts-sheet__list">
                {group.shortcuts.map((shortcut) => (
                  <div key={shortcut.id} className="shortcuts-sheet__row">
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

function headingId(scope: string): string {
  return `shortcuts-area-${scope.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}
