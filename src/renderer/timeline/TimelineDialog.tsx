import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal form on the native <dialog> (focus trapped, Escape and the backdrop close it), for the
 * timeline's export, bring-to-life and import-motion settings.
 */
export function TimelineDialog({
  title,
  children,
  actions,
  onClose,
  wide,
}: {
  title: string;
  children: ReactNode;
  actions: ReactNode;
  onClose(): void;
  wide?: boolean;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={dialogRef}
      className={`dialog tl-dialog${wide ? ' tl-dialog--wide' : ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === dialogRef.current) onClose();
      }}
    >
      <div className="dialog__body">
        <div className="tl-dialog__header">
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        <div className="tl-dialog__content">{children}</div>
        <div className="dialog__actions">{actions}</div>
      </div>
    </dialog>
  );
}
