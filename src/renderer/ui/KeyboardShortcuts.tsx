import { Fragment, useState } from 'react';
import { useShortcut, useShortcutHelp } from './shortcut-registry';
import { ShortcutsSheet } from './ShortcutsSheet';

/**
 * The top bar's "Keyboard shortcuts" button, and `?` anywhere (outside text fields and other
 * dialogs) to open the same sheet; pressing `?` again or Escape closes it.
 */
export function KeyboardShortcuts() {
  const [open, setOpen] = useState(false);

  useShortcut({
    id: 'general.shortcuts',
    scope: 'General',
    action: 'Show keyboard shortcuts',
    keys: [['?']],
    whileDialogOpen: true,
    // Another dialog (settings, a confirmation) keeps the keyboard to itself.
    when: () => !document.querySelector('dialog[open]:not(.shortcuts-sheet)'),
    run: () => setOpen((current) => !current),
  });
  // Escape is each native <dialog>'s own cancel key.
  useShortcutHelp([{ id: 'general.close-dialog', scope: 'General', action: 'Close a dialog', keys: [['Esc']] }]);

  return (
    <Fragment>
      <button
        type="button"
        className="icon-button"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <svg viewBox="0 0 24 24" width="17" height="17" aria-hidden="true">
          <path
            fill="currentColor"
            d="M3 6.5A1.5 1.5 0 0 1 4.5 5h15A1.5 1.5 0 0 1 21 6.5v11a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5zm2 .5v10h14V7zm1 1.5h2v2H6zm3 0h2v2H9zm3 0h2v2h-2zm3 0h3v2h-3zM6 12h3v2H6zm4 0h2v2h-2zm3 0h2v2h-2zm3 0h2v2h-2zm-8 3h8v1.5H8z"
          />
        </svg>
      </button>
      {open && <ShortcutsSheet onClose={() => setOpen(false)} />}
    </Fragment>
  );
}
